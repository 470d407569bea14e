/**
 * The agent in TypeScript: agent/PicketAgent.ps1 step for step, for tests and the simulator, since PowerShell
 * cannot run here. Same endpoints, headers and bodies (written as the chosen PowerShell's ConvertTo-Json writes
 * them), same state files (cursor.json, devices.json, state.json, spool\<ticks>_<device>_<upTo>_<kind>.json),
 * same backoff. Each function names the script's function it stands for; keep the two in step (protocol.test.ts
 * checks the names they share). The machine it runs on is a FakeWindows.
 * Not emulated: the CA pin probe Test-ServerPin (the emulator talks to http servers), the state files' key order
 * (PowerShell hashtables are unordered; only the agent reads them), and PowerShell plumbing (Get-Value,
 * ConvertTo-Hashtable). Get-HttpStatus is RequestFailed.status; Get-NewEvents is FakeWindows.readLog.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { DEFENDER_CHANNEL } from '../simulate/event-xml.js';
import { AGENT_ACTIONS_PATH, AGENT_VERSION, ENROLL_PATH, INGEST_PATH, outcomePath } from './protocol.js';
import { psJson, type PsVersion } from './ps-json.js';
import type { FakeWindows, LogRecord } from './windows.js';

export interface EmulatorOptions {
  serverUrl: string;
  enrollmentKey: string;
  stateDir: string;
  machine: FakeWindows;
  psVersion?: PsVersion;
  collectorMode?: boolean;
  collectorLookbackHours?: number;
  spoolLimitBytes?: number;
  maxEventsPerRun?: number;
  /** The clock (tests move it past a backoff). */
  now?: () => Date;
}

/** A request as it went out, for tests that look at the bytes. */
export interface SentRequest { method: string; path: string; headers: Record<string, string>; body: string | null; status: number; response?: string }

/** What Invoke-RestMethod throws: the HTTP status, or 0 when there was no answer. */
export class RequestFailed extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

type Dict = Record<string, unknown>;
export const BATCH_EVENTS = 200;
const TICKS_AT_1970 = 621_355_968_000_000_000n;
export const STATUS_FIELDS = ['AMRunningMode', 'AMProductVersion', 'AMEngineVersion', 'AntivirusSignatureVersion',
  'AntivirusSignatureLastUpdated', 'RealTimeProtectionEnabled', 'BehaviorMonitorEnabled', 'IsTamperProtected'];
const SOFTWARE_FIELDS = ['DisplayVersion', 'Publisher', 'InstallDate', 'SystemComponent', 'ParentKeyName'];
const OS_FIELDS = ['Caption', 'Version', 'BuildNumber', 'UBR', 'ProductType', 'OSArchitecture'];

export class AgentEmulator {
  readonly sent: SentRequest[] = [];
  private readonly o: Required<Omit<EmulatorOptions, 'now'>> & { now: () => Date };
  private readonly spoolDir: string;
  // per run, as the script's script-scope variables
  private runErrors: Dict[] = [];
  private missing: string[] = [];
  private sendStateIds: string[] = [];
  private devices: Record<string, { deviceId: string; deviceName: string; token: string }> = {};
  private cursors: Record<string, number> = {};
  private state: Dict = {};
  private lastTicks = 0n;
  private runAt = '';

  constructor(options: EmulatorOptions) {
    this.o = {
      psVersion: '5.1', collectorMode: false, collectorLookbackHours: 24, spoolLimitBytes: 50 * 1024 * 1024, maxEventsPerRun: 5000,
      now: () => new Date(), ...options,
    };
    this.spoolDir = join(this.o.stateDir, 'spool');
  }

  /** One scheduled run of the script. */
  run(): Promise<void> { return this.start(true); }

  /** One round of the short poll mode: requested actions only (and the state, when asked for). */
  poll(): Promise<void> { return this.start(false); }

  private async start(full: boolean): Promise<void> {
    mkdirSync(this.spoolDir, { recursive: true });
    this.devices = this.readState('devices.json') as typeof this.devices;
    this.cursors = this.readState('cursor.json') as typeof this.cursors;
    this.state = this.readState('state.json');
    this.runErrors = [];
    this.missing = [];
    this.runAt = this.nowText();
    await this.invokeRun(full);
  }

  /**
   * Get-DeviceToken '@self' on its own: the first request of the script's first run, made ahead of that run (the
   * simulator needs the device id before it sends). A run after it finds the device enrolled, as the script would.
   */
  async enrol(): Promise<{ deviceId: string; deviceName: string; token: string }> {
    mkdirSync(this.spoolDir, { recursive: true });
    this.devices = this.readState('devices.json') as typeof this.devices;
    await this.getDeviceToken('@self');
    return { ...this.devices['@self']! };
  }

  // --- inspection, for tests ---

  cursor(key = '@self'): number { return Number((this.readState('cursor.json') as Dict)[key] ?? 0); }
  spoolFiles(): string[] { return this.getSpoolFiles().map(f => f.name); }
  /** The errors the last run reported (its agent section's `errors`). */
  errors(): Dict[] { return [...this.runErrors]; }
  enrolled(): Record<string, { deviceId: string; deviceName: string; token: string }> { return this.readState('devices.json') as typeof this.devices; }
  backoff(): { failures: number; retryAt: Date | null } {
    const s = this.readState('state.json');
    const ticks = s.retryAtTicks === undefined ? null : s.retryAtTicks as bigint;
    return { failures: Number(s.failures ?? 0), retryAt: ticks === null ? null : new Date(Number((ticks - TICKS_AT_1970) / 10_000n)) };
  }

  // --- helpers (Now, Write-Log, Add-Error, Invoke-Step, Read-State, Write-State, ConvertTo-Body, Test-Cmdlet) ---

  /** [DateTime]::UtcNow.ToString('o'): seven fraction digits and Z. */
  private nowText(): string { return this.o.now().toISOString().replace(/(\.\d{3})Z$/, '$10000Z'); }
  private nowTicks(): bigint { return BigInt(this.o.now().getTime()) * 10_000n + TICKS_AT_1970; }

  private writeLog(message: string): void { appendFileSync(join(this.o.stateDir, 'agent.log'), `${this.nowText()} ${message}\n`); }

  private addError(step: string, err: unknown): void {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    this.runErrors.push({ at: this.nowText(), step, message });
    this.writeLog(`error in ${step}: ${message}`);
  }

  private async invokeStep(step: string, body: () => unknown): Promise<void> {
    try { await body(); } catch (err) { this.addError(step, err); }
  }

  /** State files as the script reads them; .NET ticks (past 2^53) are read exactly, as PowerShell's [long]. */
  private readState(name: string): Dict {
    const path = join(this.o.stateDir, name);
    if (!existsSync(path)) return {};
    const text = readFileSync(path, 'utf8');
    const state = JSON.parse(text) as Dict;
    const ticks = /"retryAtTicks":(\d+)/.exec(text);
    if (ticks) state.retryAtTicks = BigInt(ticks[1]);
    return state;
  }

  private writeState(name: string, value: unknown): void {
    const path = join(this.o.stateDir, name);
    writeFileSync(`${path}.tmp`, psJson(value, '7'));
    renameSync(`${path}.tmp`, path);
  }

  private body(value: unknown): Buffer { return Buffer.from(psJson(value, this.o.psVersion), 'utf8'); }

  private testCmdlet(name: string): boolean {
    if (this.o.machine.hasCmdlet(name)) return true;
    this.missing.push(name);
    return false;
  }

  // --- the server (Invoke-Picket, Get-DeviceToken) ---

  private async invokePicket(method: 'GET' | 'POST', path: string, body: Buffer | null, token: string | null): Promise<Dict> {
    const headers: Record<string, string> = { 'user-agent': `PicketAgent/${AGENT_VERSION} (PowerShell ${this.psVersion()})` };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body) headers['content-type'] = 'application/json; charset=utf-8';
    const record: SentRequest = { method, path, headers, body: body ? body.toString('utf8') : null, status: 0 };
    this.sent.push(record);
    let res: Response;
    try {
      res = await fetch(this.o.serverUrl.replace(/\/+$/, '') + path, { method, headers, body: body ? new Uint8Array(body) : undefined, signal: AbortSignal.timeout(120_000) });
    } catch (err) {
      throw new RequestFailed(0, `Unable to connect to the remote server (${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)})`);
    }
    record.status = res.status;
    const text = await res.text();
    record.response = text;
    if (!res.ok) throw new RequestFailed(res.status, `The remote server returned an error: (${res.status}) ${text}`);
    return (text ? JSON.parse(text) : {}) as Dict;
  }

  private psVersion(): string { return this.o.psVersion === '5.1' ? String(this.o.machine.facts.PSVersion) : '7.4.6'; }

  private async getDeviceToken(key: string): Promise<string> {
    if (this.devices[key]) return this.devices[key].token;
    const name = key === '@self' ? this.o.machine.name : key;
    const r = await this.invokePicket('POST', ENROLL_PATH, this.body({ enrollmentKey: this.o.enrollmentKey, deviceName: name, agentVersion: AGENT_VERSION }), null);
    this.devices[key] = { deviceId: String(r.deviceId), deviceName: String(r.deviceName), token: String(r.deviceToken) };
    this.writeState('devices.json', this.devices);
    this.writeLog(`enrolled ${name} as ${String(r.deviceId)}`);
    return String(r.deviceToken);
  }

  // --- the spool (Get-SpoolFiles, Add-Spool, Get-ReadPosition, Set-Backoff, Test-Online, Send-Spool) ---

  private getSpoolFiles(): { name: string; path: string; size: number }[] {
    if (!existsSync(this.spoolDir)) return [];
    return readdirSync(this.spoolDir, { withFileTypes: true }).filter(e => e.isFile() && e.name.endsWith('.json')).map(e => e.name).sort()
      .map(name => ({ name, path: join(this.spoolDir, name), size: statSync(join(this.spoolDir, name)).size }));
  }

  private addSpool(key: string, upTo: number, kind: string, body: unknown): boolean {
    const bytes = this.body(body);
    const used = this.getSpoolFiles().reduce((n, f) => n + f.size, 0);
    if (used + bytes.length > this.o.spoolLimitBytes) {
      this.addError('spool', `the spool is full (${used} bytes); a ${kind} body for ${key} was not kept`);
      return false;
    }
    this.lastTicks = this.lastTicks + 1n > this.nowTicks() ? this.lastTicks + 1n : this.nowTicks();
    const path = join(this.spoolDir, `${this.lastTicks.toString().padStart(19, '0')}_${key}_${upTo}_${kind}.json`);
    writeFileSync(`${path}.tmp`, bytes);
    renameSync(`${path}.tmp`, path);
    return true;
  }

  private getReadPosition(key: string): number {
    let position = Number(this.cursors[key] ?? 0);
    for (const f of this.getSpoolFiles()) {
      const parts = f.name.replace(/\.json$/, '').split('_');
      if (parts[1] === key && Number(parts[2]) > 0) position = Number(parts[2]);
    }
    return position;
  }

  private setBackoff(message: string): void {
    const failures = Number(this.state.failures ?? 0) + 1;
    const minutes = Math.min(2 ** (failures - 1), 60);
    this.state.failures = failures;
    this.state.retryAtTicks = this.nowTicks() + BigInt(minutes) * 600_000_000n;
    this.state.lastError = message;
    this.writeState('state.json', this.state);
    this.writeLog(`send failed (${failures} in a row), next try in ${minutes} min: ${message}`);
  }

  private testOnline(): boolean {
    return this.nowTicks() >= ((this.state.retryAtTicks as bigint | undefined) ?? 0n);
  }

  private async sendSpool(): Promise<void> {
    for (const file of this.getSpoolFiles()) {
      const [, key, upTo, kind] = file.name.replace(/\.json$/, '').split('_');
      const path = kind === 'ingest' ? INGEST_PATH : outcomePath(kind.slice(8));
      try {
        await this.invokePicket('POST', path, readFileSync(file.path), await this.getDeviceToken(key));
      } catch (err) {
        const status = err instanceof RequestFailed ? err.status : 0;
        const final = kind === 'ingest' ? [400, 413, 415] : [400, 404, 409];
        if (!final.includes(status)) { this.setBackoff(err instanceof Error ? err.message : String(err)); return; }
        this.addError('send', `HTTP ${status} for ${file.name}: ${err instanceof Error ? err.message : String(err)}`);
        const rejected = join(this.spoolDir, 'rejected');
        mkdirSync(rejected, { recursive: true });
        renameSync(file.path, join(rejected, file.name));
        readdirSync(rejected).sort().reverse().slice(20).forEach(n => rmSync(join(rejected, n)));
      }
      if (Number(upTo) > 0) { this.cursors[key] = Number(upTo); this.writeState('cursor.json', this.cursors); }
      if (existsSync(file.path)) rmSync(file.path);
      if ('failures' in this.state) { delete this.state.failures; delete this.state.retryAtTicks; this.writeState('state.json', this.state); }
    }
  }

  // --- what the agent reads (Get-ResumePosition, Add-EventBatches, Get-SoftwareItems, Get-OsFacts, Add-Report, Add-ForwardedEvents) ---

  private getResumePosition(position: number): number {
    if (position <= 0) return position;
    const newest = this.o.machine.newestRecordId();
    if (newest !== null && newest < position) {
      this.addError('events', `the log was cleared: its newest record is ${newest}, below ${position}, the last one read; reading it from the start`);
      return 0;
    }
    return position;
  }

  private addEventBatches(key: string, events: LogRecord[], position: number, first: Dict): void {
    const gaps: Dict[] = [];
    let last = position;
    for (const e of events) {
      if (last > 0 && e.recordId > last + 1) gaps.push({ channel: DEFENDER_CHANNEL, firstMissing: last + 1, lastMissing: e.recordId - 1, detectedAt: this.nowText() });
      last = e.recordId;
    }
    (first.agent as Dict).gaps = gaps;
    let i = 0;
    do {
      const chunk = events.slice(i, i + BATCH_EVENTS);
      const body = i === 0 ? first : { agentVersion: AGENT_VERSION };
      body.events = chunk.map(e => e.xml);
      const upTo = chunk.length ? chunk[chunk.length - 1].recordId : 0;
      if (!this.addSpool(key, upTo, 'ingest', body)) return;
      i += BATCH_EVENTS;
    } while (i < events.length);
  }

  private getSoftwareItems(): Dict[] {
    return this.o.machine.software.filter(item => item.DisplayName)
      .map(item => ({ DisplayName: item.DisplayName, ...Object.fromEntries(SOFTWARE_FIELDS.map(k => [k, item[k] ?? null])) }));
  }

  private getOsFacts(): Dict {
    const f = this.o.machine.facts;
    return {
      ...Object.fromEntries(OS_FIELDS.map(k => [k, f[k] ?? null])), DisplayVersion: f.DisplayVersion || f.ReleaseId || null,
      Domain: f.Domain, PartOfDomain: f.PartOfDomain, Manufacturer: f.Manufacturer ?? null, Model: f.Model ?? null,
      IPAddresses: f.IPAddresses ?? [], Timestamp: this.nowText(),
    };
  }

  private async addReport(): Promise<void> {
    const machine = this.o.machine;
    const agent: Dict = {
      version: AGENT_VERSION, mode: this.o.collectorMode ? 'collector' : 'agent', psVersion: this.psVersion(), runAt: this.runAt,
      errors: this.runErrors, missing: this.missing, gaps: [], sendFailures: Number(this.state.failures ?? 0), lastSendError: this.state.lastError ?? null,
    };
    const report: Dict = { agentVersion: AGENT_VERSION, agent };
    if (this.testCmdlet('Get-MpComputerStatus')) {
      await this.invokeStep('status', () => {
        if (!machine.status) throw new Error('Get-MpComputerStatus: The service is not running.');
        const status = { ...machine.status };
        for (const f of STATUS_FIELDS) if (!(f in status)) this.missing.push(`Get-MpComputerStatus.${f}`);
        report.status = { reportId: randomUUID(), timestamp: this.nowText(), status };
      });
    }
    if (this.testCmdlet('Get-MpThreatDetection')) await this.invokeStep('threats', () => { report.threatDetections = [...machine.threatDetections]; });
    if (this.testCmdlet('Get-MpThreat')) await this.invokeStep('threats', () => { report.threats = [...machine.threats]; });
    await this.invokeStep('os', () => { report.os = this.getOsFacts(); });
    const today = Number(this.o.now().toISOString().slice(0, 10).replace(/-/g, ''));
    if (Number(this.state.softwareDay ?? 0) !== today) await this.invokeStep('software', () => { report.software = this.getSoftwareItems(); });
    const position = this.getResumePosition(this.getReadPosition('@self'));
    let events: LogRecord[] = [];
    try {
      events = machine.readLog(position, this.o.maxEventsPerRun);
    } catch (err) {
      this.addError('events', err);
      this.missing.push(DEFENDER_CHANNEL);
      report.threatsAsEvents = true;
    }
    this.addEventBatches('@self', events, position, report);
    if ('software' in report) { this.state.softwareDay = today; this.writeState('state.json', this.state); }
  }

  private addForwardedEvents(): void {
    const windowMs = this.o.collectorLookbackHours * 3_600_000;
    const byComputer = new Map<string, LogRecord[]>();
    for (const e of this.o.machine.readForwarded(windowMs, this.o.now().getTime())) {
      const key = e.computer.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
      if (e.channel !== DEFENDER_CHANNEL || key === this.o.machine.name) continue;
      byComputer.set(key, [...(byComputer.get(key) ?? []), e]);
    }
    for (const key of [...byComputer.keys()].sort()) {
      const position = this.getReadPosition(key);
      const fresh = byComputer.get(key)!.filter(e => e.recordId > position).sort((a, b) => a.recordId - b.recordId);
      if (!fresh.length) continue;
      const first: Dict = { agentVersion: AGENT_VERSION, agent: { version: AGENT_VERSION, mode: 'forwarded', collector: this.o.machine.name, gaps: [] } };
      this.addEventBatches(key, fresh, position, first);
    }
  }

  // --- response actions (Add-Outcome, Invoke-Actions) and the run (Invoke-Run) ---

  private addOutcome(id: string, status: string, message: string, startedAt: string): void {
    this.addSpool('@self', 0, `outcome-${id}`, { status, result: { message, startedAt, finishedAt: this.nowText() } });
  }

  private async invokeActions(): Promise<void> {
    const token = await this.getDeviceToken('@self');
    const answer = await this.invokePicket('GET', AGENT_ACTIONS_PATH, null, token);
    for (const action of (answer.actions ?? []) as { id: string; kind: string }[]) {
      if (!/^[0-9a-f]{16}$/.test(action.id)) continue;
      try { await this.invokePicket('POST', outcomePath(action.id), this.body({ status: 'running' }), token); } catch (err) { this.addError(`action ${action.id}`, err); continue; }
      if (action.kind === 'send_state') { this.sendStateIds.push(action.id); continue; }
      const startedAt = this.nowText();
      let status = 'done';
      let message: string;
      try {
        const now = this.o.now().getTime();
        if (action.kind === 'quick_scan') { this.o.machine.startMpScan('QuickScan', now); message = 'Quick scan completed.'; }
        else if (action.kind === 'full_scan') { this.o.machine.startMpScan('FullScan', now); message = 'Full scan completed.'; }
        else if (action.kind === 'update_signatures') { this.o.machine.updateMpSignature(now); message = 'Security intelligence updated.'; }
        else throw new Error(`unknown action kind '${action.kind}'`);
      } catch (err) { status = 'failed'; message = err instanceof Error ? err.message : String(err); }
      this.addOutcome(action.id, status, message, startedAt);
    }
  }

  private async invokeRun(full: boolean): Promise<void> {
    if (this.testOnline()) await this.invokeStep('actions', () => this.invokeActions());
    if (full && this.o.collectorMode) await this.invokeStep('collector', () => this.addForwardedEvents());
    if (full || this.sendStateIds.length) await this.invokeStep('report', () => this.addReport());
    for (const id of this.sendStateIds) this.addOutcome(id, 'done', 'State sent.', this.runAt);
    this.sendStateIds = [];
    if (this.testOnline()) await this.invokeStep('send', () => this.sendSpool());
  }
}
