import { describe, expect, it } from 'vitest';
import { LongestAtStart } from '../../src/automaton/automaton.js';

/** [start, end, pattern] of what the sweep takes; `skip` lists starts it passes over. */
function swept(count: number, offers: Array<[number, number, number]>, skip: number[] = []): Array<[number, number, number]> {
  const best = new LongestAtStart(count);
  for (const [start, end, pattern] of offers) best.offer(pattern, start, end);
  const taken: Array<[number, number, number]> = [];
  best.sweep((start, end, pattern) => {
    if (skip.includes(start)) return false;
    taken.push([start, end, pattern]);
    return true;
  });
  return taken;
}

describe('LongestAtStart', () => {
  it('keeps the longest match per start, the lowest pattern on ties, and sweeps leftmost first', () => {
    expect(swept(6, [[0, 1, 4], [0, 3, 7], [0, 3, 2], [1, 5, 1], [3, 4, 0], [4, 6, 3]])).toEqual([[0, 3, 2], [3, 4, 0], [4, 6, 3]]);
  });

  it('leaves the tokens of a match passed over free for the matches inside it (a header hides its triggers, not what follows)', () => {
    expect(swept(6, [[0, 3, 0], [1, 2, 1], [2, 5, 2]], [0])).toEqual([[1, 2, 1], [2, 5, 2]]);
  });
});
