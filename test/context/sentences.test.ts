/** isSentenceEnd: which tokenizer boundaries end a sentence in clinical text. */
import { describe, expect, it } from 'vitest';
import { isSentenceEnd } from '../../src/context/sentences.js';

/** The verdict at the first occurrence of `mark` after `after` in `text`. */
function at(text: string, mark: string, after = 0): boolean {
  const i = text.indexOf(mark, after);
  if (i < 0) throw new Error(`fixture error: ${mark} not in ${text}`);
  return isSentenceEnd(text, i);
}

describe('isSentenceEnd', () => {
  it.each([
    ['Cough. Fever.', '.', true],
    ['Cough.', '.', true],
    ['Cough.\nFever', '.', true],
    ['Cough\nFever', '\n', true],
    ['Cough? Fever', '?', true],
    ['Cough! Fever', '!', true],
    ['Cough | Fever', '|', true],
    ['Cough \u2022 Fever', '\u2022', true],
  ] as const)('%j at %j ends a sentence', (text, mark, expected) => {
    expect(at(text, mark)).toBe(expected);
  });

  it.each([
    ['Dx: pneumonia', ':'],
    ['Pneumonia: none', ':'],
    ['No fever; chills present', ';'],
    ['Seen by Dr. Jones today', '.'],
    ['Hb 11.5 today', '.'],
    ['Seen by Mrs. Jones today', '.'],
    ['Cellulitis vs. abscess', '.'],
    ['Infection, e.g. cellulitis', '.'],
    ['Infection, e.g., cellulitis', '.'],
    ['Aspirin b.i.d. with meals', '.'],
    ['Seen at 9 a.m. today', '.'],
    ['Approx. Two weeks', '.'],
  ] as const)('%j at %j does not', (text, mark) => {
    // The last occurrence is the one under test for dotted abbreviations.
    expect(isSentenceEnd(text, text.lastIndexOf(mark))).toBe(false);
  });

  it('inner dots of an abbreviation do not end a sentence', () => {
    expect(at('Aspirin b.i.d. with meals', '.')).toBe(false);
  });

  it('a dotted abbreviation followed by a capital does end one', () => {
    const text = 'Aspirin b.i.d. No bleeding.';
    expect(isSentenceEnd(text, text.indexOf('. N'))).toBe(true);
  });

  it('list numbers end the previous item', () => {
    const text = '1. Pneumonia 2. Heart failure';
    expect(isSentenceEnd(text, text.indexOf('.', 5))).toBe(true);
  });

  it('a colon or semicolon followed by a line break ends a sentence', () => {
    expect(at('Allergies:\nPenicillin', ':')).toBe(true);
    expect(at('No fever;\nCough', ';')).toBe(true);
  });

  it('a line break into a lower-case line does not, unless a blank line separates them', () => {
    expect(at('No fever or\nchills', '\n')).toBe(true); // a newline boundary itself always ends one
    expect(at('Pneumonia:\nnone', ':')).toBe(false);
    expect(at('Pneumonia:\n\nnone', ':')).toBe(true);
  });
});
