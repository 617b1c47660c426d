import { describe, expect, it } from 'vitest';
import { rankCandidates, type RankInput } from '../../src/scoring/rank.js';

const entry = (code: number, codeText: string, source: RankInput['source'], term: number, billable = true): RankInput => ({ code, codeText, billable, source, term });

describe('rankCandidates', () => {
  it("puts the Index's code before a Tabular inclusion's for the same words, as a coder's lookup does", () => {
    // "Hepatitis B": the Index says B19.10, B16.9's inclusion list says "Hepatitis B (acute) (viral) NOS".
    const ranked = rankCandidates([entry(1, 'B16.9', 'inclusion', 10), entry(2, 'B19.10', 'index', 11)], 5);
    expect(ranked.map((r) => r.code)).toEqual([2, 1]);
  });

  it("shows a code by its release wording and scores it by its best source, with a bonus for a second one", () => {
    // "pulmonary infiltrates": R91.8 by its inclusion term and by an Index path, one pattern.
    const ranked = rankCandidates([entry(1, 'R91.8', 'index', 20), entry(1, 'R91.8', 'inclusion', 21), entry(2, 'J82.89', 'index-see', 22)], 5);
    expect(ranked[0]).toMatchObject({ code: 1, term: 21, source: 'inclusion' });
    expect(ranked[0]?.score).toBeCloseTo(0.99, 5);
    expect(ranked.map((r) => r.code)).toEqual([1, 2]);
  });

  it('prefers a code of its own description, then a billable code, then the longer code', () => {
    expect(rankCandidates([entry(1, 'X1', 'index', 1), entry(2, 'X2', 'description', 2)], 5).map((r) => r.code)).toEqual([2, 1]);
    expect(rankCandidates([entry(1, 'A10', 'index', 1, false), entry(2, 'A10.1', 'index', 2)], 5).map((r) => r.code)).toEqual([2, 1]);
    expect(rankCandidates([entry(1, 'A10.1', 'index', 1), entry(2, 'A10.11', 'index', 2)], 1).map((r) => r.code)).toEqual([2]);
  });
});
