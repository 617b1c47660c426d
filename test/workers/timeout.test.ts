/**
 * A task that runs past taskTimeout has its thread replaced; its batch is
 * retried one document at a time; the document that hangs alone becomes an
 * E_TIMEOUT record and every other document of the batch still succeeds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { TEST_HANG_MARKER } from '../../src/workers/messages.js';
import type { Pool } from '../../src/workers/pool.js';
import { validatePoolOptions } from '../../src/workers/options.js';
import { assertDistFresh, poolWithTestHooks, syntheticEngine } from '../helpers/pool-fixtures.js';

let engine: Engine;
let pool: Pool;

beforeAll(async () => {
  assertDistFresh();
  engine = syntheticEngine();
  pool = await poolWithTestHooks({ engine, threads: 2, taskTimeout: 1500 });
});
afterAll(() => pool.close());

describe('task timeout', () => {
  it('reports the hanging document only, in its place', async () => {
    const docs = [
      { id: 'a', text: 'pneumonia' },
      { id: 'stuck', text: `${TEST_HANG_MARKER} COPD` },
      { id: 'b', text: 'essential hypertension' },
    ];
    const out = [];
    for await (const r of pool.detectMany(docs)) out.push(r);
    expect(out.map((r) => [r.id, r.ok])).toEqual([
      ['a', true],
      ['stuck', false],
      ['b', true],
    ]);
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'E_TIMEOUT', message: expect.stringContaining('1500 ms') } });
    expect(out[2]).toEqual({ id: 'b', ok: true, spans: engine.detect('essential hypertension') });
  }, 20_000);

  it('rejects detect() with E_TIMEOUT and keeps working afterwards', async () => {
    await expect(pool.detect(`${TEST_HANG_MARKER}`)).rejects.toMatchObject({ code: 'E_TIMEOUT' });
    expect(await pool.detect('COPD')).toEqual(engine.detect('COPD'));
  }, 20_000);

  it('validates the option', () => {
    expect(() => validatePoolOptions({ taskTimeout: -1 })).toThrow(/taskTimeout/);
    expect(() => validatePoolOptions({ taskTimeout: 1.5 })).toThrow(/taskTimeout/);
    expect(validatePoolOptions({}).taskTimeout).toBe(60_000);
    expect(validatePoolOptions({ taskTimeout: 0 }).taskTimeout).toBe(0);
  });
});
