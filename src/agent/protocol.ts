/**
 * The agent's protocol, in one place: the endpoints PicketAgent.ps1 calls, the shapes it sends, and the names of
 * the response actions. The emulator, the server routes and the parity test (protocol.test.ts) read it from here.
 */
import { Type, type Static } from 'typebox';

export const AGENT_VERSION = '0.1.0';

export const ENROLL_PATH = '/api/v1/enroll';
export const INGEST_PATH = '/api/v1/ingest';
/** The device's own pending actions (GET), and where it reports an action's outcome (POST). */
export const AGENT_ACTIONS_PATH = '/api/v1/agent/actions';
export const outcomePath = (actionId: string) => `${AGENT_ACTIONS_PATH}/${actionId}/outcome`;

export const ACTION_KINDS = ['quick_scan', 'full_scan', 'update_signatures', 'send_state'] as const;
export type ActionKind = typeof ACTION_KINDS[number];
export const ACTION_STATUSES = ['pending', 'running', 'done', 'failed', 'expired'] as const;
export type ActionStatus = typeof ACTION_STATUSES[number];

/** Action ids are 16 hex digits; the agent refuses any other (an id becomes part of a spool file name). */
export const ACTION_ID = '^[0-9a-f]{16}$';

/**
 * The optional `agent` section of an ingest batch: who sent it and how the run went. Loose on purpose: a field an
 * older server does not know, or a value it cannot use, must never sink the telemetry batch it rides with;
 * src/agent/health.ts reads each field, clips what is too long and lists what it could not use.
 */
export const AgentSection = Type.Object({}, { additionalProperties: true });

/** One gap: EventRecordIDs firstMissing..lastMissing of a channel were gone before the agent could read them. */
export interface Gap { channel: string; firstMissing: number; lastMissing: number; detectedAt: string | null }
export interface AgentError { at: string | null; step: string; message: string }

/** What the agent's section says, once read. */
export interface AgentReport {
  version: string | null;
  /** agent: a machine reporting itself; collector: the same, and it runs collector mode; forwarded: sent by a collector. */
  mode: 'agent' | 'collector' | 'forwarded' | null;
  collector: string | null;
  psVersion: string | null;
  runAt: string | null;
  errors: AgentError[];
  missing: string[];
  gaps: Gap[];
  sendFailures: number | null;
  lastSendError: string | null;
}

export const OutcomeBody = Type.Object({
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  result: Type.Optional(Type.Object({
    message: Type.Optional(Type.String({ maxLength: 4000 })),
    startedAt: Type.Optional(Type.String({ maxLength: 40 })),
    finishedAt: Type.Optional(Type.String({ maxLength: 40 })),
  }, { additionalProperties: false })),
}, { additionalProperties: false });
export type Outcome = Static<typeof OutcomeBody>;
