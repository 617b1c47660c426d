/**
 * detectMany keeps its batches full while the window of unread records is full:
 * a run over many small documents costs about one worker task per batchChars
 * of text, not one per document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

let pool: Pool;
/** Worker tasks the pool has completed. */
const tasks = () => pool.stats.tasks;

beforeAll(async () => {
  assertDistFresh();
  pool = await createPool({ engine: syntheticEngine(), threads: 1, batchChars: 1000 });
});
afterAll(() => pool.close());

describe('batching', () => {
  it('sends full batches, also when the consumer is slower than the threads', async () => {
    const docs = Array.from({ length: 12000 }, (_, i) => ({ id: i, text: `note ${i}: essential hypertension and COPD.` }));
    const chars = docs.reduce((n, d) => n + d.text.length, 0);
    const before = tasks();
    let n = 0;
    for await (const r of pool.detectMany(docs)) {
      expect(r.id).toBe(n++);
      // A consumer that yields to the event loop now and then, so the window (4 x 64K chars) fills.
      if (n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(n).toBe(docs.length);
    const used = tasks() - before;
    // Full batches need chars / 1000 tasks; a partial batch each time the window
    // drains is fine (about 1.6x here), one task per document is not (15x before the fix).
    expect(used).toBeLessThan((chars / 1000) * 2 + 10);
  }, 30_000);
});
