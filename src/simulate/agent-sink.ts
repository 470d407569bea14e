/**
 * The agent sink: each simulated device is a FakeWindows machine with the Picket agent on it (AgentEmulator, the
 * TypeScript twin of agent/PicketAgent.ps1), so what reaches the server is what the script would send, byte for
 * byte: its enrolment, its batches of 200 events with the report and the `agent` section on the first, its spool,
 * cursor and backoff. For each Report the machine takes on the device's state as the cmdlets would return it
 * (Get-MpComputerStatus, the Uninstall keys, the CIM OS facts), Defender's new records are appended to its
 * Operational log, and the agent runs once at the report's time.
 *
 * What the agent reads is not all a Report carries: the agent sends no Get-MpPreference or cloud connectivity
 * (so no scid-2013/2014/2016 rows), sends its OS facts every run and its software once a day, and the
 * simulator has no Get-MpThreatDetection history (the machine's lists are empty; detections arrive as events).
 *
 * A send that fails for a while (no answer, 429, 503, 5xx) stays in the device's spool and the agent backs off;
 * the sink then waits (doubling, in real time) and moves the machine's clock past the backoff for the agent's
 * next round (Invoke-Run $false, the short poll mode), until the spool is empty or `attempts` rounds have failed.
 * State directories live under one temporary folder per sink, removed by close().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentEmulator, type SentRequest } from '../agent/emulator.js';
import { FakeWindows, type MachineFacts } from '../agent/windows.js';
import { PsDate, type PsVersion } from '../agent/ps-json.js';
import { ENROLL_PATH, INGEST_PATH } from '../agent/protocol.js';
import { enrolmentName, type EnrolledDevice, type SendResult, type Sink } from './sink.js';
import type { DevicePlan } from './fleet.js';
import type { Report } from './device.js';

export interface AgentSinkOptions {
  /** Devices sent at once (default 4). */
  concurrency?: number;
  /** Agent rounds per report (the scheduled run, then retries) before the sink gives up (default 8). */
  attempts?: number;
  /** Real time waited before the first retry, doubled each time up to 10 s (default 250 ms). */
  backoffMs?: number;
  /** The PowerShell the agent runs in (default Windows PowerShell 5.1, as the scheduled task starts it). */
  psVersion?: PsVersion;
  /** Where the devices' state directories go (default: a new folder in the system's temporary directory). */
  stateRoot?: string;
  /** Every request an agent made, as it went out, with the answer (for tests; the sink keeps none). */
  onRequest?: (deviceName: string, request: SentRequest) => void;
}

interface Agent { machine: FakeWindows; emulator: AgentEmulator; clock: { ms: number }; dir: string; lastFailure?: SentRequest }

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const PS51_DATE = /^\\?\/Date\((-?\d+)\)\\?\/$/;

/** Get-MpComputerStatus as the cmdlet returns it: dates as DateTime, without PSComputerName (the agent drops it). */
export function statusObject(status: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) {
    if (k === 'PSComputerName' || k.startsWith('Cim')) continue;
    const m = typeof v === 'string' ? PS51_DATE.exec(v) : null;
    out[k] = m ? new PsDate(Number(m[1])) : v;
  }
  return out;
}

/** The simulator's OS facts as the CIM classes and the CurrentVersion key give them to the agent. */
export function machineFacts(os: Record<string, unknown>, previous: MachineFacts): MachineFacts {
  const build = String(os.BuildNumber ?? '');
  return {
    ...previous,
    DNSHostName: String(os.DNSHostName ?? previous.DNSHostName), Domain: String(os.Domain ?? previous.Domain),
    PartOfDomain: os.PartOfDomain === undefined ? previous.PartOfDomain : os.PartOfDomain === true,
    Caption: os.Caption, Version: os.Version, BuildNumber: build, UBR: os.UBR, ProductType: os.ProductType,
    OSArchitecture: os.OSArchitecture, DisplayVersion: os.DisplayVersion ?? null, Manufacturer: os.Manufacturer, Model: os.Model,
    IPAddresses: Array.isArray(os.IPv4Addresses) ? [...os.IPv4Addresses as unknown[]] : previous.IPAddresses ?? [],
    // $PSVersionTable.PSVersion of Windows PowerShell 5.1 carries the OS build
    PSVersion: build ? `5.1.${build}.${String(os.UBR ?? 1)}` : previous.PSVersion,
  };
}

interface IngestAnswer { accepted?: { events?: number; reports?: number }; duplicates?: number; rejected?: unknown[] }

export class AgentSink implements Sink {
  readonly concurrency: number;
  /** Agent rounds beyond the scheduled runs (the spool was not empty after one), for the summary. */
  retries = 0;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly root: string;
  private readonly ownRoot: boolean;
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly url: string, private readonly enrollmentKey: string, private readonly options: AgentSinkOptions = {}) {
    if (!/^https?:\/\//.test(url)) throw new Error(`the server URL must be an http(s) URL: ${url}`);
    if (!enrollmentKey) throw new Error('an enrolment key is needed');
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.attempts = Math.max(1, options.attempts ?? 8);
    this.backoffMs = options.backoffMs ?? 250;
    this.ownRoot = !options.stateRoot;
    this.root = options.stateRoot ?? mkdtempSync(join(tmpdir(), 'picket-agents-'));
  }

  /** The agent's enrolment (its first request), retried while the server does not answer or is busy. */
  async enroll(plan: DevicePlan, _agentVersion: string): Promise<EnrolledDevice> {
    const name = enrolmentName(plan);
    if (this.agents.has(name)) throw new Error(`${name} is already being sent`);
    const dir = join(this.root, name);
    rmSync(dir, { recursive: true, force: true });
    const machine = new FakeWindows({
      facts: {
        DNSHostName: plan.hostName.toLowerCase(), Domain: plan.fqdn.slice(plan.hostName.length + 1), PartOfDomain: true,
        PSVersion: `5.1.${plan.os.build}.${plan.os.ubr}`,
      },
      status: null, threatDetections: [], threats: [], software: [], events: [],
    });
    const clock = { ms: Date.now() };
    const emulator = new AgentEmulator({
      serverUrl: this.url, enrollmentKey: this.enrollmentKey, stateDir: dir, machine, psVersion: this.options.psVersion ?? '5.1',
      now: () => new Date(clock.ms),
    });
    const agent: Agent = { machine, emulator, clock, dir };
    this.agents.set(name, agent);
    let backoff = this.backoffMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const d = await agent.emulator.enrol();
        this.drain(name, agent);
        return { deviceId: d.deviceId, deviceName: d.deviceName, token: d.token };
      } catch (err) {
        this.drain(name, agent);
        const status = (err as { status?: number }).status ?? -1;
        if (attempt >= this.attempts || !(status === 0 || status === 429 || status >= 500)) {
          this.release({ deviceId: '', deviceName: name, token: '' });
          throw new Error(`${name}: POST ${ENROLL_PATH}: ${err instanceof Error ? err.message : String(err)}`);
        }
        this.retries++;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
      }
    }
  }

  async send(device: EnrolledDevice, report: Report): Promise<SendResult> {
    const agent = this.agents.get(device.deviceName);
    if (!agent) throw new Error(`${device.deviceName} was not enrolled through this sink`);
    const { machine, emulator } = agent;
    const batch = report.batch;
    const envelope = (batch.status ?? {}) as Record<string, unknown>;
    const os = (envelope.os ?? batch.os) as Record<string, unknown> | undefined;
    if (os) machine.facts = machineFacts(os, machine.facts);
    if (envelope.status && typeof envelope.status === 'object') machine.status = statusObject(envelope.status as Record<string, unknown>);
    if (batch.software) machine.software = batch.software.map(item => ({ ...item }));
    machine.appendLog(batch.events ?? []);
    agent.clock.ms = report.at;

    const result: SendResult = { events: 0, reports: 0, duplicates: 0, rejected: 0 };
    await emulator.run();
    this.drain(device.deviceName, agent, result);
    let backoff = this.backoffMs;
    for (let round = 1; emulator.spoolFiles().length; round++) {
      const { retryAt } = emulator.backoff();
      if (round >= this.attempts) {
        throw new Error(`${device.deviceName}: ${emulator.spoolFiles().length} bodies still in the agent's spool after ${round} rounds; last error: ${this.lastError(agent)}`);
      }
      this.retries++;
      await sleep(backoff);
      backoff = Math.min(backoff * 2, 10_000);
      agent.clock.ms = Math.max(agent.clock.ms, retryAt?.getTime() ?? agent.clock.ms);
      await emulator.poll();
      this.drain(device.deviceName, agent, result);
    }
    // records the server has acknowledged are no longer needed here: the agent reads past its cursor only
    const cursor = emulator.cursor();
    const log = machine.log ?? [];
    const keep = log.findIndex(r => r.recordId > cursor);
    log.splice(0, keep < 0 ? log.length : keep);
    return result;
  }

  release(device: EnrolledDevice): void {
    const agent = this.agents.get(device.deviceName);
    if (!agent) return;
    this.agents.delete(device.deviceName);
    rmSync(agent.dir, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    for (const name of [...this.agents.keys()]) this.release({ deviceId: '', deviceName: name, token: '' });
    if (this.ownRoot) rmSync(this.root, { recursive: true, force: true });
  }

  private lastError(agent: Agent): string {
    const failed = agent.lastFailure;
    return failed ? `${failed.method} ${failed.path}: ${failed.status || 'no answer'} ${failed.response ?? ''}`.trim() : 'none';
  }

  /** Adds up the server's answers to the ingest requests made since the last call, and forgets the requests. */
  private drain(name: string, agent: Agent, result?: SendResult): void {
    const sent = agent.emulator.sent;
    for (const r of sent) {
      this.options.onRequest?.(name, r);
      if (!result || r.path !== INGEST_PATH) continue;
      if (r.status === 200 && r.response) {
        const a = JSON.parse(r.response) as IngestAnswer;
        result.events += a.accepted?.events ?? 0;
        result.reports += a.accepted?.reports ?? 0;
        result.duplicates += a.duplicates ?? 0;
        result.rejected += a.rejected?.length ?? 0;
      } else if ([400, 413, 415].includes(r.status)) {
        // refused for good: the agent set the body aside; every record in it is lost
        result.rejected += Math.max(1, (JSON.parse(r.body ?? '{}') as { events?: unknown[] }).events?.length ?? 0);
      }
    }
    agent.lastFailure = [...sent].reverse().find(r => r.status !== 200 && r.status !== 201) ?? agent.lastFailure;
    sent.length = 0;
  }
}
