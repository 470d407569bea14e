/**
 * The console end to end, in real headless Chromium against a real server on loopback over a simulated fleet:
 * sign in, read the dashboard, open a device, run the seed query, create a detection rule from it, see its
 * alerts, resolve the incident. Every screen is photographed into docs/screenshots/ as it is checked. The page
 * runs under the server's Content-Security-Policy; any page error or CSP violation fails the test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { ADMIN, startFleetServer, type FleetServer } from './fleet-server.js';
import { SEED_QUERY } from '../../src/demo/seed-query.js';

const SHOTS = 'docs/screenshots';
let server: FleetServer;
let browser: Browser;
let page: Page;
const problems: string[] = [];

async function shot(name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** The API as the signed-in page sees it (same cookies). */
async function api<T>(path: string): Promise<T> {
  const r = await page.request.get(server.url + path);
  assert.equal(r.status(), 200, `${path}: ${await r.text()}`);
  return await r.json() as T;
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startFleetServer({ devices: 40, days: 2, seed: 5 });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30_000);
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => {
    const text = m.text();
    // a 401 before sign-in is the session probe doing its job
    if (m.type() === 'error' && !/status of 401/.test(text)) problems.push(`console: ${text}`);
    if (/Content.Security.Policy/i.test(text)) problems.push(`CSP: ${text}`);
  });
  page.on('response', r => { if (r.status() >= 500) problems.push(`${r.status()} from ${r.request().method()} ${new URL(r.url()).pathname}`); });
});

/** Runs a test's steps; a failure says where the page was, what it showed and what went wrong on the way. */
async function explained(steps: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (err) {
    const shown = await page.locator('body').innerText({ timeout: 2_000 }).catch(() => '(no text)');
    const where = `page ${page.url()} showed:\n${shown.slice(0, 2_000)}\nproblems: ${JSON.stringify(problems)}`;
    if (err instanceof Error) err.message += `\n${where}`;
    throw err;
  }
}

after(async () => {
  await browser?.close();
  await server?.close();
});

test('an analyst signs in, reads the fleet, hunts, makes a rule from the hunt and resolves its incident', () => explained(async () => {
  assert.ok(server.passive.length >= 2, 'the simulated fleet has passive devices');

  // sign in
  await page.goto(server.url + '/');
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await shot('sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();

  // the dashboard: its numbers are the API's, and each is a link to the list behind it
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  const summary = await api<{ devices: number; modes: Record<string, number> }>('/api/v1/fleet/summary');
  const passiveLink = page.getByRole('link', { name: `${summary.modes.passive} devices in Passive mode` });
  await passiveLink.waitFor();
  await page.getByRole('link', { name: `${summary.devices} devices`, exact: true }).first().waitFor();
  await shot('dashboard');

  // the passive count opens the device list filtered to exactly those devices
  await passiveLink.click();
  await page.waitForURL(/\/devices\?mode=passive/);
  await page.getByText(`${summary.modes.passive} rows`).first().waitFor();
  for (const name of server.passive) await page.getByRole('link', { name, exact: true }).waitFor();
  await shot('devices');

  // a device page
  const device = server.passive[0];
  await page.getByRole('link', { name: device, exact: true }).click();
  await page.getByRole('heading', { name: new RegExp(device.replace(/\./g, '\\.')) }).waitFor();
  await page.waitForURL(/\/devices\/[^/?]+$/);
  await shot('device');

  // advanced hunting: the seed query, verbatim, finds the passive devices that reported within the hour
  await page.goto(`${server.url}/hunting?query=${encodeURIComponent(SEED_QUERY)}`);
  await page.locator('.monaco-editor').first().waitFor();
  await page.getByRole('button', { name: /Run query/ }).click();
  const results = page.getByRole('region', { name: 'Results' });
  for (const name of server.passive) await results.getByText(name, { exact: true }).first().waitFor();
  await shot('hunting');

  // "Create detection rule" opens the rule form with the query; the new rule raises one alert per passive device
  await page.getByRole('button', { name: 'Create detection rule' }).click();
  await page.waitForURL(/\/rules\/new/);
  await page.getByLabel('Name', { exact: true }).fill('Defender in passive mode (e2e)');
  await page.getByLabel('Alert title').fill('Passive mode on {{DeviceName}}');
  await shot('rule-form');
  await page.getByRole('button', { name: 'Create rule' }).last().click();
  await page.waitForURL(/\/rules\/(?!new)[^/]+$/);
  const ruleId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  let alerts: { alerts: { alertId: string; deviceName: string; incidentId: string }[] } = { alerts: [] };
  for (let i = 0; i < 60 && alerts.alerts.length < server.passive.length; i++) {
    await page.waitForTimeout(1000);
    alerts = await api(`/api/v1/alerts?ruleId=${encodeURIComponent(ruleId)}&limit=100`);
  }
  assert.deepEqual(alerts.alerts.map(a => a.deviceName).sort(), [...server.passive].sort(), 'one alert per passive device');
  await page.reload();
  await page.getByText(`Passive mode on ${device}`).first().waitFor();
  await shot('rule');

  // the queues, whole (photographed), then filtered to the rule: the fleet's other rules raise more alerts than one
  // screen holds, all at the same moment, so the whole queue may hold this device's alert below the rows a virtual
  // table renders
  const open = async (queue: 'alerts' | 'incidents', count: RegExp): Promise<void> => {
    await page.goto(`${server.url}/${queue}?status=open`);
    await page.getByText(count).first().waitFor();
    await shot(queue);
    await page.goto(`${server.url}/${queue}?status=open&rule=${encodeURIComponent(ruleId)}`);
    await page.getByText(`${server.passive.length} ${queue.slice(0, -1)}s match the filters`).waitFor();
  };
  await open('alerts', /\d+ alerts? match the filters/);
  await page.getByText(`Passive mode on ${device}`).first().waitFor();
  const alert = alerts.alerts.find(a => a.deviceName === device)!;
  await page.goto(`${server.url}/alerts/${encodeURIComponent(alert.alertId)}`);
  await page.getByRole('heading', { name: `Passive mode on ${device}` }).waitFor();
  await shot('alert');

  // the incident: resolve it; its alerts resolve with it
  await open('incidents', /\d+ incidents? match the filters/);
  await page.getByRole('link', { name: device, exact: true }).first().waitFor();
  await page.goto(`${server.url}/incidents/${encodeURIComponent(alert.incidentId)}`);
  await page.locator('#incident-status').selectOption('resolved');
  let incident = { status: '', alerts: [] as { status: string }[] };
  for (let i = 0; i < 40 && incident.status !== 'resolved'; i++) {
    await page.waitForTimeout(250);
    incident = await api(`/api/v1/incidents/${encodeURIComponent(alert.incidentId)}`);
  }
  assert.equal(incident.status, 'resolved');
  assert.ok(incident.alerts.length >= 1 && incident.alerts.every(a => a.status === 'resolved'));
  await page.getByText('Resolved').first().waitFor();
  await shot('incident');

  // the remaining screens render (photographed for the docs)
  await page.goto(`${server.url}/rules`);
  await page.getByText('Defender in passive mode (e2e)').first().waitFor();
  await shot('rules');
  await page.goto(`${server.url}/settings`);
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await shot('settings');

  assert.deepEqual(problems, [], 'no page errors, console errors, server errors or CSP violations');
}));

test('the console works from the keyboard: skip link, tabs, running a query and moving in its results', () => explained(async () => {
  // the first Tab stop is the skip link; Enter takes focus to the page's content
  await page.goto(`${server.url}/devices?mode=passive`);
  const device = server.passive[0];
  await page.getByRole('link', { name: device, exact: true }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');

  // a device opens with Enter; arrow keys move between its tabs
  await page.getByRole('link', { name: device, exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('tab', { name: 'Overview', selected: true }).focus();
  await page.keyboard.press('ArrowRight');
  await page.getByRole('tab', { name: 'State history', selected: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'State history');

  // a query runs with Ctrl+Enter from the editor, and the arrow keys move the results grid's active cell
  const query = 'DeviceInfo | summarize Devices = dcount(DeviceId) by OSPlatform | order by OSPlatform asc';
  await page.goto(`${server.url}/hunting?query=${encodeURIComponent(query)}`);
  await page.locator('.monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+Enter');
  const grid = page.getByRole('grid', { name: 'Query results' });
  await grid.waitFor();
  await grid.focus();
  assert.equal(await grid.getAttribute('aria-activedescendant'), 'rg-0-0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  assert.equal(await grid.getAttribute('aria-activedescendant'), 'rg-1-1');
  assert.deepEqual(problems, []);
}));

test('an API error shows what went wrong, never a blank screen', async () => {
  await page.goto(`${server.url}/devices/no-such-device`);
  await page.getByRole('alert').filter({ hasText: 'No device no-such-device' }).first().waitFor();
  await page.goto(`${server.url}/no/such/page`);
  await page.getByText('No such page').waitFor();
  problems.length = 0;
});
