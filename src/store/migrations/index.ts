/** Every migration, in version order. Add a file per version and one line here. */
import type { Migration } from './types.js';
import { migration as m001 } from './001-application-schema.js';
import { migration as m002 } from './002-ingest-and-enrolment.js';
import { migration as m003 } from './003-rules-alerts.js';
import { migration as m004 } from './004-notifications.js';
import { migration as m005 } from './005-accounts.js';
import { migration as m006 } from './006-agent.js';
import { migration as m007 } from './007-hunting.js';
import { migration as m008 } from './008-event-keys-with-time.js';

export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
];
