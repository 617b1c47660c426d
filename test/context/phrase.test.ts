/** The rule phrase syntax: literal words and (a|b|) groups, normalised by the shared tokenizer. */
import { describe, expect, it } from 'vitest';
import { expandPhrase } from '../../src/context/phrase.js';
import { termWords } from '../../src/text/tokens.js';

// Expected sequences are spelled through termWords, so these tests check the
// syntax and leave the exact stems to the shared normaliser.
const w = (s: string): string[] => termWords(s);

describe('expandPhrase', () => {
  it.each([
    ['no', [w('no')]],
    ['history of', [w('history')]],
    ['(was|were) ruled out', [w('was ruled out'), w('were ruled out')]],
    ['(at |)risk for', [w('at risk for'), w('risk for')]],
    ['r/o', [w('r o')]],
    ["doesn't", [w('doesn t')]],
    ['(no|not) (fever|)', [w('no fever'), w('no'), w('not fever'), w('not')]],
  ])('%j', (phrase, expected) => {
    expect(expandPhrase(phrase)).toEqual({ ok: true, sequences: expected });
  });

  it('drops expansions that normalise to words already produced', () => {
    const r = expandPhrase('(denies|denied|denying)');
    expect(r.ok).toBe(true);
    if (r.ok) {
      const keys = r.sequences.map((s) => s.join(' '));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toContain(w('denies').join(' '));
    }
  });

  it('stopwords vanish and case does not matter', () => {
    expect(expandPhrase('history of the')).toEqual({ ok: true, sequences: [w('history')] });
    expect(expandPhrase('Rule out')).toEqual({ ok: true, sequences: [w('rule out')] });
  });

  it.each([
    ['(no', "unclosed '('"],
    ['no)', "')' outside a group"],
    ['a|b', "'|' outside a group"],
    ['((no))', 'groups do not nest'],
    ['the', 'normalises to no words'],
    ['(the|no)', 'normalises to no words'],
  ])('rejects %j', (phrase, message) => {
    const r = expandPhrase(phrase);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('refuses phrases that expand too far', () => {
    const r = expandPhrase('(a1|a2|a3|a4) (b1|b2|b3|b4) (c1|c2|c3|c4) (d1|d2|d3|d4) (e1|e2)');
    expect(r.ok).toBe(false);
  });
});
