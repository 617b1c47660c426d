import { describe, expect, it } from 'vitest';
import { allergyTexts } from '../../src/lexicon/allergy-terms.js';
import type { Element } from '../../src/lexicon/index-tree.js';

const el = (...alts: string[]): Element => ({ alts, extras: [] });

describe('allergyTexts', () => {
  it('writes an allergy status entry the ways notes state an allergy', () => {
    expect(allergyTexts([el('History'), el('personal'), el('allergy'), el('penicillin')])).toEqual([
      'allergy to penicillin',
      'allergic to penicillin',
      'penicillin allergy',
    ]);
  });

  it('names a food without the Index heading "food", and with it', () => {
    const texts = allergyTexts([el('History'), el('personal'), el('allergy'), el('food'), el('peanuts')]);
    expect(texts).toContain('allergy to peanuts');
    expect(texts).toContain('allergic to food peanuts');
  });

  it('adds nothing for other paths', () => {
    expect(allergyTexts([el('History'), el('personal'), el('allergy')])).toEqual([]);
    expect(allergyTexts([el('History'), el('personal'), el('nicotine dependence')])).toEqual([]);
    expect(allergyTexts([el('History'), el('family'), el('allergy'), el('penicillin')])).toEqual([]);
    expect(allergyTexts([el('Allergy'), el('penicillin')])).toEqual([]);
  });
});
