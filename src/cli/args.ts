/** Thin wrapper over node:util parseArgs that turns its errors into usage errors. */
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
