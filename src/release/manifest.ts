/**
 * Release manifests: MANIFEST.json beside release files says what each file is
 * and what its bytes hash to. The shipped one (data/icd10cm/release/) also
 * lists the CMS zips whose hashes are known, for `icd10cm fetch-release`;
 * fetch-release writes one of its own beside the files it extracts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IcdError, type Issue } from '../errors.js';
import type { SourceFile } from '../lexicon/types.js';

export const MANIFEST_NAME = 'MANIFEST.json';
export const MANIFEST_FORMAT = 1;

export interface ManifestFile {
  /** File name in the manifest's folder. */
  name: string;
  fiscalYear: number;
  role: SourceFile['role'];
  /** What the file holds, in words. */
  holds: string;
  bytes: number;
  sha256: string;
  /** How the published bytes were packaged here ("the CMS zip, byte for byte"). */
  packaging?: string;
  /** The document read inside a .gz or .zip. */
  content?: { name: string; bytes: number; sha256: string };
  publishedBy?: string;
  /** Where CMS/NCHS publishes it. */
  publishedAt?: string;
  /** For an extracted file: the zip (a `downloads` entry) it came from. */
  from?: string;
}

export type DownloadKind = 'code-descriptions' | 'code-tables';

export interface KnownDownload {
  name: string;
  fiscalYear: number;
  kind: DownloadKind;
  bytes: number;
  sha256: string;
  /** Where the hash was learned. */
  source?: string;
  /** How fetch-release accepted it: its hash was known, or the user passed --trust-unknown. */
  accepted?: 'known-hash' | 'trust-unknown';
}

export interface Manifest {
  format: number;
  about?: string;
  files: ManifestFile[];
  downloads: KnownDownload[];
}

const ROLES: readonly SourceFile['role'][] = ['order', 'tabular', 'index', 'external-cause', 'drug', 'neoplasm'];
const KINDS: readonly DownloadKind[] = ['code-descriptions', 'code-tables'];
const SHA256 = /^[0-9a-f]{64}$/;

/** The manifest in `dir`, or undefined when it has none. Rejects a malformed one with E_RELEASE_INVALID. */
export function readManifest(dir: string): Manifest | undefined {
  const path = join(dir, MANIFEST_NAME);
  if (!existsSync(path)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new IcdError('E_RELEASE_INVALID', `${path} is not readable JSON`, { cause, issues: [{ path, message: String(cause) }] });
  }
  return parseManifest(value, path);
}

/** Checks a parsed manifest; every problem is reported at once, with its path. */
export function parseManifest(value: unknown, where: string): Manifest {
  const issues: Issue[] = [];
  const bad = (path: string, message: string, expected?: string): void => {
    issues.push(expected === undefined ? { path, message } : { path, message, expected });
  };
  if (!isRecord(value)) throw new IcdError('E_RELEASE_INVALID', `${where}: not a JSON object`, { issues: [{ path: '', message: 'not an object' }] });
  unknownKeys(value, ['format', 'about', 'files', 'downloads'], '', bad);
  if (value['format'] !== MANIFEST_FORMAT) bad('format', 'unsupported format', String(MANIFEST_FORMAT));
  const list = (key: string): unknown[] => {
    const v = value[key] ?? [];
    if (Array.isArray(v)) return v;
    bad(key, 'must be an array');
    return [];
  };
  const files = list('files');
  const downloads = list('downloads');
  files.forEach((f, i) => {
    const at = `files[${i}]`;
    if (!isRecord(f)) return bad(at, 'must be an object');
    unknownKeys(f, ['name', 'fiscalYear', 'role', 'holds', 'bytes', 'sha256', 'packaging', 'content', 'publishedBy', 'publishedAt', 'from'], at, bad);
    common(f, at, bad);
    if (!ROLES.includes(f['role'] as SourceFile['role'])) bad(`${at}.role`, 'unknown role', ROLES.join(', '));
    if (typeof f['holds'] !== 'string' || f['holds'] === '') bad(`${at}.holds`, 'must say what the file holds');
    const c = f['content'];
    if (c !== undefined) {
      if (!isRecord(c)) bad(`${at}.content`, 'must be an object');
      else {
        unknownKeys(c, ['name', 'bytes', 'sha256'], `${at}.content`, bad);
        common(c, `${at}.content`, bad, false);
      }
    }
  });
  downloads.forEach((d, i) => {
    const at = `downloads[${i}]`;
    if (!isRecord(d)) return bad(at, 'must be an object');
    unknownKeys(d, ['name', 'fiscalYear', 'kind', 'bytes', 'sha256', 'source', 'accepted'], at, bad);
    common(d, at, bad);
    if (!KINDS.includes(d['kind'] as DownloadKind)) bad(`${at}.kind`, 'unknown kind', KINDS.join(', '));
  });
  if (issues.length > 0) {
    throw new IcdError('E_RELEASE_INVALID', `${where} has ${issues.length} problem(s): ${issues[0]?.path}: ${issues[0]?.message}`, { issues });
  }
  return value as unknown as Manifest;
}

function common(o: Record<string, unknown>, at: string, bad: (path: string, message: string, expected?: string) => void, year = true): void {
  if (typeof o['name'] !== 'string' || o['name'] === '' || /[/\\]/.test(o['name'])) bad(`${at}.name`, 'must be a file name (no folders)');
  if (year && !(Number.isInteger(o['fiscalYear']) && (o['fiscalYear'] as number) >= 2000)) bad(`${at}.fiscalYear`, 'must be a year', 'e.g. 2026');
  if (!(Number.isInteger(o['bytes']) && (o['bytes'] as number) >= 0)) bad(`${at}.bytes`, 'must be a byte count');
  if (typeof o['sha256'] !== 'string' || !SHA256.test(o['sha256'])) bad(`${at}.sha256`, 'must be 64 lower-case hex digits');
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], at: string, bad: (path: string, message: string, expected?: string) => void): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) bad(at === '' ? k : `${at}.${k}`, 'unknown key', allowed.join(', '));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
