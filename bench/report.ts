/** Writes the benchmark's section of docs/benchmarks.md, keeping every other section of the file as it is. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export const HEADING = '## KQL engine vs hand-written SQL';

/** Replaces the section under `heading` (up to the next `## ` heading) with `body`, or appends it. */
export function replaceSection(doc: string, heading: string, body: string): string {
  const section = `${heading}\n\n${body.trim()}\n`;
  const lines = doc.split('\n');
  const start = lines.findIndex(l => l.trim() === heading);
  if (start < 0) {
    const base = doc.trim() ? doc.replace(/\s*$/, '\n\n') : '# Benchmarks\n\n';
    return base + section;
  }
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join('\n');
  const after = lines.slice(end).join('\n');
  return `${before}${before ? '\n' : ''}${section}${after ? '\n' + after : ''}`.replace(/\n*$/, '\n');
}

export function writeSection(file: string, body: string, heading = HEADING): void {
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, replaceSection(doc, heading, body));
}
