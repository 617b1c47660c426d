import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AutomatonBuilder } from '../../src/automaton/builder.js';
import { leftmostLongest, type TokenMatch } from '../../src/automaton/automaton.js';

function build(patterns: number[][], alphabet = 16) {
  const b = new AutomatonBuilder(alphabet);
  const ids = patterns.map((p) => b.add(p));
  return { automaton: b.build(), ids };
}

/** Reference matcher: try every pattern at every position. */
function naive(patterns: number[][], hay: number[]): TokenMatch[] {
  const seen = new Map<string, number>();
  const ids = patterns.map((p) => {
    const key = p.join(',');
    if (!seen.has(key)) seen.set(key, seen.size);
    return seen.get(key) as number;
  });
  const out: TokenMatch[] = [];
  const done = new Set<string>();
  for (let end = 1; end <= hay.length; end++) {
    patterns.forEach((p, k) => {
      const start = end - p.length;
      if (start < 0) return;
      for (let j = 0; j < p.length; j++) if (hay[start + j] !== p[j]) return;
      const key = `${ids[k]}:${start}`;
      if (done.has(key)) return;
      done.add(key);
      out.push({ pattern: ids[k] as number, start, end });
    });
  }
  return out;
}

const sortMatches = (m: TokenMatch[]) =>
  [...m].sort((a, b) => a.end - b.end || a.start - b.start || a.pattern - b.pattern);

// (patterns, haystack, expected [pattern index, start, end] under each semantics)
const TABLE: Array<{
  name: string;
  patterns: number[][];
  hay: number[];
  overlapping: [number, number, number][];
  leftmostLongest: [number, number, number][];
}> = [
  { name: 'single', patterns: [[1]], hay: [0, 1, 2, 1], overlapping: [[0, 1, 2], [0, 3, 4]], leftmostLongest: [[0, 1, 2], [0, 3, 4]] },
  {
    name: 'prefix and longer',
    patterns: [[1], [1, 2], [1, 2, 3]],
    hay: [1, 2, 3],
    overlapping: [[0, 0, 1], [1, 0, 2], [2, 0, 3]],
    leftmostLongest: [[2, 0, 3]],
  },
  {
    name: 'suffix via failure link',
    patterns: [[1, 2, 3], [2, 3, 4]],
    hay: [1, 2, 3, 4],
    overlapping: [[0, 0, 3], [1, 1, 4]],
    leftmostLongest: [[0, 0, 3]],
  },
  {
    name: 'dictionary link chain',
    patterns: [[5, 6, 7], [6, 7], [7]],
    hay: [5, 6, 7],
    overlapping: [[0, 0, 3], [1, 1, 3], [2, 2, 3]],
    leftmostLongest: [[0, 0, 3]],
  },
  {
    name: 'reset on unknown and boundary',
    patterns: [[1, 2]],
    hay: [1, -1, 2, 1, -2, 2, 1, 2],
    overlapping: [[0, 6, 8]],
    leftmostLongest: [[0, 6, 8]],
  },
  {
    name: 'leftmost beats longer later',
    patterns: [[1, 2], [2, 3, 4]],
    hay: [1, 2, 3, 4],
    overlapping: [[0, 0, 2], [1, 1, 4]],
    leftmostLongest: [[0, 0, 2]],
  },
  { name: 'no match', patterns: [[1, 2]], hay: [2, 1, 3], overlapping: [], leftmostLongest: [] },
  { name: 'empty haystack', patterns: [[1]], hay: [], overlapping: [], leftmostLongest: [] },
];

describe('automaton table', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      const { automaton, ids } = build(row.patterns);
      const hay = Int32Array.from(row.hay);
      const expect3 = (rows: [number, number, number][]) =>
        sortMatches(rows.map(([p, start, end]) => ({ pattern: ids[p] as number, start, end })));
      expect(sortMatches(automaton.find(hay, hay.length, 'overlapping'))).toEqual(expect3(row.overlapping));
      expect(sortMatches(automaton.find(hay, hay.length, 'leftmost-longest'))).toEqual(expect3(row.leftmostLongest));
    });
  }

  it('gives identical sequences one pattern id', () => {
    const b = new AutomatonBuilder(4);
    expect(b.add([1, 2])).toBe(b.add([1, 2]));
    expect(b.patterns).toBe(1);
  });

  it('rejects tokens outside the alphabet and empty patterns', () => {
    const b = new AutomatonBuilder(4);
    expect(() => b.add([4])).toThrow(/outside the alphabet/);
    expect(() => b.add([])).toThrow(/at least one token/);
  });

  it('does not transition on tokens beyond the alphabet', () => {
    const { automaton } = build([[1]], 4);
    expect(automaton.find(Int32Array.from([9, 1]))).toEqual([{ pattern: 0, start: 1, end: 2 }]);
  });
});

describe('automaton against a naive matcher', () => {
  const token = fc.integer({ min: 0, max: 5 });
  const pattern = fc.array(token, { minLength: 1, maxLength: 5 });
  it('finds exactly the overlapping matches a naive scan finds', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: -2, max: 5 }), { maxLength: 60 }), (patterns, hay) => {
        const { automaton } = build(patterns, 6);
        const got = sortMatches(automaton.find(Int32Array.from(hay), hay.length, 'overlapping'));
        expect(got).toEqual(sortMatches(naive(patterns, hay)));
      }),
      { numRuns: 400 },
    );
  });

  it('the one-pass leftmost-longest equals selection over all overlapping matches', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: -2, max: 5 }), { maxLength: 60 }), (patterns, hay) => {
        const { automaton } = build(patterns, 6);
        const ids = Int32Array.from(hay);
        expect(automaton.find(ids, ids.length, 'leftmost-longest')).toEqual(leftmostLongest(automaton.find(ids, ids.length, 'overlapping')));
      }),
      { numRuns: 400 },
    );
  });

  it('leftmost-longest matches are non-overlapping, and each is the longest starting there', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 12 }), fc.array(token, { maxLength: 60 }), (patterns, hay) => {
        const { automaton } = build(patterns, 6);
        const all = naive(patterns, hay);
        const chosen = automaton.find(Int32Array.from(hay), hay.length, 'leftmost-longest');
        let frontier = 0;
        for (const m of chosen) {
          expect(m.start).toBeGreaterThanOrEqual(frontier);
          const longest = Math.max(...all.filter((a) => a.start === m.start).map((a) => a.end));
          expect(m.end).toBe(longest);
          // No match may start in the gap before m without being blocked by an earlier choice.
          expect(all.some((a) => a.start >= frontier && a.start < m.start)).toBe(false);
          frontier = m.end;
        }
        expect(all.some((a) => a.start >= frontier)).toBe(false);
      }),
      { numRuns: 400 },
    );
  });
});
