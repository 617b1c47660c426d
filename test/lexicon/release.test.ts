/**
 * readRelease on the real release (data/icd10cm/release or $ICD10CM_RELEASE):
 * counts from its SOURCE.md, spot checks of terms, and the one invariant that
 * matters most downstream: every term's code is a code of the newest order file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readRelease } from '../../src/lexicon/release.js';
import { formatReport } from '../../src/lexicon/report.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import { TERM_SOURCES } from '../../src/types.js';
import { expectRelease, HAVE_RELEASE, RELEASE_DIR, SKIP_WITHOUT_RELEASE } from './helpers.js';
import spelling from '../../data/text/spelling.json' with { type: 'json' };

describe.skipIf(SKIP_WITHOUT_RELEASE)('readRelease on the real release', () => {
  let lex: Lexicon;
  beforeAll(async () => {
    if (HAVE_RELEASE) lex = await readRelease(RELEASE_DIR);
  });

  it('has the release to read', () => expectRelease());

  const termsFor = (code: string) => lex.terms.filter((t) => t.code === code);
  const hasTerm = (code: string, text: string) => termsFor(code).some((t) => t.text.toLowerCase() === text.toLowerCase());

  it('has no word with a British ending the spelling folds rewrite anywhere in a word', () => {
    for (const r of spelling.infixes) expect(lex.terms.find((t) => t.text.toLowerCase().includes(r.from))?.text, r.from).toBeUndefined();
  });

  it('takes its codes from the FY2026 order file', () => {
    expect(lex.codesFiscalYear).toBe(2026);
    expect(lex.codes.length).toBe(98_186);
    expect(lex.codes.filter((c) => c.billable).length).toBe(74_719);
    expect(lex.report.codes).toBe(98_186);
    expect(lex.report.billableCodes).toBe(74_719);
    // The shipped folder holds one file per role; a fuller folder (../shared/icd10cm) adds the FY2023 order zip, set aside as older.
    expect((lex.report.ignoredFiles ?? []).filter((f) => !f.endsWith('older than FY2026)'))).toEqual([]);
  });

  it('records the files used with the hashes SOURCE.md gives', () => {
    const byRole = Object.fromEntries(lex.sources.map((s) => [s.role, s]));
    expect(byRole['order']).toMatchObject({
      name: '2026-code-descriptions-tabular-order.zip',
      member: 'icd10cm_order_2026.txt',
      fiscalYear: 2026,
      bytes: 2_204_985,
      sha256: '55a9124a27ca78a4a5c41e1101eda064ec2e08d105ff9e78d1fbd1a83298ef11',
      contentSha256: '6dc95c9c7e96c734806e1682f4bf9df76251d60e99199bba0d375ba3dd11026b',
    });
    expect(byRole['tabular']).toMatchObject({
      fiscalYear: 2023,
      sha256: 'be531442ea3c833a9334209aa5ccf474c4ea181149c24f9c3add76763f19e668',
      contentSha256: 'ef862d47d79c69b19d4228855b9a79299e8e004edc14190167b1e66daa8c5825',
    });
    expect(byRole['index']).toMatchObject({ fiscalYear: 2023, contentSha256: 'caab6cb0915550a91330ad782f569988f71b77a5a3273144a03cac52bd6fd771' });
    expect(byRole['external-cause']).toMatchObject({ fiscalYear: 2025, contentSha256: '41fa87021d75527d740e120171efe84d995a852d9fd2b76524f483489b59cd23' });
    expect(byRole['drug']).toMatchObject({ fiscalYear: 2025, contentSha256: 'c9e7bd78d02f25495842444d3b09a5e5d935be83ffa139aff725b4c7ccc9be64' });
    expect(byRole['neoplasm']).toMatchObject({ fiscalYear: 2025, contentSha256: '20ce857cc0424666e42d2ab5df912d4809090aeb580dfb71b596f7d8989abb48' });
  });

  it('reads descriptions', () => {
    const e1122 = lex.codes.find((c) => c.code === 'E11.22');
    expect(e1122).toMatchObject({ billable: true, longDescription: 'Type 2 diabetes mellitus with diabetic chronic kidney disease' });
    expect(termsFor('E11.22')).toContainEqual({
      text: 'Type 2 diabetes mellitus with diabetic chronic kidney disease',
      code: 'E11.22',
      source: 'description',
    });
  });

  it('gives aspiration pneumonia, in English order from the index too', () => {
    const aspiration = lex.terms.filter((t) => t.text.toLowerCase() === 'aspiration pneumonia');
    expect(aspiration.some((t) => t.code === 'J69.0' || t.code.startsWith('J18.'))).toBe(true);
    // "Pneumonia" > "aspiration" > "due to" > "food": the first subterm moves before the main term.
    expect(termsFor('J69.0').some((t) => t.source === 'index' && t.text.startsWith('aspiration Pneumonia'))).toBe(true);
  });

  it('drops optional words from descriptions', () => {
    expect(hasTerm('I10', 'Essential hypertension')).toBe(true);
    expect(hasTerm('I10', 'Essential primary hypertension')).toBe(true);
    expect(hasTerm('I50.21', 'Acute systolic heart failure')).toBe(true);
    expect(hasTerm('I50.21', 'Acute systolic congestive heart failure')).toBe(true);
  });

  it('resolves see references', () => {
    // "Attack" > "heart" see "infarct, myocardium"
    expect(termsFor('I21.9').some((t) => t.source === 'index-see' && /^heart attack$/i.test(t.text))).toBe(true);
    expect(lex.report.references?.resolved).toBeGreaterThan(12_000);
  });

  it('resolves references into the Table of Neoplasms and counts the rest by class', () => {
    // "Malignancy" see also "Neoplasm, malignant, by site": the table's unspecified site, primary.
    expect(termsFor('C80.1').some((t) => t.source === 'index-see' && t.text === 'Malignancy')).toBe(true);
    const refs = lex.report.references;
    expect(refs?.unresolved).toBeLessThan(2_500);
    const byClass = Object.values(refs?.unresolvedByClass ?? {}).reduce((a, b) => a + b, 0);
    expect(byClass).toBe(refs?.unresolved);
    expect(refs?.unresolvedList.length).toBe(refs?.unresolved);
  });

  it('writes a main term after its modifier as a noun, and splits "or" alternatives', () => {
    // "Impaired, impairment (function)" > "renal (acute) (chronic)"
    expect(hasTerm('N28.9', 'renal impairment')).toBe(true);
    expect(hasTerm('N28.9', 'Impaired renal')).toBe(true);
    expect(hasTerm('N28.9', 'renal Impaired')).toBe(false);
    // "Fibrillation" > "atrial or auricular (established)"
    expect(hasTerm('I48.91', 'atrial Fibrillation')).toBe(true);
    expect(hasTerm('I48.91', 'auricular Fibrillation')).toBe(true);
    expect(hasTerm('F99', 'Psychiatric disorder')).toBe(true);
  });

  it('uses the drug, neoplasm and external cause tables without letting them dominate', () => {
    for (const s of TERM_SOURCES.filter((x) => x !== 'abbreviation')) expect(lex.report.termsBySource[s], s).toBeGreaterThan(0);
    const tables = (lex.report.termsBySource.drug ?? 0) + (lex.report.termsBySource.neoplasm ?? 0);
    expect(tables).toBeLessThan(lex.terms.length * 0.1);
    expect(hasTerm('C34.90', 'malignant neoplasm lung')).toBe(true);
    expect(termsFor('T40.2X1A').some((t) => t.source === 'drug' && t.text === 'poisoning by Codeine')).toBe(true);
  });

  it('gives every term a code of the order file, and one term per code and text', () => {
    const known = new Set(lex.codes.map((c) => c.code));
    const bad = lex.terms.filter((t) => !known.has(t.code));
    expect(bad.slice(0, 5)).toEqual([]);
    const keys = new Set(lex.terms.map((t) => `${t.code}\t${t.text.toLowerCase()}`));
    expect(keys.size).toBe(lex.terms.length);
    expect(lex.terms.every((t) => t.text.length > 0 && t.text === t.text.trim() && !/\s{2}/.test(t.text))).toBe(true);
  });

  it('remaps rather than drops', () => {
    expect(lex.report.remapped).toBeGreaterThan(0);
    expect(lex.report.dropped).toBeLessThan(50);
    expect(lex.report.examples.length).toBeGreaterThan(0);
    expect(lex.report.examples.length).toBeLessThanOrEqual(20);
  });

  it('keeps Tabular facts by code', () => {
    expect(lex.tabular.get('E11.22')).toMatchObject({
      chapter: { id: '4' },
      block: { id: 'E08-E13' },
      category: { code: 'E11', description: 'Type 2 diabetes mellitus' },
    });
    expect(lex.tabular.get('S72')?.sevenChr?.map((e) => e.char)).toContain('A');
    const known = new Set(lex.codes.map((c) => c.code));
    expect([...lex.tabular.keys()].filter((code) => !known.has(code))).toEqual([]);
  });

  it('prints a report', () => {
    const text = formatReport(lex);
    expect(text).toContain('codes: 98,186 (74,719 billable, 23,467 headers)');
    expect(text).toMatch(/^terms: [\d,]+$/m);
    // Reading time is measured by the build benchmark (benchmarks/build.ts), not here.
  });
});
