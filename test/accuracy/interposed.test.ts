import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon } from '../../src/lexicon/types.js';

/** Index-style terms of the release's mass, cyst and femur families. */
function interposedLexicon(): Lexicon {
  const c = (code: string, longDescription: string) => ({ code, billable: true, shortDescription: longDescription, longDescription });
  const codes = [
    c('N28.89', 'Other specified disorders of kidney and ureter'),
    c('R22.9', 'Localized swelling, mass and lump, unspecified'),
    c('N28.1', 'Cyst of kidney, acquired'),
    c('S72.92XA', 'Unspecified fracture of left femur, initial encounter for closed fracture'),
    c('S72.90XA', 'Unspecified fracture of unspecified femur, initial encounter for closed fracture'),
  ];
  return {
    sources: [{ name: 'synthetic_order_2026.txt', role: 'order', fiscalYear: 2026, bytes: 1, sha256: '0'.repeat(64) }],
    codesFiscalYear: 2026,
    codes,
    terms: [
      { text: 'Mass kidney', code: 'N28.89', source: 'index' },
      { text: 'Mass', code: 'R22.9', source: 'index' },
      { text: 'Cyst of kidney', code: 'N28.1', source: 'inclusion' },
      { text: 'fracture of left femur', code: 'S72.92XA', source: 'description' },
      { text: 'Fracture femur', code: 'S72.90XA', source: 'index' },
    ],
    tabular: new Map(),
    report: { codes: codes.length, billableCodes: codes.length, termsBySource: {}, remapped: 0, dropped: 0, examples: [] },
  };
}

describe('words interposed in a term', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = Engine.fromBuffer(compileLexicon(interposedLexicon()).bytes.buffer);
  });

  const read = (text: string, options = {}) =>
    engine.detect(text, { context: false, ...options }).map((s) => {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      return `${s.text}=${s.concepts[0]?.code}`;
    });

  it.each([
    ['A mass in the right kidney.', ['mass in the right kidney=N28.89']],
    ['A cyst in the upper left kidney.', ['cyst in the upper left kidney=N28.1']],
    ['Mass on both kidneys.', ['Mass on both kidneys=N28.89']],
    ['A mass in her right kidney.', ['mass in her right kidney=N28.89']],
  ])('reads the term through the run: %s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('keeps a match the release spells with the words (fracture of left femur)', () => {
    expect(read('Fracture of the left femur.')).toEqual(['Fracture of the left femur=S72.92XA']);
  });

  it.each([
    // A sentence end between the words is not one phrase.
    ['A mass. In the kidney nothing.', ['mass=R22.9']],
    // A word the run does not hold stays in the way.
    ['A mass near the right kidney.', ['mass=R22.9']],
  ])('leaves %s alone', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('is part of the review: refine false reads words in a row only', () => {
    expect(read('A mass in the right kidney.', { refine: false })).toEqual(['mass=R22.9']);
  });
});
