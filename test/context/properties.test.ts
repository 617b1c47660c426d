/**
 * Property tests: assess never throws on any text, answers one result per
 * target, agrees with a naive model of forward negation with a terminator, and
 * does not depend on unrelated sentences before the target.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness, ruleFile } from './helpers.js';

const shipped = harness(undefined, undefined);
const shippedIds = new Set([...shipped.engine.rules.map((r) => r.id), 'sec.family_history', 'sec.past_medical_history', 'sec.past_surgical_history', 'sec.social_history', 'sec.allergies']);

const WORDS = ['no', 'not', 'denies', 'history', 'of', 'fever', 'cough', 'but', 'mother', 'if', 'possible', 'ruled', 'out', 'was', 'Dr', 'e', 'g', 'PMH', 'Family', 'none', '2'];
const SEPS = [' ', ' ', ' ', '. ', ', ', ': ', '\n', '\n\n', '; ', ' - ', ') ', '.'];

const textArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPS)), { maxLength: 40 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));
/** Text with no line break at all, so none into a lower-case line. */
const noBreakTextArb = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPS.filter((x) => !x.includes('\n')))), { maxLength: 40 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

describe('assess properties', () => {
  it('never throws and answers every target, with known rule ids', () => {
    fc.assert(
      fc.property(
        fc.oneof(textArb, fc.string({ maxLength: 200 })),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 6 }),
        (text, pairs) => {
          const targets = pairs.map(([a, b]) => {
            const x = a % (text.length + 1);
            const y = b % (text.length + 1);
            return { start: Math.min(x, y), end: Math.max(x, y) };
          });
          const out = shipped.engine.assess(text, shipped.tokenizer.tokenize(text), targets);
          expect(out).toHaveLength(targets.length);
          for (const r of out) {
            for (const id of r.rules) expect(shippedIds.has(id)).toBe(true);
            const anySet = Object.values(r.assertions).some(Boolean);
            expect(anySet).toBe(r.rules.length > 0);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('matches a naive model of forward negation with a terminator', () => {
    const h = harness(
      ruleFile([
        { id: 'neg.no', phrase: 'no', category: 'NEGATED', direction: 'forward', source: 'test' },
        { id: 'term.but', phrase: 'but', category: 'TERMINATE', direction: 'terminate', source: 'test' },
      ]),
      null,
    );
    const token = fc.constantFrom('no', 'No', 'but', 'fever', 'Cough', 'rash', '.');
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 30 }), (tokens) => {
        const text = tokens.join(' ');
        const offsets: number[] = [];
        let pos = 0;
        for (const t of tokens) {
          offsets.push(pos);
          pos += t.length + 1;
        }
        const targets: Array<{ start: number; end: number; index: number }> = [];
        tokens.forEach((t, i) => {
          if (t !== 'no' && t !== 'No' && t !== 'but' && t !== '.') targets.push({ start: offsets[i] as number, end: (offsets[i] as number) + t.length, index: i });
        });
        const out = h.engine.assess(text, h.tokenizer.tokenize(text), targets);
        targets.forEach((target, k) => {
          // Naive: negated when a 'no' precedes it in the sentence with no 'but'
          // between; a '.' ends the sentence unless a lower-case word follows it
          // (the abbreviation rule: "e.g. pneumonia").
          let negated = false;
          for (let j = target.index - 1; j >= 0; j--) {
            const t = tokens[j] as string;
            const next = tokens[j + 1];
            if (t === '.' && (next === undefined || next === '.' || next[0] !== (next[0] as string).toLowerCase())) break;
            if (t === 'but') break;
            if (t.toLowerCase() === 'no') {
              negated = true;
              break;
            }
          }
          expect(out[k]?.assertions.negated).toBe(negated);
        });
      }),
      { numRuns: 500 },
    );
  });

  // A prefix in the same paragraph can change the paragraph's width, and so
  // whether a line break into a lower-case line is read as a wrap (isWrap): the
  // property holds for any prefix when there is no such break, and for a prefix
  // paragraph always. Every run has its target: text before it, "fever", a
  // separator, text after it.
  it.each([
    ['any prefix, no line break into a lower-case line', ['Seen in clinic today.\n', 'Vitals stable. ', 'Plan reviewed with the team.\n\n'], false],
    ['a prefix paragraph', ['Seen in clinic today.\n\n', 'Vitals stable.\n \n', 'Plan reviewed with the team.\r\n\r\n'], true],
  ] as const)('an unrelated sentence before the target changes nothing: %s', (_, prefixes, anyBreak) => {
    const noSections = harness(undefined, null);
    const side = anyBreak ? textArb : noBreakTextArb;
    let checked = 0;
    fc.assert(
      fc.property(side, fc.constantFrom(...SEPS), side, fc.constantFrom(...prefixes), (before, sep, after, prefix) => {
        const text = `${before}fever${sep}${after}`;
        fc.pre(anyBreak || !/[\r\n]\s*[a-z]/.test(text));
        const i = before.length;
        const target = { start: i, end: i + 5 };
        const a = noSections.engine.assess(text, noSections.tokenizer.tokenize(text), [target]);
        const shiftedText = prefix + text;
        const b = noSections.engine.assess(shiftedText, noSections.tokenizer.tokenize(shiftedText), [
          { start: i + prefix.length, end: i + prefix.length + 5 },
        ]);
        // The prefix ends a sentence, so a text that does not start a new one
        // itself is the only way to differ: both start at a sentence start.
        expect(b).toEqual(a);
        checked++;
      }),
      { numRuns: 300 },
    );
    // fast-check counts only the runs fc.pre let through, so all 300 reached the assertion.
    expect(checked).toBe(300);
  });
});
