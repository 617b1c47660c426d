/** isSentenceEnd: which tokenizer boundaries end a sentence in clinical text. */
import { describe, expect, it } from 'vitest';
import { isSentenceEnd, isWrap, longestLine, paragraphWidths } from '../../src/context/sentences.js';

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

describe('longestLine', () => {
  it.each([
    ['', 0],
    ['one line', 8],
    ['short\na longer line\nmid', 13],
    ['trailing blanks   \r\nx', 15],
    ['  indented\r\n', 10],
  ] as const)('%j is %i wide', (text, width) => {
    expect(longestLine(text)).toBe(width);
  });

  it('measures a range', () => {
    expect(longestLine('abc\nlonger line\nxy', 4, 18)).toBe(11);
  });
});

describe('paragraphWidths', () => {
  it('measures the paragraph around a break: lines between blank lines', () => {
    const text = 'a much longer first paragraph\n\nshort\nlines\r\n  \r\nthird one\nx';
    const width = paragraphWidths(text);
    expect(width(text.indexOf('\nlines'))).toBe(5);
    expect(width(text.indexOf('\nx'))).toBe(9);
    expect(width(text.indexOf('\n'))).toBe(29);
    // Asked again out of order, the answers do not change.
    expect(width(text.indexOf('\nlines'))).toBe(5);
  });
});

describe('isWrap', () => {
  const at = (text: string) => text.indexOf('\n');

  it('the next word would not have fitted on the line: a wrap', () => {
    expect(isWrap('no fever\nchills', at('no fever\nchills'), 14)).toBe(true); // 8 + 1 + 6 > 14
    expect(isWrap('no fever\r\nchills', 8, 14)).toBe(true);
  });

  it('it would have fitted: an item of a list', () => {
    expect(isWrap('no fever\nchills', at('no fever\nchills'), 40)).toBe(false);
    expect(isWrap('no consent\nasthma', at('no consent\nasthma'), 17)).toBe(false); // 10 + 1 + 6 = 17
  });

  it('a line ending in a word or mark that cannot end a phrase goes on', () => {
    for (const text of ['fever and\nchills', 'history of\nasthma', 'fever,\nchills', 'Dx:\npneumonia', 'with or\nwithout']) {
      expect(isWrap(text, at(text), 80)).toBe(true);
    }
    // ... but a word that only ends in such letters does not ("cor", "band").
    expect(isWrap('cor\npulmonale', 3, 80)).toBe(false);
    expect(isWrap('tight band\naround the chest', 10, 80)).toBe(false);
  });

  it('an empty line before is no wrap', () => {
    expect(isWrap('\nfever', 0, 80)).toBe(false);
  });
});

describe('isSentenceEnd with a line width', () => {
  it('a boundary before a lower-case line ends a sentence unless the break can be a wrap', () => {
    const list = 'no fever;\nchills';
    expect(isSentenceEnd(list, list.indexOf(';'))).toBe(false); // no width: the tokenizer's line rule
    expect(isSentenceEnd(list, list.indexOf(';'), () => 40)).toBe(true);
    expect(isSentenceEnd(list, list.indexOf(';'), () => 12)).toBe(false); // "no fever; chills" is 16 > 12
    expect(isSentenceEnd('Pneumonia:\nnone', 9, () => 80)).toBe(false); // a label goes on
    expect(isSentenceEnd('Ends here.\nnext item', 9, () => 80)).toBe(true);
  });
});
