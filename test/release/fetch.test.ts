/**
 * fetch-release against a loopback HTTP server (never the real site): made-up
 * zips in CMS's layout, served whole, with a wrong hash, cut short, stalled, or
 * not at all. Whatever fails, the target folder is either the old one or absent.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IcdError } from '../../src/errors.js';
import { readRelease } from '../../src/lexicon/release.js';
import { fetchRelease, type FetchReleaseOptions } from '../../src/release/fetch.js';
import type { KnownDownload } from '../../src/release/manifest.js';
import { cmsZipNames } from '../../src/release/shipped.js';
import { USER_RELEASE_DIR } from '../../src/paths.js';
import { runCli } from '../cli/run-cli.js';
import { assertDistFresh } from '../helpers/pool-fixtures.js';
import { INDEX, ORDER_2099, TABULAR } from '../lexicon/fixtures.js';
import { orderLine } from '../lexicon/helpers.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const NAMES = cmsZipNames(2099);
const ORDER_TEXT = ORDER_2099.map(([code, billable, long], i) => orderLine(i + 1, code, billable, long.slice(0, 60), long)).join('\r\n') + '\r\n';

// Pseudo-random filler (stored, not deflated) makes the tables zip long enough to be cut mid-stream.
const filler = new Uint8Array(400_000).map((_, i) => (i * 2654435761) >>> 24);
const ORDER_ZIP = zipSync({
  'Code Descriptions/icd10cm_order_2099.txt': strToU8(ORDER_TEXT),
  'Code Descriptions/icd10cm_order_addenda_2099.txt': strToU8('Add:   A10 something\n'),
  'icd10OrderFiles.pdf': strToU8('%PDF-1.4 made up'),
});
const TABLES_ZIP = zipSync({
  'Table and Index/icd10cm_tabular_2099.xml': strToU8(TABULAR),
  'Table and Index/icd10cm_index_2099.xml': strToU8(INDEX),
  'Table and Index/icd10cm_tabular_2099.pdf': [filler, { level: 0 }],
  'icd-10-cm-tabular-2099.xsd': strToU8('<xs:schema/>'),
});
const NO_TABULAR_ZIP = zipSync({ 'icd10cm_index_2097.xml': strToU8(INDEX.replace('2099', '2097')) });

const KNOWN: KnownDownload[] = [
  { name: NAMES['code-descriptions'], fiscalYear: 2099, kind: 'code-descriptions', bytes: ORDER_ZIP.length, sha256: sha(ORDER_ZIP) },
  { name: NAMES['code-tables'], fiscalYear: 2099, kind: 'code-tables', bytes: TABLES_ZIP.length, sha256: sha(TABLES_ZIP) },
];

type Behaviour = 'whole' | 'truncate' | 'stall';
let behaviour: Behaviour = 'whole';
const files = new Map<string, Uint8Array>([
  [NAMES['code-descriptions'], ORDER_ZIP],
  [NAMES['code-tables'], TABLES_ZIP],
  ['2097-code-descriptions-tabular-order.zip', ORDER_ZIP],
  ['2097-code-tables-tabular-and-index.zip', NO_TABULAR_ZIP],
]);
const requests: Array<{ name: string; range: string | undefined }> = [];
const sockets = new Set<Socket>();
let server: Server;
let base: string;

/** Serves `files`; the tables zip is cut or stalled according to `behaviour`; honours `Range: bytes=N-`. */
function serve(req: IncomingMessage, res: ServerResponse): void {
  const name = decodeURIComponent((req.url ?? '/').slice(1));
  requests.push({ name, range: req.headers.range });
  const body = files.get(name);
  if (body === undefined) {
    res.writeHead(404).end();
    return;
  }
  const from = Number(/^bytes=(\d+)-$/.exec(req.headers.range ?? '')?.[1] ?? 0);
  const rest = body.subarray(from);
  const headers: Record<string, string | number> = { 'content-type': 'application/zip', 'content-length': rest.length };
  if (from > 0) headers['content-range'] = `bytes ${from}-${body.length - 1}/${body.length}`;
  res.writeHead(from > 0 ? 206 : 200, headers);
  const special = name === NAMES['code-tables'] ? behaviour : 'whole';
  if (special === 'whole') res.end(rest);
  // end(), not destroy(): a graceful close delivers every byte written before it, so the client always keeps half.
  else if (special === 'truncate') res.write(rest.subarray(0, Math.floor(rest.length / 2)), () => res.socket?.end());
  else res.write(rest.subarray(0, 1000)); // then nothing: the connection stays open until the client gives up
}

beforeAll(async () => {
  server = createServer(serve);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
afterEach(() => {
  behaviour = 'whole';
  requests.length = 0;
});

const dirs: string[] = [];
async function parent(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'icd10cm-fetch-'));
  dirs.push(dir);
  return dir;
}

function options(into: string, more: Partial<FetchReleaseOptions> = {}): FetchReleaseOptions & { lines: string[] } {
  const lines: string[] = [];
  return { fiscalYear: 2099, from: base, into, known: KNOWN, timeoutMs: 5_000, progress: false, log: (l) => lines.push(l), lines, ...more };
}

async function rejection(p: Promise<unknown>): Promise<IcdError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IcdError);
  return err as IcdError;
}

describe('fetchRelease', () => {
  it('downloads both zips, checks their hashes, and extracts only the files the build reads', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    const o = options(into);
    const got = await fetchRelease(o);
    expect(got.dir).toBe(into);
    expect(readdirSync(into).sort()).toEqual(['MANIFEST.json', 'icd10cm_index_2099.xml', 'icd10cm_order_2099.txt', 'icd10cm_tabular_2099.xml']);
    expect(readdirSync(dir)).toEqual(['FY2099']); // no temporary folder, no download cache
    expect(readFileSync(join(into, 'icd10cm_tabular_2099.xml'), 'utf8')).toBe(TABULAR);
    expect(got.manifest.downloads.map((d) => [d.name, d.sha256, d.accepted])).toEqual([
      [NAMES['code-descriptions'], sha(ORDER_ZIP), 'known-hash'],
      [NAMES['code-tables'], sha(TABLES_ZIP), 'known-hash'],
    ]);
    expect(got.manifest.files.map((f) => [f.name, f.role, f.fiscalYear, f.from])).toEqual([
      ['icd10cm_order_2099.txt', 'order', 2099, NAMES['code-descriptions']],
      ['icd10cm_index_2099.xml', 'index', 2099, NAMES['code-tables']],
      ['icd10cm_tabular_2099.xml', 'tabular', 2099, NAMES['code-tables']],
    ]);
    expect(o.lines.filter((l) => l.includes('matches the known hash'))).toHaveLength(2);
    // The build reads what was written, and checks every file against the manifest written with it.
    const lex = await readRelease(into);
    expect(lex.codesFiscalYear).toBe(2099);
    expect(lex.report.verification).toEqual({
      verified: [
        { file: 'icd10cm_order_2099.txt', manifest: 'MANIFEST.json' },
        { file: 'icd10cm_tabular_2099.xml', manifest: 'MANIFEST.json' },
        { file: 'icd10cm_index_2099.xml', manifest: 'MANIFEST.json' },
      ],
      unchecked: [],
    });
  });

  it('refuses a zip whose hash differs from the known one, deletes it, and leaves no release', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    const wrong = KNOWN.map((k) => (k.kind === 'code-tables' ? { ...k, sha256: sha('something else') } : k));
    const err = await rejection(fetchRelease(options(into, { known: wrong })));
    expect(err.code).toBe('E_RELEASE_UNVERIFIED');
    expect(err.message).toContain(`${NAMES['code-tables']}: sha256 ${sha(TABLES_ZIP)}`);
    expect(err.message).toContain('does not match the known hash');
    expect(existsSync(into)).toBe(false);
    expect(existsSync(join(dir, '.FY2099.downloads', NAMES['code-tables']))).toBe(false);
  });

  it('refuses an unknown hash unless trusted, then prints it to record', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    const err = await rejection(fetchRelease(options(into, { known: [] })));
    expect(err.code).toBe('E_RELEASE_UNVERIFIED');
    expect(err.message).toContain(`sha256 ${sha(ORDER_ZIP)}`);
    expect(err.message).toContain('--trust-unknown');
    expect(existsSync(into)).toBe(false);
    requests.length = 0;
    const o = options(into, { known: [], trustUnknown: true });
    const got = await fetchRelease(o);
    expect(got.manifest.downloads.map((d) => d.accepted)).toEqual(['trust-unknown', 'trust-unknown']);
    expect(o.lines.join('\n')).toContain(`record it: sha256 ${sha(TABLES_ZIP)}, ${TABLES_ZIP.length} bytes`);
    // The refused order zip was kept, so the second run downloaded only the other one.
    expect(requests.map((r) => r.name)).toEqual([NAMES['code-tables']]);
  });

  it('keeps a download cut short, says so, and resumes it on the next run', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    behaviour = 'truncate';
    const err = await rejection(fetchRelease(options(into)));
    expect(err.code).toBe('E_DOWNLOAD_FAILED');
    expect(err.message).toMatch(new RegExp(`stopped after \\d+ of ${TABLES_ZIP.length} bytes`));
    expect(existsSync(into)).toBe(false);
    const part = join(dir, '.FY2099.downloads', `${NAMES['code-tables']}.part`);
    const kept = statSync(part).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(TABLES_ZIP.length);
    behaviour = 'whole';
    requests.length = 0;
    const o = options(into);
    await fetchRelease(o);
    expect(requests).toEqual([{ name: NAMES['code-tables'], range: `bytes=${kept}-` }]);
    expect(o.lines.join('\n')).toContain(`resumed after ${kept} bytes`);
    expect(readFileSync(join(into, 'icd10cm_index_2099.xml'), 'utf8')).toBe(INDEX);
  });

  it('gives up on a server that stops sending, with the wait in the message', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    behaviour = 'stall';
    const err = await rejection(fetchRelease(options(into, { timeoutMs: 300 })));
    expect(err.code).toBe('E_DOWNLOAD_FAILED');
    expect(err.message).toContain(`${base}${NAMES['code-tables']}: no data for 0.3 s`);
    expect(existsSync(into)).toBe(false);
  });

  it('reports an HTTP error with its status', async () => {
    const err = await rejection(fetchRelease(options(join(await parent(), 'FY2098'), { fiscalYear: 2098 })));
    expect(err.code).toBe('E_DOWNLOAD_FAILED');
    expect(err.message).toBe(`${base}2098-code-descriptions-tabular-order.zip: HTTP 404 Not Found`);
  });

  it('refuses a code-tables zip without a Tabular List', async () => {
    const err = await rejection(fetchRelease(options(join(await parent(), 'FY2097'), { fiscalYear: 2097, trustUnknown: true })));
    expect(err.code).toBe('E_RELEASE_INVALID');
    expect(err.message).toBe('2097-code-tables-tabular-and-index.zip holds no Tabular List XML');
  });

  it('replaces an earlier fetch only once the new one is complete', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    await fetchRelease(options(into));
    writeFileSync(join(into, 'left-by-the-first-run.txt'), 'old');
    behaviour = 'truncate';
    await rejection(fetchRelease(options(into)));
    expect(readdirSync(into)).toContain('left-by-the-first-run.txt');
    behaviour = 'whole';
    await fetchRelease(options(into));
    expect(readdirSync(into).sort()).toEqual(['MANIFEST.json', 'icd10cm_index_2099.xml', 'icd10cm_order_2099.txt', 'icd10cm_tabular_2099.xml']);
    expect(readdirSync(dir)).toEqual(['FY2099']);
  });

  it('never replaces a folder it did not write', async () => {
    const dir = await parent();
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const err = await rejection(fetchRelease(options(dir)));
    expect(err.code).toBe('E_OPTION_INVALID');
    expect(err.message).toBe(`${dir} holds files that fetch-release did not write; name a new or empty folder with --into`);
    expect(requests).toEqual([]);
    const shipped = await rejection(fetchRelease(options(USER_RELEASE_DIR)));
    expect(shipped.code).toBe('E_OPTION_INVALID');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('reads the zips from a local folder', async () => {
    const src = await parent();
    writeFileSync(join(src, NAMES['code-descriptions']), ORDER_ZIP);
    writeFileSync(join(src, NAMES['code-tables']), TABLES_ZIP);
    const into = join(await parent(), 'FY2099');
    const got = await fetchRelease(options(into, { from: src }));
    expect(got.manifest.downloads.map((d) => d.source)).toEqual([join(src, NAMES['code-descriptions']), join(src, NAMES['code-tables'])]);
    expect(readdirSync(into)).toContain('icd10cm_order_2099.txt');
  });
});

describe('icd10cm fetch-release', () => {
  beforeAll(() => assertDistFresh(['src/cli/main.ts', 'src/cli/fetch-release.ts', 'src/release/fetch.ts', 'src/release/download.ts', 'src/cli/version.ts']));

  it('fails with a usage error naming --year', async () => {
    const r = await runCli(['fetch-release', '--from', base]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('icd10cm fetch-release: --year is required');
  });

  it('refuses unknown hashes, then with --trust-unknown prints them, builds the artifact, and --version shows its year', async () => {
    const dir = await parent();
    const into = join(dir, 'FY2099');
    const out = join(dir, 'fetched.bin');
    const refused = await runCli(['fetch-release', '--year', 'FY2099', '--from', base, '--into', into, '--out', out]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(`E_RELEASE_UNVERIFIED: ${NAMES['code-descriptions']}: sha256 ${sha(ORDER_ZIP)}`);
    expect(existsSync(into)).toBe(false);
    const r = await runCli(['fetch-release', '--year', '2099', '--from', base, '--into', into, '--out', out, '--trust-unknown'], { timeoutMs: 60_000 });
    expect(r.stderr).toContain(`record it: sha256 ${sha(TABLES_ZIP)}`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('release check: 3 of 3 files read match the size and sha256 their manifest gives');
    const v = await runCli(['--artifact', out, '--version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^icd10cm-detect \d+\.\d+\.\d+\n/);
    expect(v.stdout).toContain(`artifact ${out}: codes FY2099 (order FY2099, tabular FY2099, index FY2099)`);
  });
});
