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
