/**
 * Finds, reads and checks the compiled lexicon, building it first when it is
 * missing, stale or damaged and the caller allows it. The one loading path of
 * `loadEngine` and `createPool`: both get a buffer whose hash and bounds were
 * checked (the bounds by mapping it, artifact/bounds.ts), so a damaged file is
 * an E_ARTIFACT_INVALID naming its section, never wrong codes or a hung scan.
 */
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { IcdError, type Issue } from '../errors.js';
import { DEFAULT_ARTIFACT, DOWNLOAD_HINT, findRelease } from '../paths.js';
import { CompiledLexicon } from './model.js';
import { hashedRanges, hashMismatch, readArtifactFile, readHeader, verifyArtifact, type HashedRange } from './read.js';
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
 * The hash of each range, computed on another thread over the same shared
 * memory (no copy). Inline CommonJS, so no file has to be found beside this
 * one, compiled or not.
 */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const bytes = new Uint8Array(workerData.buffer);
parentPort.postMessage(workerData.ranges.map((r) => createHash('sha256').update(bytes.subarray(r.from, r.to)).digest('hex')));
`;

function hashesElsewhere(buffer: SharedArrayBuffer, ranges: readonly HashedRange[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: { buffer, ranges: ranges.map((r) => ({ from: r.from, to: r.to })) } });
    worker.once('message', (hashes: string[]) => resolve(hashes));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the hashing thread exited with code ${code}`)));
  });
}

/**
 * `checkArtifact` with the hashes (about as much CPU as the bounds checks, ~0.2 s
 * each on the full release) on a second thread while this one checks the
 * bounds, so loading waits for the slower of the two rather than both. The
 * same checks, the same verdict: a hash mismatch is the error reported, whatever
 * the bounds checks found, as when they run one after the other.
 */
async function checkArtifactConcurrently(buffer: SharedArrayBuffer, internal: InternalLoadOptions): Promise<CompiledLexicon> {
  if (internal.verifyHash === false) return new CompiledLexicon(buffer);
  const ranges = hashedRanges(readHeader(buffer), buffer.byteLength);
  const hashes = hashesElsewhere(buffer, ranges);
  hashes.catch(() => {});
  let lexicon: CompiledLexicon | undefined;
  let boundsError: unknown;
  try {
    lexicon = new CompiledLexicon(buffer);
  } catch (err) {
    boundsError = err;
  }
  let actual: string[];
  try {
    actual = await hashes;
  } catch {
    // No thread to be had (a resource limit): hash here instead.
    verifyArtifact(buffer);
    actual = ranges.map((r) => r.sha256);
  }
  const mismatch = hashMismatch(ranges, actual);
  if (mismatch !== null) throw mismatch;
  if (lexicon === undefined) throw boundsError;
  return lexicon;
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
      found = { path, buffer, lexicon: await checkArtifactConcurrently(buffer, internal) };
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
  return { path, buffer, lexicon: await checkArtifactConcurrently(buffer, internal) };
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
