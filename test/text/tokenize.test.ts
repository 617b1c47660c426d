import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanRaw } from '../../src/text/tokenize.js';
import { BOUNDARY, termWords, Tokenizer, UNKNOWN } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';
import { normalizeWord } from '../../src/text/word.js';

function words(text: string): string[] {
  const out: string[] = [];
  scanRaw(text, (s, e) => out.push(text.slice(s, e)), () => out.push('|'));
  return out;
}

describe('scanRaw', () => {
  it.each([
    ['Type-2 diabetes', ['Type', '2', 'diabetes']],
    ["Alzheimer's disease", ['Alzheimer', 'disease']],
    ['Crohn’s', ['Crohn']],
    ['E11.22 and 2.5 mg', ['E11.22', 'and', '2.5', 'mg']],
    ['pain. Chest', ['pain', '|', 'Chest']],
    ['Dx: pneumonia', ['Dx', '|', 'pneumonia']],
    ['diabetes/hypertension', ['diabetes', 'hypertension']],
    ['œdème café', ['œdème', 'café']],
    ['pain 😀 chest', ['pain', 'chest']],
    ['type 2 diabetes\nmellitus', ['type', '2', 'diabetes', 'mellitus']],
    ['Diabetes\nHypertension', ['Diabetes', '|', 'Hypertension']],
    ['diabetes\r\n\r\nmellitus', ['diabetes', '|', 'mellitus']],
    ['finger(s) and process(es)', ['finger', 'and', 'process']],
    ['Essential (primary) [idiopathic] hypertension', ['Essential', 'primary', 'idiopathic', 'hypertension']],
    ['(s) alone', ['s', 'alone']],
    // A genus's initial is no boundary; a sentence ending in a capital still is.
    ['grew E. coli', ['grew', 'E', 'coli']],
    ['vitamin D. He', ['vitamin', 'D', '|', 'He']],
    ['type A. the', ['type', 'A', 'the']],
    ['HCV. coinfection', ['HCV', '|', 'coinfection']],
    ['E.coli', ['E', '|', 'coli']],
  ])('%j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });
});

describe('normalizeWord', () => {
  it.each([
    ['diabetes', 'diabetic'],
    ['oedema', 'edema'],
    ['anaemia', 'anemia'],
    ['haemorrhage', 'hemorrhage'],
    ['tumours', 'tumor'],
    ['fractures', 'fracture'],
    ['ii', '2'],
    ['café', 'cafe'],
    ['thromboses', 'thrombosis'],
    ['stenoses', 'stenosis'],
    ['psychoses', 'psychosis'],
  ])('%s ~ %s', (a, b) => {
    expect(normalizeWord(a)).toBe(normalizeWord(b));
  });

  it('leaves short words and capitalised acronyms unstemmed', () => {
    expect(normalizeWord('mis')).not.toBe(normalizeWord('mi'));
    expect(normalizeWord('pes')).not.toBe(normalizeWord('pe'));
    expect(normalizeWord('eyes')).toBe(normalizeWord('eye'));
    expect(normalizeWord('ribs')).toBe(normalizeWord('rib'));
    expect(normalizeWord('iris')).toBe('iris');
    expect(termWords('UTIs MIs')).toEqual(termWords('UTI MI'));
    expect(termWords('AIDS')).not.toEqual(termWords('aid'));
    expect(normalizeWord('aids')).toBe(normalizeWord('aid'));
  });

  it('keeps the listed words unstemmed where the stemmer would fold them into another word', () => {
    expect(termWords('Disease, Andes')).not.toEqual(termWords('disease and'));
    expect(normalizeWord('teething')).not.toBe(normalizeWord('teeth'));
    expect(normalizeWord('overeating')).not.toBe(normalizeWord('over'));
    // other words still stem
    expect(normalizeWord('bleeding')).toBe(normalizeWord('bleed'));
  });

  it('leaves short English plurals in -oses alone', () => {
    expect(normalizeWord('doses')).toBe(normalizeWord('dose'));
    expect(normalizeWord('noses')).toBe(normalizeWord('nose'));
  });

  it('drops stopwords and keeps words with digits', () => {
    expect(normalizeWord('the')).toBeNull();
    expect(normalizeWord('of')).toBeNull();
    expect(normalizeWord('e11.22')).toBe('e11.22');
  });

  it('never confuses a word with a word inside it', () => {
    expect(termWords('mild')).not.toEqual(termWords('mi'));
  });
});

describe('Tokenizer', () => {
  const vocab = new Vocabulary(termWords('essential hypertension heart failure'));
  const tok = new Tokenizer(vocab);

  it('maps known words to ids, others to UNKNOWN, punctuation to BOUNDARY', () => {
    const t = tok.tokenize('Essential HYPERTENSION; zebra heart');
    expect([...t.ids.slice(0, t.count)]).toEqual([
      vocab.idOf(normalizeWord('essential') as string),
      vocab.idOf(normalizeWord('hypertension') as string),
      BOUNDARY,
      UNKNOWN,
      vocab.idOf(normalizeWord('heart') as string),
    ]);
  });

  it('reports offsets into the original string for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ab cé-\r\n\t.;:😀\'s9'.split(''), 'heart', 'failure ', 'Œ') }), (text) => {
        const t = tok.tokenize(text);
        let prev = 0;
        for (let i = 0; i < t.count; i++) {
          const s = t.starts[i] as number;
          const e = t.ends[i] as number;
          expect(s).toBeGreaterThanOrEqual(prev);
          expect(e).toBeGreaterThan(s);
          expect(e).toBeLessThanOrEqual(text.length);
          if (t.ids[i] !== BOUNDARY) expect(/^[\p{L}\p{M}\p{Nd}.]+$/u.test(text.slice(s, e))).toBe(true);
          prev = e;
        }
      }),
      { numRuns: 300 },
    );
  });
});
