/** The ingest batch a device posts (the body of POST /api/v1/ingest), as the simulator builds it. */
import type { Static } from 'typebox';
import type { IngestBody } from '../server/routes/ingest.js';

export type IngestBatch = Static<typeof IngestBody>;
