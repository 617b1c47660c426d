/**
 * Results never depend on the number of threads, the batch size, or whether the
 * input is an array or an async stream: every pool gives exactly what the
 * engine gives on this thread, document by document, in input order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Engine } from '../../src/engine.js';
import { createPool, type DetectRecord, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

const TERMS = [
  'type 2 diabetes mellitus with diabetic chronic kidney disease',
  'essential hypertension',
  'acute systolic congestive heart failure',
  'heart failure',
  'pneumonia',
  'MI',
  'COPD',
  'myocardial infarction',
  'diabetes',
];
const NOISE = ['patient', 'denies', 'no', 'history of', 'with', 'and', '.', ',', '\n', '\r\n', '  ', 'é', '🙂', 'mi', 'Heart.', 'x'];

const doc = fc
  .array(fc.oneof(fc.constantFrom(...TERMS), fc.constantFrom(...NOISE), fc.string({ maxLength: 6 })), { maxLength: 40 })
  .map((parts) => parts.join(' '));

let engine: Engine;
let pools: Array<{ name: string; pool: Pool }>;

beforeAll(async () => {
  assertDistFresh();
  engine = syntheticEngine();
  pools = [
    { name: '1 thread, 64 KB batches', pool: await createPool({ engine, threads: 1 }) },
    { name: '2 threads, 1-char batches', pool: await createPool({ engine, threads: 2, batchChars: 1 }) },
    { name: '2 threads, 200-char batches', pool: await createPool({ engine, threads: 2, batchChars: 200 }) },
  ];
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.pool.close()));
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* trickle<T>(items: T[]): AsyncGenerator<T> {
  for (const [i, x] of items.entries()) {
    if (i % 7 === 3) await new Promise((r) => setTimeout(r, 0));
    yield x;
  }
}

describe('pool results are independent of threads and batching', () => {
  it('matches the in-thread engine for every pool, for arrays and async streams', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { maxLength: 60 }), fc.boolean(), async (texts, overlapping) => {
        const options = overlapping ? { match: 'overlapping' as const } : {};
        const docs = texts.map((text, i) => ({ id: `d${i}`, text }));
        const expected: DetectRecord<string>[] = docs.map((d) => ({ id: d.id, ok: true, spans: engine.detect(d.text, options) }));
        for (const { pool } of pools) {
          expect(await collect(pool.detectMany(docs, options))).toEqual(expected);
          expect(await collect(pool.detectMany(trickle(docs), options))).toEqual(expected);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('gives the same spans from detect() as from the engine', async () => {
    const text = 'Pt with COPD and essential hypertension; no pneumonia.\r\nHx of MI.';
    for (const { pool } of pools) expect(await pool.detect(text)).toEqual(engine.detect(text));
  });
});
