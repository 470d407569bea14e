/**
 * The `picket` command. Each subcommand lives in its own module, loaded only when used, so `--help` is instant.
 */
import { UsageError } from './args.js';

const HELP = `picket: a self-hosted console for Microsoft Defender Antivirus fleets

Usage: picket <command> [options]

Commands:
  query [--db FILE] [--format table|json|csv] "KQL"   run a KQL query and print the result
  query [--db FILE] --jsonl                          read {"id","kql"} lines on stdin, write one result line each
  help                                               show this text

Options for query:
  --db FILE          DuckDB database file (default: an in-memory database with every hunting table, empty)
  --timeout SECONDS  cancel a query after this long (default 30)
  --max-rows N       return at most N rows (default 100000)
`;

const COMMANDS: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  query: () => import('./query.js'),
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(HELP);
    return 0;
  }
  if (command === '--version') {
    process.stdout.write('picket 0.1.0\n');
    return 0;
  }
  const load = COMMANDS[command];
  if (!load) {
    process.stderr.write(`picket: unknown command '${command}'. Run 'picket --help' for the list.\n`);
    return 2;
  }
  try {
    return await (await load()).main(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`picket ${command}: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
