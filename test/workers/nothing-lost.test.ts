/** Every input document yields exactly one record, with its id, in input order; bad ones become error records. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { createPool, type DocumentInput, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

let engine: Engine;
let pool: Pool;

beforeAll(async () => {
  assertDistFresh();
  engine = syntheticEngine();
  pool = await createPool({ engine, threads: 2, maxDocumentChars: 1000, batchChars: 64 });
});
afterAll(() => pool.close());

const bad = (id: unknown, code: string) => ({ id, ok: false, error: { code, message: expect.any(String) } });

describe('detectMany loses nothing', () => {
  it('returns one record per input, ids and order preserved, whatever the input', async () => {
    const inputs: Array<[unknown, unknown]> = [
      [{ id: 'good', text: 'essential hypertension' }, { id: 'good', ok: true, spans: engine.detect('essential hypertension') }],
      [{ id: 'empty', text: '' }, { id: 'empty', ok: true, spans: [] }],
      [{ id: 'no-text' }, bad('no-text', 'E_INPUT_INVALID')],
      [{ id: 'number', text: 42 }, bad('number', 'E_INPUT_INVALID')],
      [{ id: 'null', text: null }, bad('null', 'E_INPUT_INVALID')],
      [{ id: 'nul', text: 'pneumonia\u0000\u0001' }, { id: 'nul', ok: false, error: { code: 'E_INPUT_INVALID', message: expect.stringContaining('binary') } }],
      [{ id: 'huge', text: 'COPD '.repeat(300) }, bad('huge', 'E_INPUT_TOO_LARGE')],
      [{ id: 'crlf', text: 'COPD\r\npneumonia\rMI\r\n' }, { id: 'crlf', ok: true, spans: engine.detect('COPD\r\npneumonia\rMI\r\n') }],
      [{ id: 'upstream', error: { code: 'E_INPUT_INVALID', message: 'line 3 is not valid JSON' } }, { id: 'upstream', ok: false, error: { code: 'E_INPUT_INVALID', message: 'line 3 is not valid JSON' } }],
      [42, bad(undefined, 'E_INPUT_INVALID')],
      [{ id: 7, text: 'heart failure' }, { id: 7, ok: true, spans: engine.detect('heart failure') }],
    ];
    // Repeat the table so records cross batch boundaries and both threads.
    const docs = Array.from({ length: 20 }, () => inputs).flat();
    const out = [];
    for await (const r of pool.detectMany(docs.map(([input]) => input) as DocumentInput[])) out.push(r);
    expect(out).toHaveLength(docs.length);
    out.forEach((r, i) => expect(r).toEqual(docs[i]![1]));
  });

  it('checks a single text the same way', async () => {
    await expect(pool.detect('')).resolves.toEqual([]);
    await expect(pool.detect('a\u0000b')).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
    await expect(pool.detect('x'.repeat(1001))).rejects.toMatchObject({ code: 'E_INPUT_TOO_LARGE' });
    await expect(pool.detect(42 as unknown as string)).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
  });
});
