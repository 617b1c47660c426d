/**
 * `npm run eval -- <subcommand> ...`: evaluation tools, one entry per data set.
 * Add a subcommand by adding a row to COMMANDS.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toIcdError } from '../src/errors.js';
import { NEGEX_HELP, negexCommand } from './eval/negex.js';
import { CHIA_HELP, chiaCommand } from './eval/chia.js';
import { CODIESP_HELP, codiespCommand } from './eval/codiesp.js';
import { CALIBRATE_HELP, calibrateCommand } from './eval/calibrate.js';
import { SEARCH_HELP, searchCommand } from './eval/search.js';

interface Subcommand {
  help: string;
  /** Returns the exit code. */
  run(args: readonly string[]): number | Promise<number>;
}

const COMMANDS: Record<string, Subcommand> = {
  negex: { help: NEGEX_HELP, run: negexCommand },
  codiesp: { help: CODIESP_HELP, run: codiespCommand },
  chia: { help: CHIA_HELP, run: chiaCommand },
  calibrate: { help: CALIBRATE_HELP, run: calibrateCommand },
  search: { help: SEARCH_HELP, run: searchCommand },
};

function usage(): string {
  return `usage: npm run eval -- <subcommand> [args]\n\n${Object.values(COMMANDS)
    .map((c) => c.help)
    .join('\n\n')}`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`unknown subcommand ${name}\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const e = toIcdError(err);
    process.stderr.write(`${JSON.stringify(e.toJSON())}\n`);
    return 1;
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
