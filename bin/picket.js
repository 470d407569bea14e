#!/usr/bin/env node
// Entry point of the `picket` command: runs the compiled CLI from dist/ (built by `npm ci` through `prepare`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/entry.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('picket: dist/ is missing; run `npm run build` (npm ci does it for you).\n');
  process.exit(2);
}
await import(entry.href);
