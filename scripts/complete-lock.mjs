// Adds lock entries for DuckDB's native bindings of other platforms, which this machine's npm registry does not
// serve (so `npm install` leaves them out of package-lock.json and `npm ci` then refuses the lock as out of sync).
// They are optional and never installed here; their entries only carry the version and the platform.
// Run after any `npm install` that rewrites package-lock.json: node scripts/complete-lock.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const bindings = lock.packages['node_modules/@duckdb/node-bindings'];
const platforms = {
  'darwin-arm64': ['darwin', 'arm64'], 'darwin-x64': ['darwin', 'x64'], 'linux-arm64': ['linux', 'arm64'],
  'linux-arm64-musl': ['linux', 'arm64', 'musl'], 'linux-x64': ['linux', 'x64', 'glibc'],
  'linux-x64-musl': ['linux', 'x64', 'musl'], 'win32-arm64': ['win32', 'arm64'], 'win32-x64': ['win32', 'x64'],
};
let added = 0;
for (const name of Object.keys(bindings.optionalDependencies ?? {})) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const [os, cpu, libc] = platforms[name.replace('@duckdb/node-bindings-', '')] ?? [];
  lock.packages[key] = { version: bindings.optionalDependencies[name], license: 'MIT', optional: true,
    ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc: [libc] } : {}), ...(os ? { os: [os] } : {}) };
  added++;
}
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lock: added ${added} platform entries`);
