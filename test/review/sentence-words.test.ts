import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isSentenceEnd, paragraphWidths, segmentSentences, sentenceRange } from '../../src/context/sentences.js';
import { SentenceWords } from '../../src/review/sentence-words.js';
import { BOUNDARY, Tokenizer, type TokenStream } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';
import { normalizeWord } from '../../src/text/word.js';

const WORDS = ['stage', '4', 'kidney', 'disease', 'leg', 'edema', 'chronic'].map((w) => normalizeWord(w) as string);
const vocab = new Vocabulary(WORDS);
const tokenizer = new Tokenizer(vocab);

/** What the reader reads: the text, its tokens, its sentences. */
function noteText(text: string, tokens: TokenStream) {
  return { text, tokens, sentences: segmentSentences(text, tokens) };
}
const id = (w: string): number => vocab.idOf(normalizeWord(w) as string);

/** Sentence-ending characters by the definition (isSentenceEnd with paragraph widths). */
function endsAt(text: string, at: number): boolean {
  return isSentenceEnd(text, at, paragraphWidths(text));
}

// Pieces that exercise the sentence rule: decimals, abbreviations, list numbers,
// wrapped lines, possessives and plural markers next to punctuation.
const PIECES = ['stage', '4', '11.5', 'e.g.', 'Dr.', 'kidney', "Crohn's", 'finger(s)', 'The', 'of', ' ', ' ', '\n', '\r\n', '\n\n', '. ', '.', ';', ':', '!', '?', '|', '•', '2)', ',', '-', 'é', 'Leg'];
const text$ = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 }).map((p) => p.join(''));

describe('sentences', () => {
  it('segmentSentences ends a sentence at each boundary the definition ends one at, and starts one only after an end, at a list number or after a line break', () => {
    fc.assert(
      fc.property(text$, (text) => {
        const tokens = tokenizer.tokenize(text);
        if (tokens.count === 0) return;
        const seg = segmentSentences(text, tokens);
        for (let i = 0; i + 1 < tokens.count; i++) {
          const boundaryEnd = tokens.ids[i] === BOUNDARY && endsAt(text, tokens.starts[i] as number);
          const changes = seg.of[i + 1] !== seg.of[i];
          if (boundaryEnd) expect(seg.of[i + 1]).toBe((seg.of[i] as number) + 1);
          else if (changes) {
            const between = text.slice(tokens.ends[i], tokens.starts[i + 1]);
            const listNumber = text.charCodeAt(tokens.ends[i + 1] as number) === 41;
            expect(/[\r\n]/.test(between) || listNumber).toBe(true);
          }
        }
        // starts[] and of[] agree.
        for (let k = 0; k < seg.count; k++) expect(seg.of[seg.starts[k] as number]).toBe(k);
      }),
      { numRuns: 500 },
    );
  });

  it('the reader, selecting spans in text order, finds the sentences sentenceRange gives', () => {
    const sites = new Uint8Array(WORDS.length);
    fc.assert(
      fc.property(text$, fc.array(fc.tuple(fc.nat(), fc.nat(3)), { maxLength: 8 }), (text, picks) => {
        const tokens = tokenizer.tokenize(text);
        if (tokens.count === 0) return;
        const seg = segmentSentences(text, tokens);
        const r = new SentenceWords(WORDS.length, sites);
        r.read({ text, tokens, sentences: seg });
        // Spans as the engine gives them: whole tokens, in text order, possibly several in one sentence.
        const spans = picks
          .map(([at, len]) => {
            const first = at % tokens.count;
            const last = Math.min(tokens.count - 1, first + len);
            return [tokens.starts[first] as number, tokens.ends[last] as number] as const;
          })
          .sort((a, b) => a[0] - b[0]);
        for (const [start, end] of spans) {
          r.select(start, end);
          const expected = sentenceRange(tokens, seg, start, end);
          expect([r.start, r.end]).toEqual([expected.start, expected.end]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('the sentence around a word reads through decimals, abbreviations and mid-line semicolons', () => {
    const text = 'First. Hb 11.5 g/dl, e.g. with anemia; next\nSecond line';
    const at = text.indexOf('anemia');
    const tokens = tokenizer.tokenize(text);
    const s = sentenceRange(tokens, segmentSentences(text, tokens), at, at + 6);
    expect(text.slice(s.start, s.end).trim()).toBe('Hb 11.5 g/dl, e.g. with anemia; next');
  });

  it('reads a lower-case line list one item per line, as the context engine does', () => {
    // "leg" would have fitted after "disease" at the paragraph's width: the break is not a wrap.
    const text = 'Exclusion:\nno consent given by the patient\nchronic kidney disease\nleg edema';
    const tokens = tokenizer.tokenize(text);
    const r = new SentenceWords(WORDS.length, new Uint8Array(WORDS.length));
    r.read(noteText(text, tokens));
    const at = text.indexOf('chronic');
    r.select(at, at + 7);
    // The line before does not end a sentence: its next word would not have fitted on it (a wrap).
    expect(text.slice(r.start, r.end)).toBe('Exclusion:\nno consent given by the patient\nchronic kidney disease');
    expect(r.has(id('leg'))).toBe(false);
  });
});

describe('SentenceWords', () => {
  const sites = new Uint8Array(WORDS.length);
  sites[id('leg')] = 1;

  function reader(text: string): SentenceWords {
    const r = new SentenceWords(WORDS.length, sites);
    r.read(noteText(text, tokenizer.tokenize(text)));
    return r;
  }

  it('selects the sentence of a span, in any order of spans', () => {
    const text = 'Chronic kidney disease. Edema of the leg. Stage 4 kidney disease.';
    const r = reader(text);
    const spans = ['Edema', 'Stage', 'Chronic', 'leg', 'Stage'].map((w) => text.indexOf(w));
    const tokens = tokenizer.tokenize(text);
    const seg = segmentSentences(text, tokens);
    for (const at of spans) {
      r.select(at, at + 1);
      const s = sentenceRange(tokens, seg, at, at + 1);
      expect([r.start, r.end]).toEqual([s.start, s.end]);
      expect(text.slice(r.start, r.end)).toMatch(/^[A-Z][^.]*\.$/);
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
