/**
 * readRelease end to end on a made-up release folder: file discovery by content,
 * newest year wins, archives and gzip, hashes, remapping, and the errors.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IcdError } from '../../src/errors.js';
import { readRelease } from '../../src/lexicon/release.js';
import { formatReport } from '../../src/lexicon/report.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import { INDEX, ORDER_2099, TABULAR } from './fixtures.js';
import { orderLine } from './helpers.js';

const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');

function orderText(rows: Array<[string, boolean, string]>): string {
  return rows.map(([code, billable, long], i) => orderLine(i + 1, code, billable, long.slice(0, 60), long)).join('\r\n') + '\r\n';
}

const dirs: string[] = [];
async function folder(files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'icd10cm-release-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const tabularGz = gzipSync(TABULAR);
const olderZip = zipSync({
  'icd10cm_order_2098.txt': strToU8(orderText([['A10', true, 'Widget disease']])),
  'icd10cm_order_addenda_2098.txt': strToU8('Add:   A10 something\n'),
  'readme.pdf': strToU8('%PDF'),
});
const goodFiles = (): Record<string, Uint8Array | string> => ({
  '2098-code-descriptions-tabular-order.zip': olderZip,
  'icd10cm_order_2099.txt': orderText(ORDER_2099),
  'icd-10-cm-tabular-2099.xml.gz': tabularGz,
  'nested/icd10cm_index_2099.xml': INDEX,
  'icd-10-cm-tabular-2099.xsd': '<xs:schema/>',
  'README.md': 'notes',
});

describe('readRelease on a synthetic folder', () => {
  let lex: Lexicon;
  beforeAll(async () => {
    lex = await readRelease(await folder(goodFiles()));
  });

  it('uses the newest order file and lists the older one as ignored', () => {
    expect(lex.codesFiscalYear).toBe(2099);
    expect(lex.codes.map((c) => c.code)).toEqual(['A10', 'A10.0', 'A10.9', 'B20', 'B20.0', 'B20.0XXA', 'B20.0XXD', 'C30']);
    expect(lex.report.ignoredFiles).toEqual(['2098-code-descriptions-tabular-order.zip:icd10cm_order_2098.txt (order FY2098, older than FY2099)']);
  });

  it('records each source with role, year, size and hashes of the bytes as found', () => {
    expect(lex.sources).toEqual([
      { name: 'icd10cm_order_2099.txt', role: 'order', fiscalYear: 2099, bytes: Buffer.byteLength(orderText(ORDER_2099)), sha256: sha(orderText(ORDER_2099)) },
      {
        name: 'icd-10-cm-tabular-2099.xml.gz',
        role: 'tabular',
        fiscalYear: 2099,
        bytes: tabularGz.length,
        sha256: sha(tabularGz),
        contentSha256: sha(TABULAR),
      },
      { name: 'nested/icd10cm_index_2099.xml', role: 'index', fiscalYear: 2099, bytes: Buffer.byteLength(INDEX), sha256: sha(INDEX) },
    ]);
  });

  it('remaps index and Tabular codes to codes of the order file', () => {
    const of = (text: string) => lex.terms.filter((t) => t.text === text).map((t) => `${t.code} ${t.source}`);
    expect(of('Widget')).toEqual(['A10.9 index']);
    expect(of('Widget head injury')).toEqual(['B20.0XXA index']);
    expect(of('Wodget')).toEqual(['B20.0XXA index-see']);
    expect(of('Widget obsolete')).toEqual(['A10.0 index']);
    expect(of('widgetosis')).toEqual(['A10.9 inclusion']);
    expect(of('Widget vanished')).toEqual([]);
    expect(lex.report.dropped).toBe(2); // "vanished" in index and English order
    const known = new Set(lex.codes.map((c) => c.code));
    for (const t of lex.terms) expect(known.has(t.code), `${t.code} ${t.text}`).toBe(true);
  });

  it('expands descriptions and keeps one term per code and text', () => {
    const c30 = lex.terms.filter((t) => t.code === 'C30').map((t) => `${t.source}: ${t.text}`);
    expect(c30).toEqual(['description: Essential primary sprocket disorder', 'description: Essential sprocket disorder']);
    const keys = lex.terms.map((t) => `${t.code}|${t.text.toLowerCase()}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps Tabular facts for codes that exist', () => {
    expect([...lex.tabular.keys()]).toEqual(['A10', 'A10.9', 'B20', 'B20.0']);
  });

  it('reports', () => {
    const text = formatReport(lex);
    expect(text).toContain('codes: 8 (5 billable, 3 headers)');
    expect(text).toMatch(/dropped terms: 2/);
    expect(text).toContain('index references: 1 resolved, 0 unresolved, 0 generic');
    expect(lex.report.references).toMatchObject({ unresolvedByClass: {}, unresolvedList: [] });
  });

  it('gives the same lexicon for the same files', async () => {
    const again = await readRelease(await folder(goodFiles()));
    expect(again).toEqual(lex);
  });
});

describe('readRelease errors', () => {
  async function failure(p: Promise<unknown>): Promise<IcdError> {
    const err = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(IcdError);
    return err as IcdError;
  }

  it('rejects a missing folder with E_RELEASE_NOT_FOUND', async () => {
    const err = await failure(readRelease(join(tmpdir(), 'no-such-icd10cm-release')));
    expect(err.code).toBe('E_RELEASE_NOT_FOUND');
  });

  it('names every missing kind of file', async () => {
    const err = await failure(readRelease(await folder({ 'icd10cm_order_2099.txt': orderText(ORDER_2099) })));
    expect(err.code).toBe('E_RELEASE_NOT_FOUND');
    expect(err.issues.map((i) => i.message)).toEqual(['no tabular file found', 'no index file found']);
  });

  it('rejects a bad order file with the line', async () => {
    const files = goodFiles();
    files['icd10cm_order_2099.txt'] = orderText(ORDER_2099) + orderLine(9, 'D40', true, 'x').replace(' 1 ', ' 7 ') + '\r\n';
    const err = await failure(readRelease(await folder(files)));
    expect(err.code).toBe('E_RELEASE_INVALID');
    expect(err.issues).toEqual([{ path: 'icd10cm_order_2099.txt:9', message: 'billable flag (column 15) is "7", expected 0 or 1' }]);
  });

  it('rejects a corrupt gzip file', async () => {
    const files = goodFiles();
    files['icd-10-cm-tabular-2099.xml.gz'] = tabularGz.subarray(0, 40);
    const err = await failure(readRelease(await folder(files)));
    expect(err.code).toBe('E_RELEASE_INVALID');
    expect(err.issues[0]?.path).toBe('icd-10-cm-tabular-2099.xml.gz');
  });
});
