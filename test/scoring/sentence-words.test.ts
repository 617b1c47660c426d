import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSentenceEnd } from '../../src/context/sentences.js';
import { sentenceOf, SentenceWords } from '../../src/scoring/sentence-words.js';
import { Tokenizer } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';
import { normalizeWord } from '../../src/text/word.js';

const WORDS = ['stage', '4', 'kidney', 'disease', 'leg', 'edema', 'chronic'].map((w) => normalizeWord(w) as string);
const vocab = new Vocabulary(WORDS);
const tokenizer = new Tokenizer(vocab);
const id = (w: string): number => vocab.idOf(normalizeWord(w) as string);

/** The definition: every index whose character is a line break or sentence punctuation that isSentenceEnd accepts. */
function naiveEnds(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const candidate = c === 10 || c === 13 || c === 46 || c === 33 || c === 63 || c === 59 || c === 58 || c === 124 || c === 0x2022;
    if (candidate && isSentenceEnd(text, i)) out.push(i);
  }
  return out;
}

/** The sentence of `[start, end)` by the definition: from just after the last end before start to the first end at or after end. */
function naiveSentence(text: string, start: number, end: number): [number, number] {
  const ends = naiveEnds(text);
  const before = ends.filter((p) => p < start);
  const after = ends.filter((p) => p >= end);
  return [before.length === 0 ? 0 : (before[before.length - 1] as number) + 1, after.length === 0 ? text.length : (after[0] as number)];
}

// Pieces that exercise the sentence rule: decimals, abbreviations, list numbers,
// wrapped lines, possessives and plural markers next to punctuation.
const PIECES = ['stage', '4', '11.5', 'e.g.', 'Dr.', 'kidney', "Crohn's", 'finger(s)', 'The', 'of', ' ', ' ', '\n', '\r\n', '\n\n', '. ', '.', ';', ':', '!', '?', '|', '•', '2)', ',', '-', 'é', 'Leg'];

describe('sentences', () => {
  it('sentenceOf, and the reader selecting spans in text order, find the sentence of the definition', () => {
    const sites = new Uint8Array(WORDS.length);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }), fc.array(fc.tuple(fc.nat(), fc.nat(6)), { maxLength: 8 }), (pieces, picks) => {
        const text = pieces.join('');
        const r = new SentenceWords(WORDS.length, sites);
        r.read(text, tokenizer.tokenize(text));
        // Spans as the engine gives them: in text order, possibly several in one sentence.
        const spans = picks.map(([at, len]) => [at % text.length, Math.min(text.length, (at % text.length) + len + 1)] as const).sort((a, b) => a[0] - b[0]);
        for (const [start, end] of spans) {
          const expected = naiveSentence(text, start, end);
          const s = sentenceOf(text, start, end);
          expect([s.start, s.end]).toEqual(expected);
          r.select(start, end);
          expect([r.start, r.end]).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('sentenceOf reads sentences as the context engine does: decimals, abbreviations and mid-line semicolons do not end one', () => {
    const text = 'First. Hb 11.5 g/dl, e.g. with anemia; next\nSecond line';
    const at = text.indexOf('anemia');
    const s = sentenceOf(text, at, at + 6);
    expect(text.slice(s.start, s.end).trim()).toBe('Hb 11.5 g/dl, e.g. with anemia; next');
  });
});

describe('SentenceWords', () => {
  const sites = new Uint8Array(WORDS.length);
  sites[id('leg')] = 1;

  function reader(text: string): SentenceWords {
    const r = new SentenceWords(WORDS.length, sites);
    r.read(text, tokenizer.tokenize(text));
    return r;
  }

  it('selects the sentence of a span, in any order of spans', () => {
    const text = 'Chronic kidney disease. Edema of the leg. Stage 4 kidney disease.';
    const r = reader(text);
    const spans = ['Edema', 'Stage', 'Chronic', 'leg', 'Stage'].map((w) => text.indexOf(w));
    for (const at of spans) {
      r.select(at, at + 1);
      const s = sentenceOf(text, at, at + 1);
      expect([r.start, r.end]).toEqual([s.start, s.end]);
    }
  });

  it('knows the words of the selected sentence only', () => {
    const text = 'Chronic kidney disease. Edema of the leg.';
    const r = reader(text);
    r.select(text.indexOf('Edema'), text.indexOf('Edema') + 5);
    expect(r.has(id('edema'))).toBe(true);
    expect(r.has(id('leg'))).toBe(true);
    expect(r.has(id('kidney'))).toBe(false);
    expect(r.nearest(id('leg'), text.indexOf('Edema'))).toBe(text.indexOf('leg') - text.indexOf('Edema'));
    expect(r.nearest(id('kidney'), 0)).toBe(Infinity);
    expect(r.nearestSite(text.indexOf('Edema'))).toBe(text.indexOf('leg') - text.indexOf('Edema'));
  });

  it('counts a digit as following a word across punctuation, not across another word', () => {
    const said = (text: string): boolean => {
      const r = reader(text);
      r.select(0, 1);
      return r.adjacent(id('stage'), id('4'));
    };
    expect(said('Stage 4 chronic kidney disease.')).toBe(true);
    expect(said('Stage: 4.')).toBe(true);
    expect(said('Stage unknown, 4 mg daily')).toBe(false); // a word outside the vocabulary separates them
    expect(said('Stage of 4')).toBe(true); // stopwords are not words of the stream
  });

  it('counts the lexicon words of a range, whatever the order of the questions', () => {
    const text = 'Chronic kidney disease, stage 4; edema of both legs.';
    const r = reader(text);
    const count = (a: string, b: string): number => r.countWords(text.indexOf(a), text.indexOf(b) + b.length);
    expect(count('edema', 'legs')).toBe(2); // "both" is not a lexicon word
    expect(count('Chronic', 'disease')).toBe(3);
    expect(count('stage', '4')).toBe(2);
  });
});
