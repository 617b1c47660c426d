/** The build's release check: files read against the manifest beside them, on a made-up release folder. */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IcdError } from '../../src/errors.js';
import { readRelease } from '../../src/lexicon/release.js';
import { formatReport } from '../../src/lexicon/report.js';
import type { SourceFile } from '../../src/lexicon/types.js';
import { verifySources } from '../../src/release/verify.js';
import { readManifest, type Manifest, type ManifestFile } from '../../src/release/manifest.js';
import { USER_RELEASE_DIR } from '../../src/paths.js';
import { INDEX, ORDER_2099, TABULAR } from '../lexicon/fixtures.js';
import { orderLine } from '../lexicon/helpers.js';

const sha = (b: string): string => createHash('sha256').update(b).digest('hex');
const ORDER = ORDER_2099.map(([code, billable, long], i) => orderLine(i + 1, code, billable, long.slice(0, 60), long)).join('\n') + '\n';
const FILES: Record<string, [string, ManifestFile['role']]> = {
  'icd10cm_order_2099.txt': [ORDER, 'order'],
  'icd10cm_tabular_2099.xml': [TABULAR, 'tabular'],
  'icd10cm_index_2099.xml': [INDEX, 'index'],
};
const entry = (name: string, text: string, role: ManifestFile['role']): ManifestFile => ({
  name,
  fiscalYear: 2099,
  role,
  holds: 'made up',
  bytes: Buffer.byteLength(text),
  sha256: sha(text),
});

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function folder(manifest?: (files: ManifestFile[]) => ManifestFile[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'icd10cm-verify-'));
  dirs.push(dir);
  for (const [name, [text]] of Object.entries(FILES)) await writeFile(join(dir, name), text);
  if (manifest) {
    const files = manifest(Object.entries(FILES).map(([name, [text, role]]) => entry(name, text, role)));
    await writeFile(join(dir, 'MANIFEST.json'), JSON.stringify({ format: 1, files, downloads: [] }));
  }
  return dir;
}

describe('the release check in the build', () => {
  it('passes files that match their manifest and says so in the report', async () => {
    const lex = await readRelease(await folder((f) => f));
    expect(lex.report.verification?.unchecked).toEqual([]);
    expect(lex.report.verification?.verified.map((v) => v.file)).toEqual(['icd10cm_order_2099.txt', 'icd10cm_tabular_2099.xml', 'icd10cm_index_2099.xml']);
    const report = formatReport(lex);
    expect(report).toContain('release check: 3 of 3 files read match the size and sha256 their manifest gives');
    expect(report).toMatch(/^ {2}tabular +FY2099 +icd10cm_tabular_2099\.xml .* matches MANIFEST\.json$/m);
  });

  it('stops the build on a file that differs from its manifest, naming it with both hashes', async () => {
    const dir = await folder((f) => f.map((x) => (x.role === 'tabular' ? { ...x, sha256: sha('the published bytes') } : x)));
    let err: unknown;
    await readRelease(dir).catch((e: unknown) => (err = e));
    expect(err).toBeInstanceOf(IcdError);
    expect((err as IcdError).code).toBe('E_RELEASE_INVALID');
    expect((err as IcdError).message).toContain('differ from their manifest: icd10cm_tabular_2099.xml');
    expect((err as IcdError).issues).toEqual([
      {
        path: 'icd10cm_tabular_2099.xml',
        message: 'does not match MANIFEST.json',
        expected: `${Buffer.byteLength(TABULAR)} bytes, sha256 ${sha('the published bytes')}`,
        received: `${Buffer.byteLength(TABULAR)} bytes, sha256 ${sha(TABULAR)}`,
      },
    ]);
  });

  it('reads files no manifest lists, and reports them unchecked', async () => {
    const lex = await readRelease(await folder((f) => f.filter((x) => x.role !== 'index')));
    expect(lex.report.verification?.unchecked).toEqual(['icd10cm_index_2099.xml']);
    expect(formatReport(lex)).toContain('release check: 2 of 3 files read match the size and sha256 their manifest gives; no manifest lists icd10cm_index_2099.xml (unchecked)');
    const bare = await readRelease(await folder());
    expect(bare.report.verification).toEqual({ verified: [], unchecked: ['icd10cm_order_2099.txt', 'icd10cm_tabular_2099.xml', 'icd10cm_index_2099.xml'] });
  });

  it('knows a copy of a shipped file by its hash, wherever it lies', async () => {
    const shipped = readManifest(USER_RELEASE_DIR) as Manifest;
    const f = shipped.files[0] as ManifestFile;
    const source: SourceFile = { name: f.name, role: f.role, fiscalYear: f.fiscalYear, bytes: f.bytes, sha256: f.sha256 };
    const dir = await folder();
    expect(verifySources(dir, [source], { manifest: shipped, label: 'shipped' })).toEqual({ verified: [{ file: f.name, manifest: 'shipped' }], unchecked: [] });
    expect(verifySources(dir, [{ ...source, sha256: sha('x') }], { manifest: shipped, label: 'shipped' })).toEqual({ verified: [], unchecked: [f.name] });
  });
});
