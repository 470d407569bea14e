/**
 * The onboarding package: the agent, its install and uninstall scripts, a configuration holding the server URL
 * and an enrolment key (and a private CA when one is pinned), and short instructions; as a ZIP.
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { zipStore } from './zip.js';

export const AGENT_DIR = new URL('../../agent/', import.meta.url);
export const AGENT_FILES = ['PicketAgent.ps1', 'Install-PicketAgent.ps1', 'Uninstall-PicketAgent.ps1'] as const;
const CA_FILE = 'picket-ca.cer';

export interface PackageOptions {
  serverUrl: string;
  enrollmentKey: string;
  intervalMinutes?: number;
  pollSeconds?: number;
  collectorMode?: boolean;
  spoolLimitMB?: number;
  /** The private CA that issued the server's certificate, PEM: pinned by thumbprint and trusted at install. */
  caCertificate?: string;
}

export class PackageError extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}

/** The CA's SHA-1 thumbprint as Windows shows it (40 hex digits, upper case). */
export function caThumbprint(pem: string): string {
  try {
    return new X509Certificate(pem).fingerprint.replace(/:/g, '').toUpperCase();
  } catch {
    throw new PackageError('caCertificate', 'caCertificate is not a PEM certificate.');
  }
}

/** picket-agent.json, with the keys in the order of agent/picket-agent.json. */
export function agentConfig(o: PackageOptions): Record<string, unknown> {
  return {
    ServerUrl: o.serverUrl.replace(/\/+$/, ''),
    EnrollmentKey: o.enrollmentKey,
    IntervalMinutes: o.intervalMinutes ?? 5,
    PollSeconds: o.pollSeconds ?? 0,
    CaThumbprint: o.caCertificate ? caThumbprint(o.caCertificate) : '',
    CaCertificateFile: o.caCertificate ? CA_FILE : '',
    CollectorMode: o.collectorMode ?? false,
    CollectorLookbackHours: 24,
    SpoolLimitMB: o.spoolLimitMB ?? 50,
    MaxEventsPerRun: 5000,
  };
}

const README = (o: PackageOptions) => `Picket agent onboarding package

Server: ${o.serverUrl}
The configuration file picket-agent.json holds an enrolment key: treat this package as a secret.

One machine (as an administrator):
  powershell.exe -ExecutionPolicy Bypass -File .\\Install-PicketAgent.ps1

Group Policy: copy this folder to a share readable by the computer accounts, and add a computer startup
script (or an immediate scheduled task running as SYSTEM) that runs:
  powershell.exe -ExecutionPolicy Bypass -File \\\\server\\share\\picket\\Install-PicketAgent.ps1

Intune: package this folder as a Win32 app (install command as above, uninstall command
  powershell.exe -ExecutionPolicy Bypass -File .\\Uninstall-PicketAgent.ps1,
detection rule: file %ProgramFiles%\\Picket\\PicketAgent.ps1 exists).

SCCM / Configuration Manager: an application with the same install and uninstall commands.

To remove: Uninstall-PicketAgent.ps1 (in %ProgramFiles%\\Picket).
docs/agent.md in the Picket repository says what the agent collects, the rights it needs and the network it uses.
`.replace(/\n/g, '\r\n');

/** The package as a ZIP; scripts are read from agent/ as shipped. */
export function onboardingPackage(o: PackageOptions, now = new Date()): Buffer {
  const files = AGENT_FILES.map(name => ({ name, data: readFileSync(new URL(name, AGENT_DIR)) }));
  const config = JSON.stringify(agentConfig(o), null, 2).replace(/\n/g, '\r\n') + '\r\n';
  const extra = o.caCertificate ? [{ name: CA_FILE, data: o.caCertificate }] : [];
  return zipStore([...files, { name: 'picket-agent.json', data: config }, ...extra, { name: 'README.txt', data: README(o) }], now);
}
