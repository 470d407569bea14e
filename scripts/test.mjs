// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20's --test does not expand globs).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules' && e.name !== 'fixtures') find(p, out);
    else if (e.isFile() && e.name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = ['src', 'test'].flatMap(d => find(d)).filter(f => !filter.length || filter.some(x => f.includes(x))).sort();
// PICKET_DEBUG_500: a test that meets a 500 prints its stack, so a rare failure in CI can be diagnosed
const env = { ...process.env, PICKET_DEBUG_500: '1' };
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
