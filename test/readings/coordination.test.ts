import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import type { DetectOptions } from '../../src/types.js';
import { lexiconOf, spanCodes, titled, titleTerms } from '../helpers/synthetic-lexicon.js';

/** Codes and titles with the shape of the release's impairment, abuse and heart failure families. */
function coordinationLexicon(): Lexicon {
  const codes = [
    titled('N28.9', 'Renal impairment'),
    titled('K72.90', 'Hepatic impairment'),
    titled('I51.9', 'Cardiac impairment'),
    titled('N18.9', 'Chronic kidney disease'),
    titled('K76.9', 'Liver disease'),
    titled('F10.10', 'Alcohol abuse'),
    titled('F19.10', 'Drug abuse'),
    titled('F17.1', 'Tobacco abuse'),
    titled('N28.89', 'Renal mass'),
    titled('J39.8', 'Compressing trachea'),
    titled('I50.1', 'Left heart failure'),
    titled('I50.814', 'Right heart failure'),
    titled('E11.9', 'Diabetes'),
    titled('E11.22', 'Diabetes kidney disease'),
    titled('K81.0', 'Acute cholecystitis'),
    titled('K85.90', 'Acute pancreatitis'),
    titled('K85.9', 'Pancreatitis'),
    titled('K86.1', 'Pancreatitis of the duct'),
    // Puts "positive" in the vocabulary, as the release does.
    titled('R82.4', 'Positive ketones'),
  ];
  // The Index's order: main term, then site.
  return lexiconOf(codes, [
    ...titleTerms(codes),
    { text: 'Mass renal', code: 'N28.89', source: 'index' },
    { text: 'Impairment of renal function', code: 'N28.9', source: 'index' },
    { text: 'Impairment of hepatic function', code: 'K72.90', source: 'index' },
  ]);
}

describe('coordination ellipsis: qualifiers whose head the last conjunct writes', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = Engine.fromBuffer(compileLexicon(coordinationLexicon()).bytes.buffer);
  });

  const read = (text: string, options: DetectOptions = {}) => spanCodes(engine, text, options);

  it('each qualifier of a comma and "or" list takes the head, and the negation covers the list', () => {
    const text = 'No hepatic, renal or cardiac impairment.';
    expect(read(text)).toEqual(['hepatic=K72.90', 'renal=N28.9', 'cardiac impairment=I51.9']);
    expect(engine.detect(text).every((s) => s.assertions?.negated === true)).toBe(true);
  });

  it.each([
    ['Current alcohol/drug abuse.', ['alcohol=F10.10', 'drug abuse=F19.10']],
    ['Alcohol and/or drug abuse.', ['Alcohol=F10.10', 'drug abuse=F19.10']],
    ['Current alcohol/tobacco/drug abuse.', ['alcohol=F10.10', 'tobacco=F17.1', 'drug abuse=F19.10']],
    ['Left and right heart failure.', ['Left=I50.1', 'right heart failure=I50.814']],
    // The word before the leftmost qualifier joins when it makes a longer term.
    ['Chronic kidney and liver disease.', ['Chronic kidney=N18.9', 'liver disease=K76.9']],
    // The word before the list, after "of", is shared by every conjunct, the last included.
    ['No impairment of renal or hepatic function.', ['impairment of renal=N28.9', 'hepatic function=K72.90']],
    // A list member no pattern knows does not end the list; a list of seven is read whole.
    ['Hepatic, endocrinologic, renal or cardiac impairment.', ['Hepatic=K72.90', 'renal=N28.9', 'cardiac impairment=I51.9']],
    ['Renal, gastric, splenic, ocular, dermal, hepatic or cardiac impairment.', ['Renal=N28.9', 'hepatic=K72.90', 'cardiac impairment=I51.9']],
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
