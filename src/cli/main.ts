/**
 * The `picket` command. Each subcommand lives in its own module, loaded only when used, so `--help` is instant.
 */
import { UsageError } from './args.js';

const HELP = `picket: a self-hosted console for Microsoft Defender Antivirus fleets

Usage: picket <command> [options]

Commands:
  query [--db FILE] [--format table|json|csv] "KQL"   run a KQL query and print the result
  query [--db FILE] --jsonl                          read {"id","kql"} lines on stdin, write one result line each
  demo [--devices N] [--days D] [--port N]           a simulated fleet, the API on loopback, and a KQL prompt over it
  serve [--db FILE] [--host H] [--port N]            the HTTP API (default data/picket.duckdb, 127.0.0.1:8080)
        [--tls-cert F --tls-key F] [--trust-proxy ADDR] [--public-url URL]   HTTPS, or behind a TLS proxy (docs/security.md)
  import [--db FILE] PATH...                         read .evtx, Event XML, Get-WinEvent JSON or evtx_dump JSON files
  admin enrollment-key create|list|revoke, devices   administration on the database file
  admin create-user|users|reset-password|disable-user|enable-user   user accounts (see picket admin help)
  simulate [--db FILE | --url URL] --devices N --days D [--seed S]   a realistic, reproducible Defender fleet
  rules list|test [FILE...]                          the detection rule pack: list it, or test each rule on its samples
  help                                               show this text

Options for query:
  --db FILE          DuckDB database file (default: an in-memory database with every hunting table, empty)
  --timeout SECONDS  cancel a query after this long (default 30)
  --max-rows N       return at most N rows (default 100000)
`;

const COMMANDS: Record<string, () => Promise<{ main(argv: string[]): Promise<number> }>> = {
  query: () => import('./query.js'),
  demo: () => import('./demo.js'),
  serve: () => import('./serve.js'),
  admin: () => import('./admin.js'),
  import: () => import('./import.js'),
  simulate: () => import('./simulate.js'),
  rules: () => import('./rules.js'),
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
