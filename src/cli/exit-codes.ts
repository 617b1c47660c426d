/** Documented process exit codes (README "CLI"). */
export const EXIT = {
  OK: 0,
  /** Some documents became error records; the others were processed. */
  SOME_FAILED: 1,
  /** Bad command line: unknown command or option, missing argument. */
  USAGE: 2,
  /** Nothing could run: no release, unreadable artifact, unwritable output. */
  FATAL: 3,
} as const;

/**
 * A failure that ends the run with exit 3 and its message as the one line on
 * standard error (no code, no stack): an unwritable output, a port in use.
 */
export class FatalError extends Error {
  override name = 'FatalError';
}
