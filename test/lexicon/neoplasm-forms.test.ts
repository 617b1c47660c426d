import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { neoplasmForms, parseNeoplasmForms } from '../../src/lexicon/project-terms.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { icdErrorOf } from '../helpers/errors.js';

const file = (): Record<string, unknown> => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/neoplasm-forms.json'), 'utf8')) as Record<string, unknown>;

describe('neoplasm forms (data/text/neoplasm-forms.json)', () => {
  it("gives a row term its column's morphology words, the first matching column only", () => {
    expect(neoplasmForms('Secondary malignant neoplasm liver')).toContain('liver metastasis');
    expect(neoplasmForms('secondary malignant neoplasm liver')).toEqual(expect.arrayContaining(['secondary malignant neoplasm liver', 'liver metastases', 'metastatic disease of liver']));
    expect(neoplasmForms('secondary malignant neoplasm liver')).not.toContain('liver cancer');
    expect(neoplasmForms('malignant neoplasm kidney')).toEqual(expect.arrayContaining(['kidney cancer', 'malignancy of kidney']));
    expect(neoplasmForms('benign neoplasm colon')).toContain('colon adenoma');
    expect(neoplasmForms('neoplasm of uncertain behavior colon')).toEqual(['neoplasm of uncertain behavior colon']);
  });

  it('a site with a $ in it is written as it is', () => {
    expect(neoplasmForms('carcinoma in situ $1 site')).toEqual(['carcinoma in situ $1 site', '$1 site carcinoma in situ']);
  });

  it('rejects unknown keys and templates without a site, each with its path', () => {
    const f = file();
    const columns = f.columns as Array<Record<string, unknown>>;
    const bad = { ...f, columns: [{ ...columns[0], weight: 1 }, { phrase: 'benign neoplasm', templates: ['adenoma'] }] };
    expect(icdErrorOf(() => parseNeoplasmForms(bad)).issues.map((i) => i.path)).toEqual(['columns[0].weight', 'columns[1].templates[0]']);
  });
});
