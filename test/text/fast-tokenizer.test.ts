import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scanRaw } from '../../src/text/tokenize.js';
import { BOUNDARY, termWords, Tokenizer, UNKNOWN } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';
import { normalizeWord, shapeOf } from '../../src/text/word.js';

// Tokenizer.tokenize inlines scanRaw and caches ids in a hash table; this is the
// plain definition it must agree with: scanRaw's words and boundaries, each word
// normalised and looked up, stopwords dropped, consecutive boundaries collapsed.
function reference(text: string, vocab: Vocabulary): { ids: number[]; starts: number[]; ends: number[] } {
  const ids: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  scanRaw(
    text,
    (s, e) => {
      const surface = text.slice(s, e);
      const norm = normalizeWord(surface.toLowerCase(), shapeOf(surface));
      if (norm === null) return;
      ids.push(vocab.idOf(norm));
      starts.push(s);
      ends.push(e);
    },
    (at) => {
      if (ids.length > 0 && ids[ids.length - 1] === BOUNDARY) return;
      ids.push(BOUNDARY);
      starts.push(at);
      ends.push(at + 1);
    },
  );
  return { ids, starts, ends };
}

function actual(tok: Tokenizer, text: string): { ids: number[]; starts: number[]; ends: number[] } {
  const t = tok.tokenize(text);
  expect(t.count).toBeLessThanOrEqual(t.ids.length);
  return {
    ids: [...t.ids.subarray(0, t.count)],
    starts: [...t.starts.subarray(0, t.count)],
    ends: [...t.ends.subarray(0, t.count)],
  };
}

// Two 7-letter words with the same 32-bit FNV-1a hash: they share a probe chain
// and only the in-place comparison tells them apart.
const COLLIDING = ['lsexqzd', 'ztxtxde'] as const;

const vocab = new Vocabulary(
  termWords('heart failure diabetes mellitus UTI AIDS aid type 2 E11.22 2.5 Crohn café œdème finger process eye a s lsexqzd'),
);

const units = [
  ...'ab cAé-\t\r\n.;:|•!?,/()[]\'’sS09Œü\u0301'.split(''),
  '\r\n',
  '\n\n',
  '\n \n',
  '\n\t',
  '😀',
  '\ud83d',
  '\ude00',
  '(s)',
  '(es)',
  "'s",
  '’s',
  '2.5',
  '1.',
  '.5',
  'E11.22',
  'heart',
  'Failure',
  'HEART',
  'diabetes',
  'UTIs',
  'UTI',
  'AIDS',
  'aids',
  'the',
  'of',
  'Crohn',
  'œdème',
  'CAFÉ',
  'mellitus',
  'finger',
  'process',
  ...COLLIDING,
];
const textArb = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...units), maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);

describe('Tokenizer against scanRaw + normalizeWord', () => {
  it.each([
    [''],
    ['a.a.a.'],
    ['a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a'],
    ['2.5.3 1. .5 E11.22.'],
    ["Alzheimer's Crohn’s x's's"],
    ['finger(s)x process(es) (s) (es)'],
    ['UTIs MIs AIDS aids'],
    ['diabetes\r\n\r\nmellitus\nheart\n Failure\n\n heart'],
    ['pain 😀 chest \ud83d heart'],
    ['lsexqzd ztxtxde lsexqzd ztxtxde'],
  ])('%j', (text) => {
    const tok = new Tokenizer(vocab);
    expect(actual(tok, text)).toEqual(reference(text, vocab));
    // Second pass: every word now comes from the cache.
    expect(actual(tok, text)).toEqual(reference(text, vocab));
  });

  it('tells apart words whose hashes collide', () => {
    const id = vocab.idOf(normalizeWord('lsexqzd') as string);
    expect(id).toBeGreaterThanOrEqual(0);
    const tok = new Tokenizer(vocab);
    expect(actual(tok, 'ztxtxde lsexqzd ztxtxde lsexqzd').ids).toEqual([UNKNOWN, id, UNKNOWN, id]);
  });

  it('gives the reference tokens for any text, with a warm cache', () => {
    const shared = new Tokenizer(vocab);
    fc.assert(
      fc.property(textArb, (text) => {
        const want = reference(text, vocab);
        expect(actual(new Tokenizer(vocab), text)).toEqual(want);
        expect(actual(shared, text)).toEqual(want);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the reference tokens across cache clears and table growth', () => {
    // Limit 3 clears the cache inside most texts; 5000 lets the table grow
    // several times from its initial size over the run.
    const tiny = new Tokenizer(vocab, { cacheLimit: 3 });
    const growing = new Tokenizer(vocab, { cacheLimit: 5000 });
    fc.assert(
      fc.property(textArb, fc.array(fc.string({ unit: fc.constantFrom(...'abcdefgh'), minLength: 1, maxLength: 6 }), { maxLength: 40 }), (text, extra) => {
        const mixed = `${extra.join(' ')} ${text}`;
        const want = reference(mixed, vocab);
        expect(actual(tiny, mixed)).toEqual(want);
        expect(actual(growing, mixed)).toEqual(want);
        expect(actual(tiny, mixed)).toEqual(want);
      }),
      { numRuns: 500 },
    );
  });
});
