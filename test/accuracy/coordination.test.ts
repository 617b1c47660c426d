import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon } from '../../src/lexicon/types.js';

/** Codes and titles with the shape of the release's impairment, abuse and heart failure families. */
function coordinationLexicon(): Lexicon {
  const c = (code: string, longDescription: string) => ({ code, billable: true, shortDescription: longDescription, longDescription });
  const codes = [
    c('N28.9', 'Renal impairment'),
    c('K72.90', 'Hepatic impairment'),
    c('I51.9', 'Cardiac impairment'),
    c('N18.9', 'Chronic kidney disease'),
    c('K76.9', 'Liver disease'),
    c('F10.10', 'Alcohol abuse'),
    c('F19.10', 'Drug abuse'),
    c('N28.89', 'Renal mass'),
    c('J39.8', 'Compressing trachea'),
    c('I50.1', 'Left heart failure'),
    c('I50.814', 'Right heart failure'),
    c('E11.9', 'Diabetes'),
    c('E11.22', 'Diabetes kidney disease'),
    c('K81.0', 'Acute cholecystitis'),
    c('K85.90', 'Acute pancreatitis'),
    c('K85.9', 'Pancreatitis'),
    c('K86.1', 'Pancreatitis of the duct'),
    // Puts "positive" in the vocabulary, as the release does.
    c('R82.4', 'Positive ketones'),
  ];
  return {
    sources: [{ name: 'synthetic_order_2026.txt', role: 'order', fiscalYear: 2026, bytes: 1, sha256: '0'.repeat(64) }],
    codesFiscalYear: 2026,
    codes,
    terms: [
      ...codes.map((x) => ({ text: x.longDescription, code: x.code, source: 'description' as const })),
      // The Index's order: main term, then site.
      { text: 'Mass renal', code: 'N28.89', source: 'index' as const },
    ],
    tabular: new Map(),
    report: { codes: codes.length, billableCodes: codes.length, termsBySource: {}, remapped: 0, dropped: 0, examples: [] },
  };
}

describe('coordination ellipsis: qualifiers whose head the last conjunct writes', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = Engine.fromBuffer(compileLexicon(coordinationLexicon()).bytes.buffer);
  });

  const read = (text: string, options = {}) =>
    engine.detect(text, options).map((s) => {
      expect(text.slice(s.start, s.end)).toBe(s.text);
      return `${s.text}=${s.concepts[0]?.code}`;
    });

  it('each qualifier of a comma and "or" list takes the head, and the negation covers the list', () => {
    const text = 'No hepatic, renal or cardiac impairment.';
    expect(read(text)).toEqual(['hepatic=K72.90', 'renal=N28.9', 'cardiac impairment=I51.9']);
    expect(engine.detect(text).every((s) => s.assertions?.negated === true)).toBe(true);
  });

  it.each([
    ['Current alcohol/drug abuse.', ['alcohol=F10.10', 'drug abuse=F19.10']],
    ['Alcohol and/or drug abuse.', ['Alcohol=F10.10', 'drug abuse=F19.10']],
    ['Left and right heart failure.', ['Left=I50.1', 'right heart failure=I50.814']],
    // The word before the leftmost qualifier joins when it makes a longer term.
    ['Chronic kidney and liver disease.', ['Chronic kidney=N18.9', 'liver disease=K76.9']],
  ])('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it.each([
    // The pattern must read the last conjunct to its end; an unknown word continues it.
    ['A palpable mass and positive renal Murphy sign.', []],
    // Participles are verbs, not qualifiers.
    ['A mass compressing and displacing the trachea.', []],
    // A word with a reading of its own is not a qualifier of the list.
    ['Diabetes or chronic kidney disease.', ['Diabetes=E11.9', 'chronic kidney disease=N18.9']],
  ])('leaves %s alone', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it("a head after the conjunction shares the first conjunct's modifiers, replacing its own reading", () => {
    expect(read('Acute cholecystitis and pancreatitis.')).toEqual(['Acute cholecystitis=K81.0', 'pancreatitis=K85.90']);
    // Only a head that ends its phrase: here the phrase goes on.
    expect(read('Acute cholecystitis and pancreatitis of the duct.')).toEqual(['Acute cholecystitis=K81.0', 'pancreatitis of the duct=K86.1']);
  });

  it('is part of the review: refine false reads words in a row only', () => {
    expect(read('No hepatic, renal or cardiac impairment.', { refine: false })).toEqual(['cardiac impairment=I51.9']);
  });
});
