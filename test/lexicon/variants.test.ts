import { describe, expect, it } from 'vitest';
import { forms, lookupKey, orAlternatives, parsePhrase, render, stripInstructions, textForms } from '../../src/lexicon/variants.js';

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

describe('orAlternatives', () => {
  const alts = (text: string) => orAlternatives(parsePhrase(text))?.map((p) => render(p, 'all')) ?? null;

  it.each([
    ['atrial or auricular (established)', ['atrial established', 'auricular established']],
    ['ectopic or molar pregnancy', ['ectopic pregnancy', 'molar pregnancy']],
    ['lymph gland or node', ['lymph gland', 'lymph node']],
    ['in pregnancy, childbirth or puerperium', ['in pregnancy', 'in childbirth', 'in puerperium']],
    ['device, implant or graft', ['device', 'implant', 'graft']],
    ['sedative, hypnotic, or anxiolytic', ['sedative', 'hypnotic', 'anxiolytic']],
  ])('%s', (text, expected) => {
    expect(alts(text)).toEqual(expected);
  });

  it.each([
    ['due to or associated with'], // a connector is no alternative
    ['two or more fetuses'],
    ['overdose or wrong substance given or taken'], // two "or"s say more than a list
    ['stenosis or atresia, dextraposition of aorta'], // a comma after the list: a longer phrase
    ['organ or site, congenital'],
    ['procedures, complication or misadventure'], // items of unlike number: an inverted phrase
    ['degenerative, spine or vertebra'], // items of unlike class
    ['Broad- or floating-betalipoproteinemia'],
    ['pneumonia'],
  ])('leaves %s alone', (text) => {
    expect(alts(text)).toBeNull();
  });
});
