/** A tiny hand-written lexicon (no release data) for fast unit tests. */
import type { Lexicon } from '../../src/lexicon/types.js';

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
