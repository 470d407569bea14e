/** `picket rules list|test [FILE…]`: the built-in pack (or given rule files), listed or tested against their samples. */
import { statSync } from 'node:fs';
import { parseArgs, UsageError } from './args.js';
import { loadPack, readRuleFile, type FileProblem, type RuleFile } from '../rules/files.js';
import { testRuleFiles } from '../rules/pack-test.js';

function read(paths: string[]): { files: RuleFile[]; problems: FileProblem[] } {
  if (!paths.length) return loadPack();
  const files: RuleFile[] = [];
  const problems: FileProblem[] = [];
  for (const p of paths) {
    if (statSync(p, { throwIfNoEntry: false })?.isDirectory()) { const r = loadPack(p); files.push(...r.files); problems.push(...r.problems); continue; }
    const r = readRuleFile(p);
    problems.push(...r.problems);
    if (r.file) files.push(r.file);
  }
  return { files, problems };
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set());
  const [sub, ...paths] = args.positionals;
  if (sub !== 'list' && sub !== 'test') throw new UsageError("use 'rules list [FILE…]' or 'rules test [FILE…]'");
  const { files, problems } = read(paths);
  for (const p of problems) process.stderr.write(`${p.path}: ${p.field}: ${p.message}\n`);
  if (sub === 'list') {
    for (const f of files) {
      const r = f.rule;
      process.stdout.write(`${r.id.padEnd(28)} ${r.frequency.padEnd(10)} ${r.alert.severity.padEnd(13)} ${r.enabled ? 'on ' : 'off'} ${r.name}\n`);
    }
    return problems.length ? 1 : 0;
  }
  const results = await testRuleFiles(files);
  let failed = 0;
  for (const r of results) {
    if (!r.ok) failed++;
    process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'} ${r.ruleId} ${r.sample}${r.ok ? '' : `: ${r.message}`}\n`);
  }
  process.stdout.write(`${results.length - failed} of ${results.length} samples pass; ${problems.length} file problem(s)\n`);
  return failed || problems.length ? 1 : 0;
}
