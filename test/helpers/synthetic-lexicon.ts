/** A tiny hand-written lexicon (no release data) for fast unit tests. */
import { expect } from 'vitest';
import type { Engine } from '../../src/engine.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import type { DetectOptions } from '../../src/types.js';

export function syntheticLexicon(): Lexicon {
  const codes = [
    { code: 'E11', billable: false, shortDescription: 'Type 2 diabetes mellitus', longDescription: 'Type 2 diabetes mellitus' },
    { code: 'E11.22', billable: true, shortDescription: 'Type 2 diabetes w diabetic CKD', longDescription: 'Type 2 diabetes mellitus with diabetic chronic kidney disease' },
    { code: 'E11.9', billable: true, shortDescription: 'Type 2 diabetes mellitus without complications', longDescription: 'Type 2 diabetes mellitus without complications' },
    { code: 'I10', billable: true, shortDescription: 'Essential (primary) hypertension', longDescription: 'Essential (primary) hypertension' },
    { code: 'I50.21', billable: true, shortDescription: 'Acute systolic (congestive) heart failure', longDescription: 'Acute systolic (congestive) heart failure' },
    { code: 'I50.9', billable: true, shortDescription: 'Heart failure, unspecified', longDescription: 'Heart failure, unspecified' },
    { code: 'I21.9', billable: true, shortDescription: 'Acute myocardial infarction, unspecified', longDescription: 'Acute myocardial infarction, unspecified' },
    { code: 'J18.9', billable: true, shortDescription: 'Pneumonia, unspecified organism', longDescription: 'Pneumonia, unspecified organism' },
    { code: 'J44.9', billable: true, shortDescription: 'Chronic obstructive pulmonary disease, unspecified', longDescription: 'Chronic obstructive pulmonary disease, unspecified' },
  ];
  const t = (text: string, code: string, source: Lexicon['terms'][number]['source']) => ({ text, code, source });
  return {
    sources: [{ name: 'synthetic_order_2026.txt', role: 'order', fiscalYear: 2026, bytes: 1, sha256: '0'.repeat(64) }],
    codesFiscalYear: 2026,
    codes,
    terms: [
      ...codes.map((c) => t(c.longDescription.replace(/\s*\([^)]*\)/g, ''), c.code, 'description')),
      t('Essential hypertension', 'I10', 'description'),
      t('Acute systolic congestive heart failure', 'I50.21', 'description'),
      t('Acute systolic heart failure', 'I50.21', 'description'),
      t('heart failure', 'I50.9', 'index'),
      t('pneumonia', 'J18.9', 'index'),
      t('diabetes', 'E11.9', 'index'),
      t('type 2 diabetes', 'E11.9', 'index'),
      t('myocardial infarction', 'I21.9', 'index'),
      t('MI', 'I21.9', 'abbreviation'),
      t('COPD', 'J44.9', 'abbreviation'),
    ],
    tabular: new Map([
      [
        'I10',
        {
          chapter: { id: '9', description: 'Diseases of the circulatory system (I00-I99)' },
          block: { id: 'I10-I1A', description: 'Hypertensive diseases' },
          category: { code: 'I10', description: 'Essential (primary) hypertension' },
          inclusionTerms: ['high blood pressure'],
          excludes1: [],
          excludes2: [],
          notes: [],
          codeFirst: [],
          useAdditionalCode: [],
          codeAlso: [],
        },
      ],
    ]),
    report: { codes: 9, billableCodes: 8, termsBySource: {}, remapped: 0, dropped: 0, examples: [] },
  };
}

type SyntheticCode = Lexicon['codes'][number];

/** A code whose short and long titles are both `title`. */
export function titled(code: string, title: string, billable = true): SyntheticCode {
  return { code, billable, shortDescription: title, longDescription: title };
}

/**
 * A lexicon of `codes` and `terms` as if read from a FY2026 order file alone;
 * `extra` adds what a test needs besides (a neoplasm table, Tabular facts).
 */
export function lexiconOf(codes: SyntheticCode[], terms: Lexicon['terms'], extra: Partial<Lexicon> = {}): Lexicon {
  return {
    sources: [{ name: 'synthetic_order_2026.txt', role: 'order', fiscalYear: 2026, bytes: 1, sha256: '0'.repeat(64) }],
    codesFiscalYear: 2026,
    codes,
    terms,
    tabular: new Map(),
    report: { codes: codes.length, billableCodes: codes.filter((c) => c.billable).length, termsBySource: {}, remapped: 0, dropped: 0, examples: [] },
    ...extra,
  };
}

/** Each code's long title as a 'description' term. */
export function titleTerms(codes: readonly SyntheticCode[]): Lexicon['terms'] {
  return codes.map((c) => ({ text: c.longDescription, code: c.code, source: 'description' as const }));
}

/** The spans of `text` as "surface=top code", checking on the way that every span's offsets give its text. */
export function spanCodes(engine: Engine, text: string, options: DetectOptions = {}): string[] {
  return engine.detect(text, options).map((s) => {
    expect(text.slice(s.start, s.end)).toBe(s.text);
    return `${s.text}=${s.concepts[0]?.code}`;
  });
}

/** Kidney and liver neoplasm codes of the malignant and unspecified-behavior columns, with the top row (titles as the release writes them). */
export function kidneyLiverNeoplasmCodes(): SyntheticCode[] {
  return [
    titled('C22.9', 'Malignant neoplasm of liver, not specified as primary or secondary'),
    titled('C64', 'Malignant neoplasm of kidney, except renal pelvis', false),
    titled('C64.1', 'Malignant neoplasm of right kidney, except renal pelvis'),
    titled('C64.2', 'Malignant neoplasm of left kidney, except renal pelvis'),
    titled('C64.9', 'Malignant neoplasm of unspecified kidney, except renal pelvis'),
    titled('C80.1', 'Malignant (primary) neoplasm, unspecified'),
    titled('D49.0', 'Neoplasm of unspecified behavior of digestive system'),
    titled('D49.51', 'Neoplasm of unspecified behavior of kidney', false),
    titled('D49.511', 'Neoplasm of unspecified behavior of right kidney'),
    titled('D49.512', 'Neoplasm of unspecified behavior of left kidney'),
    titled('D49.519', 'Neoplasm of unspecified behavior of unspecified kidney'),
    titled('D49.9', 'Neoplasm of unspecified behavior of unspecified site'),
  ];
}
