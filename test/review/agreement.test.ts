import { describe, expect, it } from 'vitest';
import { spanAgreement, surfaceAgreement } from '../../src/review/agreement.js';

describe('surface agreement', () => {
  it.each([
    ['fractures', 'Fracture', 'same'],
    ['oedema', 'Edema', 'same'],
    ['tumour', 'tumor', 'same'],
    ['painful', 'Pain', 'derived'],
    ['ascitic', 'Ascites', 'derived'],
    // a noun / adjective pair from data/text/synonyms.json, though the suffixes differ
    ['dehydrated', 'Dehydration', 'derived'],
    ['obese', 'Obesity', 'derived'],
    ['diabetic', 'diabetes', 'same'],
    // the quality of an adjective in -ic or -ous: one condition
    ['spasticity', 'spastic', 'derived'],
    ['unconscious', 'Unconsciousness', 'derived'],
    ['multiparous', 'Multiparity', 'derived'],
    ['fat', 'Fatness', 'contradicts'],
    ['ill', 'Illness', 'contradicts'],
    ['cervical', 'Cervicitis', 'contradicts'],
    ['hepatic', 'Hepatitis', 'contradicts'],
    ['observed', 'Observation', 'contradicts'],
    ['personal', 'Personality', 'contradicts'],
    ['active', 'Activity', 'contradicts'],
    ['malignant', 'Malignancy', 'contradicts'],
    // a possessive determiner is not the eponym spelled like it
    ['his disease', 'His Disease', 'contradicts'],
    ['her disease', 'Hers disease', 'contradicts'],
    ['Hers disease', 'Hers disease', 'same'],
    ['His-Werner disease', 'His-Werner Disease', 'same'],
    ['dependent', 'Dependence', 'derived'],
    ['hepatitis', 'Hepatitis A', 'contradicts'],
    ['hepatitis A', 'Hepatitis A', 'same'],
    ['renal failure', 'kidney Failure', 'same'],
    ['HTN', 'HTN', 'same'],
    // Words are the tokenizer's: a letter with a diacritic stays inside its word.
    ['Guillain-Barré syndrome', 'Guillain-Barre syndrome', 'same'],
  ] as const)('%s / %s -> %s', (surface, term, expected) => {
    expect(surfaceAgreement(surface, term)).toBe(expected);
  });

  // A surface that is the term up to case takes a shortcut past the word-by-word comparison.
  it.each([
    ['hepatitis a', 'Hepatitis A', 'same'],
    ['HEPATITIS A', 'Hepatitis A', 'same'],
    ['Cervicitis', 'cervicitis', 'same'],
    ['Oedema', 'oedema', 'same'],
    // Not equal up to case: the full comparison decides.
    ['hepatitis', 'Hepatitis A', 'contradicts'],
    ['Cervical', 'Cervicitis', 'contradicts'],
    ['naïve', 'NAÏVE', 'same'],
  ] as const)('verbatim up to case: %s / %s -> %s', (surface, term, expected) => {
    expect(surfaceAgreement(surface, term)).toBe(expected);
  });

  it('spanAgreement reads the surface in the note and agrees with surfaceAgreement', () => {
    const text = 'Pt with Cervical lymph nodes and hepatitis A; painful swelling.';
    for (const [surface, term] of [
      ['Cervical', 'Cervicitis'],
      ['Cervical', 'cervical'],
      ['hepatitis A', 'Hepatitis A'],
      ['hepatitis', 'Hepatitis A'],
      ['painful', 'Pain'],
    ] as const) {
      const start = text.indexOf(surface);
      expect(spanAgreement(text, start, surface, term)).toBe(surfaceAgreement(surface, term));
    }
  });
});
