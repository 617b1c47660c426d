import { describe, expect, it } from 'vitest';
import { endsOpen, headSpellings, isAbstractNoun, isAdjective, isQualifier } from '../../src/text/word-class.js';

describe('word classes', () => {
  it.each([
    ['impaired', true],
    ['atrophic', true],
    ['anomalous', true],
    ['insufficient', true],
    ['acute', true],
    ['impairment', false],
    ['insufficiency', false],
    ['abnormality', false],
    ['disease', false],
    ['HIV', false],
    ['ill', false],
  ])('isAdjective(%s) = %s', (word, expected) => {
    expect(isAdjective(word)).toBe(expected);
  });

  it.each([
    ['impairment', true],
    ['insufficiency', true],
    ['abnormalities', true],
    ['decompensation', true],
    ['impaired', false],
    ['failure', false],
  ])('isAbstractNoun(%s) = %s', (word, expected) => {
    expect(isAbstractNoun(word)).toBe(expected);
  });

  it.each([
    ['decompensated', true],
    ['chronic', true],
    ['severe', true],
    ['renal', false],
    ['heart', false],
    ['bleed', false],
    ['end stage', true],
    ['End stage', true],
    ['stage', false],
  ])('isQualifier(%s) = %s', (word, expected) => {
    expect(isQualifier(word)).toBe(expected);
  });
});

describe('headSpellings', () => {
  it('puts the noun after a modifier', () => {
    expect(headSpellings(['Impaired', 'impairment'])).toEqual(['impairment']);
    expect(headSpellings(['Insufficiency', 'insufficient'])).toEqual(['Insufficiency']);
    expect(headSpellings(['Disease', 'diseased'])).toEqual(['Disease']);
  });

  it('keeps a list with no noun, and phrases, whole', () => {
    expect(headSpellings(['atrophic', 'atrophied'])).toEqual(['atrophic', 'atrophied']);
    expect(headSpellings(['Legg-Perthes disease', 'Legg-Perthes syndrome'])).toEqual(['Legg-Perthes disease', 'Legg-Perthes syndrome']);
  });
});

describe('endsOpen', () => {
  it.each([
    ['Contact with', true],
    ['Carrier suspected of', true],
    ['Allergy to', true],
    ['of', false],
    ['Contact dermatitis', false],
  ])('%s: %s', (text, expected) => {
    expect(endsOpen(text)).toBe(expected);
  });
});
