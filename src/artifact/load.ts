/**
 * Finds, reads and checks the compiled lexicon, building it first when it is
 * missing, stale or damaged and the caller allows it. The one loading path of
 * `loadEngine` and `createPool`: both get a buffer whose hash and bounds were
 * checked (the bounds by mapping it, artifact/bounds.ts), so a damaged file is
 * an E_ARTIFACT_INVALID naming its section, never wrong codes or a hung scan.
 */
import { statSync } from 'node:fs';
import { IcdError, type Issue } from '../errors.js';
import { DEFAULT_ARTIFACT, DOWNLOAD_HINT, findRelease } from '../paths.js';
import { CompiledLexicon } from './model.js';
import { readArtifactFile, verifyArtifact } from './read.js';
import { staleReason } from './stale.js';

export interface ArtifactLoadOptions {
  artifactPath?: string;
  release?: string;
  build?: 'auto' | 'never';
  log?: (line: string) => void;
}

export interface CheckedArtifact {
  path: string;
  buffer: SharedArrayBuffer;
  /** The lexicon mapped (and bounds-checked) over `buffer`, for an engine on this thread. */
  lexicon: CompiledLexicon;
}

/**
 * Internal switch for tests: `verifyHash: false` skips the body hash so that
 * the bounds checks alone can be shown to stop a damaged file.
 */
export interface InternalLoadOptions {
  verifyHash?: boolean;
}

/** Validates load options: every problem, with the option's name as its path. */
export function validateArtifactOptions(o: ArtifactLoadOptions, known: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  for (const k of Object.keys(o)) if (!known.has(k)) issues.push({ path: k, message: 'unknown option' });
  for (const k of ['artifactPath', 'release'] as const) {
    const v = o[k];
    if (v !== undefined && (typeof v !== 'string' || v === '')) issues.push({ path: k, message: 'must be a non-empty string', received: String(v) });
  }
  if (o.build !== undefined && o.build !== 'auto' && o.build !== 'never') {
    issues.push({ path: 'build', message: "must be 'auto' or 'never'", expected: "'auto' | 'never'", received: String(o.build) });
  }
  if (o.log !== undefined && typeof o.log !== 'function') issues.push({ path: 'log', message: 'must be a function', received: typeof o.log });
  return issues;
}

/** Reads `buffer`'s checks in order: header, section hashes (unless skipped), bounds. */
export function checkArtifact(buffer: SharedArrayBuffer, internal: InternalLoadOptions = {}): CompiledLexicon {
  if (internal.verifyHash !== false) verifyArtifact(buffer);
  return new CompiledLexicon(buffer);
}

/**
 * The artifact at `artifactPath` (default: the package's), checked. With
 * `build: 'auto'` (default) a missing, stale or damaged one is built again from
 * the release first, with a line on `log` saying why.
 */
export async function loadArtifact(o: ArtifactLoadOptions, internal: InternalLoadOptions = {}): Promise<CheckedArtifact> {
  const path = o.artifactPath ?? DEFAULT_ARTIFACT;
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const mode = o.build ?? 'auto';
  let kind: 'missing' | 'stale' | 'invalid' | undefined;
  let reason = '';
  let found: CheckedArtifact | undefined;
  const stat = statOf(path);
  if (stat === undefined) {
    kind = 'missing';
    reason = 'no compiled lexicon yet';
  } else if (!stat.isFile()) {
    throw new IcdError('E_OPTION_INVALID', `artifactPath names ${stat.isDirectory() ? 'a directory' : 'something other than a file'}: ${path}`, {
      issues: [{ path: 'artifactPath', message: 'must name a file', received: path }],
    });
  } else {
    try {
      const buffer = readArtifactFile(path);
      found = { path, buffer, lexicon: checkArtifact(buffer, internal) };
      if (mode === 'auto') {
        const stale = staleReason(found.lexicon.header, findRelease(o.release)?.dir);
        if (stale !== null) {
          kind = 'stale';
          reason = stale;
        }
      }
    } catch (err) {
      if (!(err instanceof IcdError) || (err.code !== 'E_ARTIFACT_INVALID' && err.code !== 'E_ARTIFACT_VERSION')) throw err;
      if (mode === 'never') throw err;
      kind = 'invalid';
      reason = err.message;
    }
  }
  if (kind === undefined && found !== undefined) return found;
  if (mode === 'never') throw new IcdError('E_ARTIFACT_MISSING', `cannot use ${path}: ${reason}; run \`icd10cm build-data\``);
  const release = findRelease(o.release);
  if (release === undefined) {
    const code = kind === 'invalid' ? 'E_ARTIFACT_INVALID' : 'E_RELEASE_NOT_FOUND';
    throw new IcdError(code, `cannot build the compiled lexicon (${reason}): no ICD-10-CM release found. ${DOWNLOAD_HINT}`);
  }
  const why = kind === 'invalid' ? `the file is damaged: ${reason}` : reason;
  log(`icd10cm: building ${path} from ${release.dir} (${why}); about half a minute, once`);
  const { buildArtifact } = await import('../build.js');
  const result = await buildArtifact(release.dir, path);
  log(`icd10cm: built in ${result.seconds.total.toFixed(1)} s`);
  const buffer = readArtifactFile(path);
  return { path, buffer, lexicon: checkArtifact(buffer, internal) };
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
