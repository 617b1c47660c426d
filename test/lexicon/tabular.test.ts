import { describe, expect, it } from 'vitest';
import { fractureSite, isFractureCategory, isPlainTerm, readTabular } from '../../src/lexicon/tabular.js';
import { TABULAR } from './fixtures.js';
import { collector } from './helpers.js';

describe('readTabular', () => {
  const { terms, emit } = collector();
  const info = readTabular(TABULAR, 'synthetic-tabular.xml', emit);

  it('places each diag in its chapter, block and category', () => {
    expect(info.get('A10.9')).toMatchObject({
      chapter: { id: '1', description: 'Made-up diseases (A10-B29)' },
      block: { id: 'A10-A19', description: 'Widget diseases (A10-A19)' },
      category: { code: 'A10', description: 'Widget disease' },
      inclusionTerms: ['Widget (chronic) disease NOS', 'Widget fever & chills'],
      excludes2: ['sprocket disorder (C30)'],
      codeFirst: ['underlying condition'],
      codeAlso: ['gadget, if known'],
    });
    expect(info.get('A10')).toMatchObject({
      category: { code: 'A10', description: 'Widget disease' },
      excludes1: ['gadget disease (B20.-)'],
      useAdditionalCode: ['code for the widget (Y99)'],
      includes: ['widgetosis', 'infections due to widgets classifiable to A10.0-A10.8 and other long sentences'],
    });
  });

  it('keeps 7th characters where they are defined, and notes', () => {
    expect(info.get('B20')?.sevenChr).toEqual([
      { char: 'A', description: 'initial encounter' },
      { char: 'D', description: 'subsequent encounter' },
    ]);
    expect(info.get('B20')?.notes).toEqual(['The appropriate 7th character is to be added to each code from category B20:']);
    expect(info.get('B20.0')?.notes).toEqual(['A made-up note.']);
    expect(info.get('B20.0')?.sevenChr).toBeUndefined();
  });

  it('emits inclusion terms with their optional words, and plain includes notes', () => {
    expect(terms).toEqual([
      { text: 'widgetosis', code: 'A10', source: 'inclusion' },
      { text: 'Widget disease', code: 'A10.9', source: 'inclusion' },
      { text: 'Widget chronic disease', code: 'A10.9', source: 'inclusion' },
      { text: 'Widget fever & chills', code: 'A10.9', source: 'inclusion' },
    ]);
  });
});

describe('fractureSite', () => {
  it.each([
    // items of a fracture title's site list become fractures of the site
    ['Trachea', 'Fracture of Trachea'],
    ['Knee cap', 'Fracture of Knee cap'],
    ['Thyroid cartilage', 'Fracture of Thyroid cartilage'],
    // terms that say the fracture, and longer descriptions, stay as written
    ['Fracture of larynx', 'Fracture of larynx'],
    ['Transverse segmental comminution of upper sacrum', 'Transverse segmental comminution of upper sacrum'],
    ['Acute slipped capital femoral epiphysis', 'Acute slipped capital femoral epiphysis'],
    ['Broken tooth', 'Broken tooth'],
  ])('%s -> %s', (note, expected) => {
    expect(fractureSite(note)).toBe(expected);
  });

  it('applies to the injury chapter only, where a fracture title lists sites', () => {
    expect(isFractureCategory('S12.8', 'Fracture of other parts of neck')).toBe(true);
    expect(isFractureCategory('S82.0', 'Fracture of patella')).toBe(true);
    // "Osteoporosis" under M81.0 is the condition, not a site of the fracture the title excludes.
    expect(isFractureCategory('M81.0', 'Age-related osteoporosis without current pathological fracture')).toBe(false);
    expect(isFractureCategory('S06.0', 'Concussion')).toBe(false);
  });
});

describe('isPlainTerm', () => {
  it.each([
    ['rabbit fever', true],
    ['frambesia (tropica)', true],
    ['carrier of infectious disease (Z22.-)', false],
    ['certain localized infections - see body system-related chapters', false],
    ['the following conditions: a, b', false],
    ['infection or foodborne intoxication due to any Salmonella species other than typhi', false],
  ])('%s', (note, plain) => {
    expect(isPlainTerm(note)).toBe(plain);
  });
});
