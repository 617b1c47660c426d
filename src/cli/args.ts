/** Thin wrapper over node:util parseArgs that turns its errors into usage errors. */
import { availableParallelism } from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { IcdError } from '../errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(args: string[], options: Options): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export class UsageError extends IcdError {
  constructor(message: string) {
    super('E_OPTION_INVALID', message);
    this.name = 'UsageError';
  }
}

/** A positive integer option value, or a usage error naming the option. */
export function intOption(value: unknown, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}, got ${String(value)}`);
  return n;
}

/**
 * `--threads N`: default all cores, at most 4x the cores. Hundreds of threads
 * each build an engine (~0.5 s of CPU, tens of MB) and can abort V8 at start.
 */
export function threadsOption(value: unknown): number {
  const cores = availableParallelism();
  const n = intOption(value, 'threads') ?? cores;
  if (n > 4 * cores) throw new UsageError(`--threads must be at most ${4 * cores} (4x the ${cores} cores here), got ${n}`);
  return n;
}

/** Library option names and the CLI flags that set them, for messages the library wrote. */
export const FLAG_OF: ReadonlyArray<[RegExp, string]> = [
  [/\bmaxDocumentChars\b/g, '--max-doc-chars'],
  [/\bmaxOutputBytes\b/g, '--max-output-bytes'],
  [/\btaskTimeout\b/g, '--task-timeout'],
  [/\bmaxInFlight\b/g, '--max-in-flight'],
  [/\bmaxBodyBytes\b/g, '--max-body-bytes'],
  [/\bartifactPath\b/g, '--artifact'],
];

/** A library message as the CLI shows it: option names replaced by the flags that set them. */
export function withFlagNames(message: string): string {
  let m = message;
  for (const [name, flag] of FLAG_OF) m = m.replace(name, flag);
  return m;
}
