/**
 * Onboarding packages: a new key in a ZIP with the agent, its install and uninstall scripts and a configuration
 * that enrols; the same package again for that key; refusals for keys whose secret is not kept, revoked keys and
 * bad certificates. Every download is audited.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createToken, testServer, TEST_ADMIN_TOKEN } from '../testing.js';
import { AGENT_DIR } from '../../agent/package.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
let s: Awaited<ReturnType<typeof testServer>>;
before(async () => { s = await testServer({ rules: { startScheduler: false } } as never); });
after(async () => { await s.close(); });

/** The entries of a stored ZIP, by walking its local headers. */
function unzip(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let at = 0; zip.readUInt32LE(at) === 0x04034b50;) {
    const size = zip.readUInt32LE(at + 18);
    const nameLength = zip.readUInt16LE(at + 26);
    const start = at + 30 + nameLength + zip.readUInt16LE(at + 28);
    out.set(zip.toString('utf8', at + 30, at + 30 + nameLength), zip.subarray(start, start + size));
    at = start + size;
  }
  return out;
}

test('POST makes a key and a package that enrols; GET gives the same package again', async () => {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/onboarding/package', headers: { ...admin, host: 'picket.example.com' }, payload: { name: 'servers', intervalMinutes: 10, collectorMode: true } });
  assert.equal(r.statusCode, 201, r.body);
  assert.equal(r.headers['content-type'], 'application/zip');
  assert.match(String(r.headers['content-disposition']), /^attachment; filename="picket-onboarding-[0-9a-f]{16}\.zip"$/);
  const files = unzip(r.rawPayload);
  assert.deepEqual([...files.keys()], ['PicketAgent.ps1', 'Install-PicketAgent.ps1', 'Uninstall-PicketAgent.ps1', 'picket-agent.json', 'README.txt']);
  assert.deepEqual(files.get('PicketAgent.ps1'), readFileSync(new URL('PicketAgent.ps1', AGENT_DIR)));
  const config = JSON.parse(files.get('picket-agent.json')!.toString('utf8'));
  assert.equal(config.ServerUrl, 'http://picket.example.com');
  assert.equal(config.IntervalMinutes, 10);
  assert.equal(config.CollectorMode, true);
  assert.match(config.EnrollmentKey, /^pek_/);
  const enrol = await s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { enrollmentKey: config.EnrollmentKey, deviceName: 'from-package' } });
  assert.equal(enrol.statusCode, 201);

  const keyId = String(r.headers['x-picket-enrollment-key-id']);
  const again = await s.app.inject({ method: 'GET', url: `/api/v1/onboarding/package?enrollmentKeyId=${keyId}&serverUrl=https://picket.corp.example.com`, headers: admin });
  assert.equal(again.statusCode, 200, again.body);
  const config2 = JSON.parse(unzip(again.rawPayload).get('picket-agent.json')!.toString('utf8'));
  assert.equal(config2.EnrollmentKey, config.EnrollmentKey);
  assert.equal(config2.ServerUrl, 'https://picket.corp.example.com');
  assert.equal(config2.IntervalMinutes, 10, 'the options of the first package are kept');
  const audit = (await s.app.inject({ method: 'GET', url: '/api/v1/audit?action=onboarding.', headers: admin })).json().entries as { details: { created: boolean } }[];
  assert.deepEqual(audit.map(e => e.details.created), [false, true]);
  assert.ok(!JSON.stringify(audit).includes(config.EnrollmentKey), 'the secret is not in the audit log');
});

test('a private CA is pinned by thumbprint and shipped with the package', async t => {
  const ca = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null', '-subj', '/CN=Picket Test CA', '-days', '2', '-outform', 'PEM']);
  if (ca.error || ca.status !== 0) { t.skip('openssl is not installed'); return; }
  const pem = ca.stdout.toString();
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/onboarding/package', headers: admin, payload: { caCertificate: pem } });
  assert.equal(r.statusCode, 201, r.body);
  const files = unzip(r.rawPayload);
  assert.equal(files.get('picket-ca.cer')?.toString(), pem);
  const config = JSON.parse(files.get('picket-agent.json')!.toString('utf8'));
  const fingerprint = spawnSync('openssl', ['x509', '-noout', '-fingerprint', '-sha1'], { input: pem }).stdout.toString().trim().split('=')[1].replace(/:/g, '');
  assert.equal(config.CaThumbprint, fingerprint);
  assert.equal(config.CaCertificateFile, 'picket-ca.cer');
});

test('refusals: a key made elsewhere, a revoked key, an unknown key, a bad certificate, a non-admin', async () => {
  const other = (await s.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: admin, payload: { name: 'by hand' } })).json();
  const elsewhere = await s.app.inject({ method: 'GET', url: `/api/v1/onboarding/package?enrollmentKeyId=${other.id}`, headers: admin });
  assert.equal(elsewhere.statusCode, 409);
  assert.equal(elsewhere.json().error.code, 'secret_not_kept');
  const made = await s.app.inject({ method: 'POST', url: '/api/v1/onboarding/package', headers: admin, payload: {} });
  const keyId = String(made.headers['x-picket-enrollment-key-id']);
  await s.app.inject({ method: 'DELETE', url: `/api/v1/enrollment-keys/${keyId}`, headers: admin });
  const revoked = await s.app.inject({ method: 'GET', url: `/api/v1/onboarding/package?enrollmentKeyId=${keyId}`, headers: admin });
  assert.equal(revoked.statusCode, 409);
  assert.equal(revoked.json().error.code, 'enrollment_key_revoked');
  const unknown = await s.app.inject({ method: 'GET', url: '/api/v1/onboarding/package?enrollmentKeyId=0123456789abcdef', headers: admin });
  assert.equal(unknown.statusCode, 404);
  const cert = await s.app.inject({ method: 'POST', url: '/api/v1/onboarding/package', headers: admin, payload: { caCertificate: '-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----' } });
  assert.equal(cert.statusCode, 400);
  assert.equal(cert.json().error.field, 'caCertificate');
  const url = await s.app.inject({ method: 'POST', url: '/api/v1/onboarding/package', headers: admin, payload: { serverUrl: 'ftp://x' } });
  assert.equal(url.statusCode, 400);
  assert.match(url.json().error.message, /serverUrl/);
  const analyst = { authorization: `Bearer ${await createToken(s, 'analyst')}` };
  assert.equal((await s.app.inject({ method: 'POST', url: '/api/v1/onboarding/package', headers: analyst, payload: {} })).statusCode, 403);
});
