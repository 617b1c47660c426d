/**
 * Which artifact the CLI loads: `--artifact FILE` (global, before the command,
 * or as a command option), else $ICD10CM_ARTIFACT, else the package default. An
 * artifact named explicitly is used as is (`build: 'never'`): a test or a
 * deployment that names a file never wants a rebuild behind its back.
 */
import { statSync } from 'node:fs';
import type { LoadOptions } from '../engine.js';
import { UsageError } from './args.js';

let override: string | undefined;

export function setArtifactOverride(path: string): void {
  override = path;
}

/** `loadEngine` options for the artifact chosen on the command line or in the environment. */
export function artifactLoadOptions(commandOption?: string): LoadOptions {
  const env = process.env['ICD10CM_ARTIFACT'];
  const path = commandOption ?? override ?? (env !== undefined && env !== '' ? env : undefined);
  if (path === undefined) return {};
  // Named here, so the message names the flag rather than the library's option.
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) throw new UsageError(`--artifact names a directory, not a compiled lexicon file: ${path}`);
  return { artifactPath: path, build: 'never' };
}
