/**
 * One error class for the whole engine. `code` is stable and documented; callers
 * switch on it rather than on messages. Validation failures carry every problem
 * found in `issues`, each with a path into the offending input.
 */
export type ErrorCode =
  | 'E_RELEASE_NOT_FOUND'
  | 'E_RELEASE_INVALID'
  | 'E_RELEASE_UNVERIFIED'
  | 'E_DOWNLOAD_FAILED'
  | 'E_ARTIFACT_MISSING'
  | 'E_ARTIFACT_INVALID'
  | 'E_ARTIFACT_VERSION'
  | 'E_RULES_INVALID'
  | 'E_OPTION_INVALID'
  | 'E_INPUT_INVALID'
  | 'E_INPUT_TOO_LARGE'
  | 'E_OUTPUT_TOO_LARGE'
  | 'E_BUSY'
  | 'E_WORKER_FAILED'
  | 'E_TIMEOUT'
  | 'E_ABORTED'
  | 'E_ARTIFACT_MISMATCH'
  | 'E_QUEUE_UNAVAILABLE'
  | 'E_INTERNAL';

export interface Issue {
  /** Where the problem is, e.g. `rules[12].direction` or `--threads`. */
  path: string;
  message: string;
  expected?: string;
  received?: string;
}

export class IcdError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly Issue[];

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; issues?: readonly Issue[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IcdError';
    this.code = code;
    this.issues = options.issues ?? [];
  }

  toJSON(): { code: ErrorCode; message: string; issues?: readonly Issue[] } {
    return this.issues.length > 0
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Wraps anything thrown into an IcdError, keeping an existing one as is. */
export function toIcdError(err: unknown, fallback: ErrorCode = 'E_INTERNAL'): IcdError {
  if (err instanceof IcdError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new IcdError(fallback, message, { cause: err });
}
