// After `vite build`: a gzip copy beside every text asset of dist/console, which the server sends to clients
// that accept gzip (the hunting editor's bundle shrinks about four times). Run once per build, not per request.
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/console/', import.meta.url).pathname;
const TEXT = /\.(js|css|html|svg|json|ttf|txt)$/;
let files = 0, before = 0, after = 0;
function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (TEXT.test(e.name) && statSync(p).size > 1024) {
      const data = readFileSync(p);
      const gz = gzipSync(data, { level: constants.Z_BEST_COMPRESSION });
      writeFileSync(`${p}.gz`, gz);
      files++; before += data.length; after += gz.length;
    }
  }
}
walk(root);
console.log(`compress-console: ${files} files, ${(before / 1e6).toFixed(2)} MB -> ${(after / 1e6).toFixed(2)} MB gzip`);
