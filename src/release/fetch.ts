/**
 * `icd10cm fetch-release`: brings in a fiscal year's release from CMS (or a
 * mirror, or a folder). The two zips are downloaded into a cache beside the
 * target, checked against the known SHA-256 values, and only the files the build
 * reads are extracted, into a hidden temporary folder that is renamed into place
 * when complete: a failure at any point leaves the previous release as it was.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { IcdError } from '../errors.js';
import { isMember, roleOf, versionOf, yearIn } from '../lexicon/files.js';
import type { SourceFile } from '../lexicon/types.js';
import { USER_RELEASE_DIR } from '../paths.js';
import { download, isUrl } from './download.js';
import { MANIFEST_FORMAT, MANIFEST_NAME, readManifest, type DownloadKind, type KnownDownload, type Manifest, type ManifestFile } from './manifest.js';
import { CMS_BASE_URL, cmsZipNames, knownDownloads } from './shipped.js';

export interface FetchReleaseOptions {
  /** The fiscal year, e.g. 2027. */
  fiscalYear: number;
  /** Base URL or local folder holding the zips under CMS's names; default the CMS site. */
  from?: string;
  /** Folder to fill; default data/icd10cm/release/FY<year>/, where the default release search finds it. */
  into?: string;
  /** Accept zips whose SHA-256 is not known (the hash is printed to record). */
  trustUnknown?: boolean;
  /** Known zips; default the shipped manifest's `downloads`. */
  known?: readonly KnownDownload[];
  /** Longest wait for a connection or for the next bytes; default 60,000 ms. */
  timeoutMs?: number;
  /** Progress and notices; default standard error. */
  log?: (line: string) => void;
  /** Redraw a progress line as bytes arrive (a terminal); default: whether standard error is one. */
  progress?: boolean;
}

export interface FetchedRelease {
  dir: string;
  manifest: Manifest;
}

/** Which files each zip must give the build. */
const REQUIRED: Record<DownloadKind, readonly SourceFile['role'][]> = {
  'code-descriptions': ['order'],
  'code-tables': ['tabular', 'index'],
};

const HOLDS: Record<SourceFile['role'], string> = {
  order: 'Order file: every code, its billable flag, short and long titles',
  tabular: 'Tabular List XML',
  index: 'Alphabetic Index to Diseases and Injuries XML',
  'external-cause': 'External Cause of Injuries Index XML',
  drug: 'Table of Drugs and Chemicals XML',
  neoplasm: 'Table of Neoplasms XML',
};

export const FETCH_DEFAULTS = { timeoutMs: 60_000 } as const;

export async function fetchRelease(options: FetchReleaseOptions): Promise<FetchedRelease> {
  const year = options.fiscalYear;
  if (!Number.isInteger(year) || year < 2016 || year > 2100) {
    throw new IcdError('E_OPTION_INVALID', `fiscal year must be a year from 2016 on, got ${String(year)}`, { issues: [{ path: 'fiscalYear', message: 'not a fiscal year' }] });
  }
  const from = options.from ?? CMS_BASE_URL;
  const into = resolve(options.into ?? join(USER_RELEASE_DIR, `FY${year}`));
  const parent = dirname(into);
  // Dot-names: the release reader skips them, so a build running meanwhile never sees half a release.
  const cache = join(parent, `.${basename(into)}.downloads`);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const known = options.known ?? knownDownloads();
  const progress = options.progress ?? process.stderr.isTTY === true;
  await refuseForeignFolder(into);
  await mkdir(cache, { recursive: true });

  const names = cmsZipNames(year);
  const zips: Array<{ kind: DownloadKind; record: KnownDownload; bytes: Uint8Array }> = [];
  for (const kind of Object.keys(names) as DownloadKind[]) {
    const name = names[kind];
    const where = isUrl(from) ? new URL(name, from.endsWith('/') ? from : `${from}/`).href : join(from, name);
    const entry = known.find((k) => k.name === name);
    const { bytes, sha256, verdict } = await obtain(from, name, join(cache, name), entry, options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs, log, progress);
    const accepted = verdict === 'known' ? 'known-hash' : 'trust-unknown';
    if (verdict === 'unknown') {
      if (options.trustUnknown !== true) {
        throw new IcdError(
          'E_RELEASE_UNVERIFIED',
          `${name}: sha256 ${sha256} (${bytes.length} bytes) is not a known hash; compare it with the one CMS publishes, then run again with --trust-unknown (the download is kept in ${cache})`,
          { issues: [{ path: name, message: 'unknown sha256', received: sha256 }] },
        );
      }
      log(`icd10cm: ${name}: accepted an unknown hash because of --trust-unknown; record it: sha256 ${sha256}, ${bytes.length} bytes`);
    } else {
      log(`icd10cm: ${name}: sha256 matches the known hash (${bytes.length} bytes)`);
    }
    zips.push({ kind, bytes, record: { name, fiscalYear: year, kind, bytes: bytes.length, sha256, source: where, accepted } });
  }

  const temp = join(parent, `.${basename(into)}.partial-${process.pid}`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  try {
    const files: ManifestFile[] = [];
    for (const zip of zips) files.push(...(await extract(zip.kind, zip.record, zip.bytes, temp, year)));
    const manifest: Manifest = {
      format: MANIFEST_FORMAT,
      about: `ICD-10-CM FY${year}, extracted by icd10cm fetch-release from the zips in \`downloads\`; the build checks the files against it.`,
      files,
      downloads: zips.map((z) => z.record),
    };
    await writeFile(join(temp, MANIFEST_NAME), `${JSON.stringify(manifest, null, 2)}\n`);
    await swapIn(temp, into);
    await rm(cache, { recursive: true, force: true });
    return { dir: into, manifest };
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * The zip's bytes, downloaded unless an earlier run left it complete in the
 * cache. A zip with no known entry is 'unknown' (the caller decides); a
 * mismatch against a known hash deletes the file; if the bytes came
 * partly from an earlier attempt, the download is retried once from scratch,
 * since the old part may belong to another version of the file.
 */
async function obtain(
  from: string,
  name: string,
  dest: string,
  entry: KnownDownload | undefined,
  timeoutMs: number,
  log: (line: string) => void,
  progress: boolean,
): Promise<{ bytes: Uint8Array; sha256: string; verdict: 'known' | 'unknown' }> {
  for (let attempt = 0; ; attempt++) {
    let resumed = existsSync(dest);
    if (!resumed) {
      const bar = progressLine(name, log, progress);
      const got = await download(from, name, dest, { timeoutMs, progress: bar.update }).finally(bar.end);
      resumed = got.resumedFrom > 0;
      if (resumed) log(`icd10cm: ${name}: resumed after ${got.resumedFrom} bytes`);
    } else {
      log(`icd10cm: ${name}: using the complete download left by an earlier run`);
    }
    const bytes = new Uint8Array(await readFile(dest));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (entry === undefined) return { bytes, sha256, verdict: 'unknown' };
    if (entry.sha256 === sha256 && entry.bytes === bytes.length) return { bytes, sha256, verdict: 'known' };
    await rm(dest, { force: true });
    if (!resumed || attempt > 0) {
      throw new IcdError('E_RELEASE_UNVERIFIED', `${name}: sha256 ${sha256} (${bytes.length} bytes) does not match the known hash; the download was deleted (run again to fetch it afresh)`, {
        issues: [{ path: name, message: 'sha256 mismatch', received: sha256 }],
      });
    }
    log(`icd10cm: ${name}: the resumed download does not match the known hash; downloading it afresh`);
  }
}

/** Writes the zip's members that the build reads; every file is listed with its hash. */
async function extract(kind: DownloadKind, record: KnownDownload, zip: Uint8Array, dir: string, year: number): Promise<ManifestFile[]> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(zip, { filter: (f) => isMember(f.name) });
  } catch (cause) {
    throw new IcdError('E_RELEASE_INVALID', `${record.name} is not a readable zip (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
  }
  const out: ManifestFile[] = [];
  for (const member of Object.keys(members).sort()) {
    const content = members[member] as Uint8Array;
    const head = new TextDecoder().decode(content.subarray(0, 4096));
    const role = roleOf(head);
    if (role === undefined) continue;
    const name = basename(member);
    if (out.some((f) => f.name === name)) throw new IcdError('E_RELEASE_INVALID', `${record.name} holds two files named ${name}`);
    await writeFile(join(dir, name), content);
    out.push({
      name,
      fiscalYear: versionOf(head) ?? yearIn(name) ?? year,
      role,
      holds: HOLDS[role],
      packaging: `extracted from ${record.name} (member ${member})`,
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      publishedBy: 'CMS',
      ...(record.source === undefined ? {} : { publishedAt: record.source }),
      from: record.name,
    });
  }
  const missing = REQUIRED[kind].filter((r) => !out.some((f) => f.role === r));
  if (missing.length > 0) {
    throw new IcdError('E_RELEASE_INVALID', `${record.name} holds no ${missing.map((r) => HOLDS[r]).join(' and no ')}`, {
      issues: missing.map((r) => ({ path: record.name, message: `no ${r} file` })),
    });
  }
  return out;
}

/**
 * The target is replaced whole, so it must be new, empty, or an earlier
 * fetch-release folder (its manifest records how each zip was accepted): never
 * the shipped release or a folder of the user's own files.
 */
async function refuseForeignFolder(into: string): Promise<void> {
  if (!existsSync(into) || (await readdir(into)).length === 0) return;
  let ours = false;
  try {
    const m = readManifest(into);
    ours = m !== undefined && m.downloads.length > 0 && m.downloads.every((d) => d.accepted !== undefined);
  } catch {
    // a malformed manifest is not ours either
  }
  if (!ours) {
    throw new IcdError('E_OPTION_INVALID', `${into} holds files that fetch-release did not write; name a new or empty folder with --into`, {
      issues: [{ path: '--into', message: 'folder in use', received: into }],
    });
  }
}

/** Puts the finished folder in place of `into`, keeping the old one until the new one is there. */
async function swapIn(temp: string, into: string): Promise<void> {
  if (!existsSync(into)) {
    await rename(temp, into);
    return;
  }
  const old = join(dirname(into), `.${basename(into)}.old-${process.pid}`);
  await rename(into, old);
  try {
    await rename(temp, into);
  } catch (err) {
    await rename(old, into);
    throw err;
  }
  await rm(old, { recursive: true, force: true });
}

/** On a terminal, one redrawn line per download; elsewhere a line when it starts. */
function progressLine(name: string, log: (line: string) => void, tty: boolean): { update: (n: number, total: number | undefined) => void; end: () => void } {
  const mb = (n: number): string => (n / 1048576).toFixed(1);
  if (!tty) {
    log(`icd10cm: downloading ${name}`);
    return { update: () => undefined, end: () => undefined };
  }
  let last = 0;
  let drawn = false;
  return {
    update: (n, total) => {
      const now = Date.now();
      if (now - last < 100 && n !== total) return;
      last = now;
      drawn = true;
      const pct = total === undefined ? '' : ` (${Math.floor((100 * n) / total)}%)`;
      process.stderr.write(`\r\x1b[2Kicd10cm: ${name} ${mb(n)}${total === undefined ? '' : ` of ${mb(total)}`} MiB${pct}`);
    },
    end: () => {
      if (drawn) process.stderr.write('\n');
    },
  };
}
