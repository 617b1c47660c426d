import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import type { DetectOptions } from '../../src/types.js';
import { lexiconOf, spanCodes, titled } from '../helpers/synthetic-lexicon.js';

/** Index-style terms of the release's mass, cyst and femur families. */
function interposedLexicon(): Lexicon {
  return lexiconOf(
    [
      titled('N28.89', 'Other specified disorders of kidney and ureter'),
      titled('R22.9', 'Localized swelling, mass and lump, unspecified'),
      titled('N28.1', 'Cyst of kidney, acquired'),
      titled('S72.92XA', 'Unspecified fracture of left femur, initial encounter for closed fracture'),
      titled('S72.90XA', 'Unspecified fracture of unspecified femur, initial encounter for closed fracture'),
      titled('T75.1XXA', 'Near drowning'),
    ],
    [
      { text: 'Mass kidney', code: 'N28.89', source: 'index' },
      { text: 'Mass', code: 'R22.9', source: 'index' },
      { text: 'Cyst of kidney', code: 'N28.1', source: 'inclusion' },
      { text: 'fracture of left femur', code: 'S72.92XA', source: 'description' },
      { text: 'Fracture femur', code: 'S72.90XA', source: 'index' },
      // Puts "near" in the vocabulary, as the release does: a known word that is not interposed.
      { text: 'Near drowning', code: 'T75.1XXA', source: 'index' },
    ],
  );
}

describe('words interposed in a term', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = Engine.fromBuffer(compileLexicon(interposedLexicon()).bytes.buffer);
  });

  const read = (text: string, options: DetectOptions = {}) => spanCodes(engine, text, { context: false, ...options });

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
    // A known word that is not an interposed word stays in the way.
    ['A mass near the right kidney.', ['mass=R22.9']],
  ])('leaves %s alone', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });

  it('is part of the review: refine false reads words in a row only', () => {
    expect(read('A mass in the right kidney.', { refine: false })).toEqual(['mass=R22.9']);
  });
});
