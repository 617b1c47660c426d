import { describe, expect, it } from 'vitest';
import { forms, lookupKey, parsePhrase, render, stripInstructions, textForms } from '../../src/lexicon/variants.js';

describe('textForms', () => {
  it.each([
    ['Essential (primary) hypertension', ['Essential hypertension', 'Essential primary hypertension']],
    ['Acute systolic (congestive) heart failure', ['Acute systolic heart failure', 'Acute systolic congestive heart failure']],
    ['Human immunodeficiency virus [HIV] disease', ['Human immunodeficiency virus disease', 'Human immunodeficiency virus HIV disease']],
    ['Infection due to Salmonella paratyphi NOS', ['Infection due to Salmonella paratyphi']],
    ['Other specified disorders NEC', ['Other specified disorders']],
    ['Cholera, unspecified', ['Cholera, unspecified']],
    ['Encounter for screening for disease(s)', ['Encounter for screening for disease', 'Encounter for screening for diseases']],
    ['  Pneumonia   NOS  ', ['Pneumonia']],
    ['NOS', []],
  ])('%s', (text, expected) => {
    expect(textForms(text)).toEqual(expected);
  });

  it('gives none, one group, the other, and both for two groups apart', () => {
    expect(textForms('a (b) c (d)')).toEqual(['a c', 'a b c', 'a c d', 'a b c d']);
  });

  it('treats groups side by side as alternatives', () => {
    expect(textForms('Tuberculosis of intestine (large) (small)')).toEqual([
      'Tuberculosis of intestine',
      'Tuberculosis of intestine large',
      'Tuberculosis of intestine small',
    ]);
  });

  it('does not join three or more groups into one phrase, and caps the forms', () => {
    const out = textForms('hypertension (arterial) (benign) (essential) (malignant)');
    expect(out).toEqual(['hypertension', 'hypertension arterial', 'hypertension benign', 'hypertension essential']);
    expect(textForms('x (a) (b) (c)', 2)).toHaveLength(2);
  });

  it('keeps an unbalanced bracket as a character', () => {
    expect(textForms('Fracture (of femur')).toEqual(['Fracture (of femur']);
  });
});

describe('phrases', () => {
  it('glues hyphenated modifiers to their word', () => {
    const p = parsePhrase('Abasia (-astasia) (hysterical)');
    expect(forms(p)).toEqual(['Abasia', 'Abasia-astasia', 'Abasia hysterical']);
    expect(render(parsePhrase('Legg (-Calvé) -Perthes disease'), 'all')).toBe('Legg-Calvé-Perthes disease');
  });

  it('drops commas left dangling by removed words', () => {
    expect(render(stripInstructions(parsePhrase('Disorder, NEC, of skin')))).toBe('Disorder, of skin');
    expect(render(stripInstructions(parsePhrase('Disorder NEC,')))).toBe('Disorder');
  });
});

describe('lookupKey', () => {
  it('compares references without case, brackets or NEC', () => {
    expect(lookupKey('Pneumonia, in (due to)')).toBe('pneumonia, in');
    expect(lookupKey('Epilepsy,  generalized, specified NEC')).toBe('epilepsy, generalized, specified');
    expect(lookupKey('Complication(s)')).toBe('complication');
  });
});
