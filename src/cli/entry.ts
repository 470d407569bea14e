/** Process entry for the CLI: runs `main` with the command line and sets the exit code. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
