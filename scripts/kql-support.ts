// Writes docs/kql-support.md: KQL operators, functions, aggregates and plugins of the analyser's catalog, marked
// supported or not, and the known conformance failures. Run with `npm run kql-support`.
import { writeFileSync } from 'node:fs';
import { knownFailures, renderSupport } from '../src/kql/support.js';

const doc = renderSupport(knownFailures(new URL('../test/kql/conformance-failures.json', import.meta.url)));
writeFileSync(new URL('../docs/kql-support.md', import.meta.url), doc);
process.stdout.write(`docs/kql-support.md: ${doc.length} characters\n`);
