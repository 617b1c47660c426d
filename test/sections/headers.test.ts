/** Header layout checks: where a header phrase is a section header. */
import { describe, expect, it } from 'vitest';
import { headerFollower, headerPosition, isCapsLabelBefore, isHeaderAt } from '../../src/sections/index.js';

/** isHeaderAt for the first occurrence of `phrase` in `text`. */
function header(text: string, phrase: string): boolean {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`fixture error: ${phrase} not in ${text}`);
  return isHeaderAt(text, start, start + phrase.length);
}

describe('isHeaderAt', () => {
  it.each([
    ['Family history: mother with asthma.', 'Family history'],
    ['Cough.\nPAST MEDICAL HISTORY:\nGout.', 'PAST MEDICAL HISTORY'],
    ['Cough.\nPast medical history\nGout.', 'Past medical history'],
    ['Cough.\n  - Family history: none.', 'Family history'],
    ['Cough.\n2. Family history: none.', 'Family history'],
    ['No distress. FAMILY HISTORY: asthma.', 'FAMILY HISTORY'],
    ['PAST MEDICAL HISTORY:   PHYSICAL EXAM: normal.', 'PHYSICAL EXAM'],
    ['Report text      PATIENT HISTORY:  pain.', 'PATIENT HISTORY'],
    ['ALLERGIES - penicillin.', 'ALLERGIES'],
    ['Cough.\nPlan', 'Plan'],
    ['Asthma; family history: none.', 'family history'],
  ])('%j: %j is a header', (text, phrase) => {
    expect(header(text, phrase)).toBe(true);
  });

  it.each([
    ['The family history is notable for asthma.', 'family history'],
    ['He has a past medical history of gout.', 'past medical history'],
    ['No distress. Family history of asthma.', 'Family history'],
    ['We reviewed the plan: rest.', 'plan'],
  ])('%j: %j is not', (text, phrase) => {
    expect(header(text, phrase)).toBe(false);
  });
});

describe('headerPosition and headerFollower', () => {
  it('classifies what comes before a phrase', () => {
    expect(headerPosition('Gout', 0)).toBe('line-start');
    expect(headerPosition('x\n   Gout', 5)).toBe('line-start');
    expect(headerPosition('x\n* Gout', 4)).toBe('line-start');
    expect(headerPosition('x\n12) Gout', 6)).toBe('line-start');
    expect(headerPosition('x. Gout', 3)).toBe('after-sentence');
    expect(headerPosition('x  Gout', 3)).toBe('after-sentence');
    expect(headerPosition('x Gout', 2)).toBe('inline');
  });

  it('classifies what comes after a phrase', () => {
    expect(headerFollower('Plan: rest', 4)).toBe('colon');
    expect(headerFollower('Plan  : rest', 4)).toBe('colon');
    expect(headerFollower('Plan - rest', 4)).toBe('colon');
    expect(headerFollower('Plan\nrest', 4)).toBe('line-end');
    expect(headerFollower('Plan', 4)).toBe('line-end');
    expect(headerFollower('Plan rest', 4)).toBe('text');
    expect(headerFollower('Plan-rest', 4)).toBe('text');
  });
});

describe('isCapsLabelBefore', () => {
  it('finds upper-case labels that start a line', () => {
    const t1 = 'Gout.\nPROCEDURE: none';
    expect(isCapsLabelBefore(t1, t1.indexOf(':'))).toBe(true);
    const t2 = 'HEENT: normal';
    expect(isCapsLabelBefore(t2, t2.indexOf(':'))).toBe(true);
    const t3 = 'Gout.\n1. INDICATIONS FOR SURGERY: pain';
    expect(isCapsLabelBefore(t3, t3.indexOf(':'))).toBe(true);
  });

  it('rejects mixed case, mid-line labels and long runs', () => {
    const t1 = 'Gout.\nLungs: clear';
    expect(isCapsLabelBefore(t1, t1.indexOf(':'))).toBe(false);
    const t2 = 'Gout and CAD: stable';
    expect(isCapsLabelBefore(t2, t2.indexOf(':'))).toBe(false);
    const t3 = `\n${'A'.repeat(60)}: x`;
    expect(isCapsLabelBefore(t3, t3.indexOf(':'))).toBe(false);
    const t4 = '\nA: x';
    expect(isCapsLabelBefore(t4, t4.indexOf(':'))).toBe(false);
  });
});
