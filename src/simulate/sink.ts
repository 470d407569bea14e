/** Where a simulated fleet goes: straight into a store, or to a running server through the agent emulator (agent-sink.ts). */
import type { DevicePlan } from './fleet.js';
import type { Report } from './device.js';

export interface EnrolledDevice { deviceId: string; deviceName: string; token: string }

export interface SendResult { events: number; reports: number; duplicates: number; rejected: number }

export interface Sink {
  enroll(plan: DevicePlan, agentVersion: string): Promise<EnrolledDevice>;
  send(device: EnrolledDevice, report: Report): Promise<SendResult>;
  /** The device has sent its whole history. */
  release?(device: EnrolledDevice): void;
  /** How many devices may be sent at once (a store takes one writer; a server several requests). */
  readonly concurrency: number;
  close(): Promise<void>;
}

/** The name a device enrols under: its FQDN in lower case, as Advanced Hunting's DeviceName. */
export function enrolmentName(plan: DevicePlan): string {
  return plan.fqdn.toLowerCase();
}
