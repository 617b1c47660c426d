/**
 * The release that ships in data/icd10cm/release/: exactly the files its
 * manifest lists, each with the size and SHA-256 given there, tracked by git,
 * shipped by npm, and the CMS zip names and known hashes fetch-release relies on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IcdError } from '../../src/errors.js';
import { PACKAGE_ROOT, USER_RELEASE_DIR, findRelease } from '../../src/paths.js';
import { parseManifest, readManifest, type Manifest } from '../../src/release/manifest.js';
import { cmsZipNames } from '../../src/release/shipped.js';

const manifest = readManifest(USER_RELEASE_DIR) as Manifest;

describe('the shipped release', () => {
  it('holds exactly the files its manifest lists, with their sizes and hashes', () => {
    expect(manifest).toBeDefined();
    expect(readdirSync(USER_RELEASE_DIR).filter((f) => !f.startsWith('.') && f !== 'MANIFEST.json' && !/^FY\d{4}$/.test(f)).sort()).toEqual(
      manifest.files.map((f) => f.name).sort(),
    );
    for (const f of manifest.files) {
      const bytes = readFileSync(join(USER_RELEASE_DIR, f.name));
      expect({ name: f.name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }).toEqual({ name: f.name, bytes: f.bytes, sha256: f.sha256 });
    }
  });

  it('covers every role the build reads, with the fiscal years the README states', () => {
    expect(Object.fromEntries(manifest.files.map((f) => [f.role, f.fiscalYear]))).toEqual({
      order: 2026,
      tabular: 2023,
      index: 2023,
      drug: 2025,
      neoplasm: 2025,
      'external-cause': 2025,
    });
    for (const f of manifest.files) expect(f.publishedAt, f.name).toMatch(/https:\/\//);
  });

  it('is the default release folder', () => {
    const saved = process.env['ICD10CM_RELEASE'];
    delete process.env['ICD10CM_RELEASE'];
    try {
      expect(findRelease()).toEqual({ dir: USER_RELEASE_DIR, via: 'data/icd10cm/release' });
    } finally {
      if (saved !== undefined) process.env['ICD10CM_RELEASE'] = saved;
    }
  });

  it('is tracked by git and shipped by npm, while the artifact stays ignored', () => {
    const ignored = (path: string): boolean => spawnSync('git', ['check-ignore', '-q', path], { cwd: PACKAGE_ROOT }).status === 0;
    for (const f of [...manifest.files.map((x) => x.name), 'MANIFEST.json']) expect(ignored(`data/icd10cm/release/${f}`), f).toBe(false);
    expect(ignored('data/icd10cm/icd10cm.bin')).toBe(true);
    expect(ignored('data/icd10cm/release/FY2027/icd10cm_order_2027.txt')).toBe(true);
    const tracked = execFileSync('git', ['ls-files', 'data/icd10cm/release'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.sort()).toEqual([...manifest.files.map((x) => x.name), 'MANIFEST.json'].map((n) => `data/icd10cm/release/${n}`).sort());
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    for (const t of tracked) expect(pkg.files, t).toContain(t);
  });

  it('knows the FY2026 order zip it ships and the FY2027 zips, under the names CMS gives them', () => {
    const byName = Object.fromEntries(manifest.downloads.map((d) => [d.name, d]));
    expect(byName['2026-code-descriptions-tabular-order.zip']).toMatchObject({ bytes: 2_204_985, sha256: manifest.files.find((f) => f.role === 'order')?.sha256 });
    expect(byName['2027-code-descriptions-tabular-order.zip']).toMatchObject({ bytes: 2_208_022, sha256: '91c6c9d1117764ce72375a0f3a5493b1725dafbc1ab283b55799076c9e194965' });
    expect(byName['2027-code-tables-tabular-and-index.zip']).toMatchObject({ bytes: 22_059_093, sha256: '37baa476323714be16f95c9b2c96812bf6f3623d9f15188866e584dc529b0298' });
    for (const d of manifest.downloads) expect(d.name).toBe(cmsZipNames(d.fiscalYear)[d.kind]);
  });
});

describe('parseManifest', () => {
  it('reports every problem with its path', () => {
    const bad = {
      format: 1,
      extra: true,
      files: [{ name: 'a/b.xml', fiscalYear: 2026, role: 'table', holds: '', bytes: -1, sha256: 'ABC' }],
      downloads: [{ name: 'x.zip', fiscalYear: 'soon', kind: 'zip', bytes: 1, sha256: '0'.repeat(64) }],
    };
    let err: unknown;
    try {
      parseManifest(bad, 'test manifest');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IcdError);
    expect((err as IcdError).code).toBe('E_RELEASE_INVALID');
    expect((err as IcdError).issues.map((i) => i.path).sort()).toEqual(
      ['extra', 'files[0].name', 'files[0].role', 'files[0].holds', 'files[0].bytes', 'files[0].sha256', 'downloads[0].fiscalYear', 'downloads[0].kind'].sort(),
    );
  });
});
