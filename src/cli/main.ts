/** The `icd10cm` command: dispatches to a subcommand and maps errors to exit codes. */
import { IcdError } from '../errors.js';
import { UsageError, withFlagNames } from './args.js';
import { BUILD_HELP, buildDataCommand } from './build-data.js';
import { CODE_HELP, codeCommand } from './code.js';
import { DETECT_HELP, detectCommand } from './detect.js';
import { EXIT, FatalError } from './exit-codes.js';
import { FETCH_HELP, fetchReleaseCommand } from './fetch-release.js';
import { LOOKUP_HELP, lookupCommand } from './lookup.js';
import { setArtifactOverride } from './artifact.js';
import { versionText } from './version.js';
import { SERVE_HELP, serveCommand } from './serve.js';
import { SEARCH_HELP, searchCommand } from './search.js';
import { WORKER_HELP, workerCommand } from './worker.js';

type Command = { help: string; run: (args: string[]) => Promise<number> };

const COMMANDS: Record<string, Command> = {
  detect: { help: DETECT_HELP, run: detectCommand },
  code: { help: CODE_HELP, run: codeCommand },
  lookup: { help: LOOKUP_HELP, run: lookupCommand },
  search: { help: SEARCH_HELP, run: searchCommand },
  serve: { help: SERVE_HELP, run: serveCommand },
  'build-data': { help: BUILD_HELP, run: buildDataCommand },
  'fetch-release': { help: FETCH_HELP, run: fetchReleaseCommand },
  worker: { help: WORKER_HELP, run: workerCommand },
};

function usage(): string {
  return [
    'usage: icd10cm [--artifact FILE] <command> [options]',
    '       icd10cm [--artifact FILE] --version',
    '  --artifact FILE  (detect, code, serve, lookup, search) compiled lexicon to use as is (also $ICD10CM_ARTIFACT); default data/icd10cm/icd10cm.bin, built when missing or stale',
    '',
    ...Object.values(COMMANDS).map((c) => c.help),
    '',
    'exit codes: 0 ok, 1 some documents failed, 2 usage error, 3 fatal error',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  // Global options come before the command name.
  while (argv[0]?.startsWith('--artifact') === true) {
    const [flag, ...more] = argv;
    const inline = flag?.startsWith('--artifact=') === true ? flag.slice('--artifact='.length) : undefined;
    const value = inline ?? more[0];
    if (flag !== '--artifact' && inline === undefined) break;
    if (value === undefined || value === '') {
      process.stderr.write(`icd10cm: --artifact needs a file\n${usage()}\n`);
      return EXIT.USAGE;
    }
    setArtifactOverride(value);
    argv = inline === undefined ? more.slice(1) : more;
  }
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(versionText());
    return EXIT.OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`icd10cm: unknown command '${name}'\n${usage()}\n`);
    return EXIT.USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return EXIT.OK;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`icd10cm ${name}: ${err.message}\n${command.help}\n`);
      return EXIT.USAGE;
    }
    process.stderr.write(`icd10cm ${name}: ${fatalLine(err)}\n`);
    return EXIT.FATAL;
  }
}

/** The one line a fatal error prints: no stack for errors we expect (ours, and the system's: ENOSPC, EADDRINUSE...). */
function fatalLine(err: unknown): string {
  if (err instanceof FatalError) return err.message;
  if (err instanceof IcdError) return `${err.code}: ${withFlagNames(err.message)}`;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (err instanceof Error && typeof code === 'string') return `${err.message} (${code})`;
  return String(err instanceof Error ? err.stack : err);
}
