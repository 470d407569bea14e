/** Every migration, in version order. Add a file per version and one line here. */
import type { Migration } from './types.js';
import { migration as m001 } from './001-application-schema.js';
import { migration as m002 } from './002-ingest-and-enrolment.js';

export const MIGRATIONS: readonly Migration[] = [
  m001,
  m002,
];
