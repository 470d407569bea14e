/**
 * A Windows machine as the agent sees it, for the emulator: what Get-MpComputerStatus, Get-MpThreatDetection,
 * Get-MpThreat, the CIM classes, the Uninstall keys and Get-WinEvent return, loaded from fixtures in the shapes
 * Windows PowerShell 5.1 writes (test/fixtures/agent). Start-MpScan and Update-MpSignature write the Defender
 * events a real machine writes, with the next EventRecordID; a log that is full drops its oldest records.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { DEFENDER_CHANNEL, renderEventXml } from '../simulate/event-xml.js';
import { scanCompleted, scanStarted, signatureUpdated, type Versions } from '../simulate/events.js';
import { PsDate, readPsJson } from './ps-json.js';

export const FIXTURES = new URL('../../test/fixtures/agent/', import.meta.url);

export interface LogRecord { recordId: number; computer: string; channel: string; provider: string; timeMs: number; xml: string }

/** Machine facts: Win32_OperatingSystem, Win32_ComputerSystem and the CurrentVersion registry key, merged. */
export type MachineFacts = Record<string, unknown> & { DNSHostName: string; Domain: string; PartOfDomain: boolean; PSVersion: string };

export class CmdletError extends Error {}

/** Reads Event XML as ToXml() gives it: the fields the agent itself looks at (RecordId, MachineName, LogName). */
export function logRecord(xml: string): LogRecord {
  const pick = (re: RegExp) => re.exec(xml)?.[1] ?? '';
  return {
    recordId: Number(pick(/<EventRecordID>(\d+)<\/EventRecordID>/)),
    computer: pick(/<Computer>([^<]*)<\/Computer>/),
    channel: pick(/<Channel>([^<]*)<\/Channel>/),
    provider: pick(/<Provider Name='([^']*)'/),
    timeMs: Date.parse(pick(/<TimeCreated SystemTime='([^']*)'/)),
    xml,
  };
}

export const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
export const fixtureJson = (name: string) => readPsJson(fixture(name));
export const fixtureEvents = (name: string) => fixture(name).split('\n').filter(Boolean).map(logRecord);

export interface FakeWindowsOptions {
  facts?: MachineFacts;
  status?: Record<string, unknown> | null;
  threatDetections?: unknown[];
  threats?: unknown[];
  software?: Record<string, unknown>[];
  /** The Defender Operational log, oldest first; null when the machine has none. */
  events?: LogRecord[] | null;
  forwarded?: LogRecord[];
  /** Cmdlets this machine's Defender platform lacks. */
  missingCmdlets?: string[];
  /** Records the Defender Operational log holds before it drops its oldest. */
  logCapacity?: number;
}

export class FakeWindows {
  facts: MachineFacts;
  status: Record<string, unknown> | null;
  threatDetections: unknown[];
  threats: unknown[];
  software: Record<string, unknown>[];
  log: LogRecord[] | null;
  /** The ForwardedEvents log of a Windows Event Collector, in arrival order. */
  forwarded: LogRecord[];
  missingCmdlets: Set<string>;
  logCapacity: number;
  /** Set to make the next Start-MpScan or Update-MpSignature fail with this message. */
  failNext: string | null = null;
  private nextRecordId: number;

  constructor(o: FakeWindowsOptions = {}) {
    this.facts = o.facts ?? fixtureJson('machine-srv-app02.json') as MachineFacts;
    this.status = o.status === undefined ? fixtureJson('status-ps51-passive.json') as Record<string, unknown> : o.status;
    this.threatDetections = o.threatDetections ?? fixtureJson('threat-detections-ps51.json') as unknown[];
    this.threats = o.threats ?? fixtureJson('threats-ps51.json') as unknown[];
    this.software = o.software ?? fixtureJson('software-ps51.json') as Record<string, unknown>[];
    this.log = o.events === undefined ? fixtureEvents('defender-operational.xml') : o.events;
    this.forwarded = o.forwarded ?? [];
    this.missingCmdlets = new Set(o.missingCmdlets ?? []);
    this.logCapacity = o.logCapacity ?? 10_000;
    this.nextRecordId = Math.max(0, ...(this.log ?? []).map(r => r.recordId)) + 1;
  }

  /** The FQDN in lower case, as the agent names itself. */
  get name(): string {
    const f = this.facts;
    return (f.PartOfDomain ? `${f.DNSHostName}.${f.Domain}` : f.DNSHostName).toLowerCase();
  }

  hasCmdlet(name: string): boolean {
    return !this.missingCmdlets.has(name);
  }

  /** Get-WinEvent -LogName <Defender Operational> -FilterXPath "*[System[EventRecordID > N]]" -Oldest -MaxEvents M */
  readLog(after: number, max: number): LogRecord[] {
    if (!this.log) throw new CmdletError(`There is not an event log on the localhost computer that matches "${DEFENDER_CHANNEL}".`);
    return this.log.filter(r => r.recordId > after).slice(0, max);
  }

  /** Get-WinEvent -LogName <Defender Operational> -MaxEvents 1 (newest first): its EventRecordID, or null (no log, or empty). */
  newestRecordId(): number | null {
    return this.log?.length ? this.log[this.log.length - 1].recordId : null;
  }

  /** wevtutil cl: the log is emptied and its record numbers start again from 1. */
  clearLog(): void {
    if (!this.log) throw new CmdletError('no Defender Operational log');
    this.log = [];
    this.nextRecordId = 1;
  }

  /** Get-WinEvent -LogName ForwardedEvents with the Defender provider and TimeCreated within the window. */
  readForwarded(windowMs: number, nowMs: number): LogRecord[] {
    return this.forwarded.filter(r => r.provider === 'Microsoft-Windows-Windows Defender' && nowMs - r.timeMs <= windowMs);
  }

  private versions(): Versions {
    const s = this.status ?? {};
    return { platform: String(s.AMProductVersion ?? ''), engine: String(s.AMEngineVersion ?? ''), signature: String(s.AntivirusSignatureVersion ?? '') };
  }

  /** Writes an event as Defender would: the next record number; the oldest records go when the log is full. */
  write(event: Parameters<typeof renderEventXml>[0]): LogRecord {
    if (!this.log) throw new CmdletError('no Defender Operational log');
    const record = logRecord(renderEventXml(event, { computer: this.name, recordId: this.nextRecordId++, processId: 3312, threadId: 5004 }));
    this.log.push(record);
    if (this.log.length > this.logCapacity) this.log.splice(0, this.log.length - this.logCapacity);
    return record;
  }

  /**
   * Records Defender wrote (Event XML as ToXml() gives it, oldest first), appended with their own EventRecordIDs,
   * which later write() calls continue after. A record numbered below the log's next number (Defender wrote
   * others meanwhile, e.g. the scan of a response action) is renumbered after them, as Defender numbers records
   * in the order it writes them. The oldest records go when the log is full.
   */
  appendLog(xml: readonly string[]): LogRecord[] {
    if (!this.log) throw new CmdletError('no Defender Operational log');
    const records: LogRecord[] = [];
    for (const text of xml) {
      let r = logRecord(text);
      if (!Number.isSafeInteger(r.recordId) || r.recordId <= 0) throw new CmdletError('an event record without an EventRecordID');
      if (r.recordId < this.nextRecordId) {
        r = logRecord(text.replace(/<EventRecordID>\d+<\/EventRecordID>/, `<EventRecordID>${this.nextRecordId}</EventRecordID>`));
      }
      this.nextRecordId = r.recordId + 1;
      this.log.push(r);
      records.push(r);
    }
    if (this.log.length > this.logCapacity) this.log.splice(0, this.log.length - this.logCapacity);
    return records;
  }

  /** Drops the oldest records, as a log that wrapped while nobody read it. */
  wrap(records: number): void {
    this.log?.splice(0, records);
  }

  private failIfAsked(): void {
    const message = this.failNext;
    this.failNext = null;
    if (message) throw new CmdletError(message);
  }

  /** Start-MpScan -ScanType QuickScan | FullScan: events 1000 and 1001, and the scan times in the status. */
  startMpScan(type: 'QuickScan' | 'FullScan', nowMs: number): void {
    this.failIfAsked();
    const kind = type === 'QuickScan' ? 'quick' : 'full';
    const scanId = `{${randomUUID().toUpperCase()}}`;
    const v = this.versions();
    const seconds = kind === 'quick' ? 95 : 2710;
    this.write(scanStarted({ timeMs: nowMs - seconds * 1000, subTicks: 0 }, scanId, kind, v));
    this.write(scanCompleted({ timeMs: nowMs, subTicks: 0 }, scanId, kind, seconds, v));
    if (this.status) {
      const prefix = kind === 'quick' ? 'QuickScan' : 'FullScan';
      Object.assign(this.status, { [`${prefix}StartTime`]: new PsDate(nowMs - seconds * 1000), [`${prefix}EndTime`]: new PsDate(nowMs), [`${prefix}Age`]: 0 });
    }
  }

  /** Update-MpSignature: a newer security intelligence version, and the two 2000 events. */
  updateMpSignature(nowMs: number): void {
    this.failIfAsked();
    const previous = this.versions();
    const parts = previous.signature.split('.').map(Number);
    parts[2] = (parts[2] ?? 0) + 4;
    const current = { ...previous, signature: parts.join('.') };
    this.write(signatureUpdated({ timeMs: nowMs, subTicks: 0 }, 'AV', previous, current));
    this.write(signatureUpdated({ timeMs: nowMs, subTicks: 1 }, 'AS', previous, current));
    if (this.status) {
      for (const k of ['AntivirusSignatureVersion', 'AntispywareSignatureVersion', 'NISSignatureVersion']) this.status[k] = current.signature;
      for (const k of ['AntivirusSignatureLastUpdated', 'AntispywareSignatureLastUpdated', 'NISSignatureLastUpdated']) this.status[k] = new PsDate(nowMs);
    }
  }
}
