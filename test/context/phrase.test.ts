/** The rule phrase syntax: literal words and (a|b|) groups, normalised by the shared tokenizer. */
import { describe, expect, it } from 'vitest';
import { expandPhrase } from '../../src/context/phrase.js';

describe('expandPhrase', () => {
  it.each([
    ['no', [['no']]],
    ['history of', [['histori']]],
    ['(was|were) ruled out', [['wa', 'rule', 'out'], ['were', 'rule', 'out']]],
    ['(at |)risk for', [['at', 'risk', 'for'], ['risk', 'for']]],
    ['(deny|denies|denied)', [['deni']]],
    ['r/o', [['r', 'o']]],
    ["doesn't", [['doesn', 't']]],
    ['Rule OUT', [['rule', 'out']]],
  ])('%j', (phrase, expected) => {
    expect(expandPhrase(phrase)).toEqual({ ok: true, sequences: expected });
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
