/**
 * `icd10cm code` (the compiled CLI, real release) and `POST /code` (a real
 * server on 127.0.0.1, ephemeral port): the same code sets as `engine.code`,
 * one record per document whatever fails.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.js';
import { createDetectServer } from '../../src/server.js';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh } from '../helpers/pool-fixtures.js';
import { records, runCli } from '../cli/run-cli.js';
import { PLAIN_NOTE, SHORTHAND_NOTE } from './fixtures.js';

let engine: Engine;
beforeAll(async () => {
  assertDistFresh(['src/cli/main.ts', 'src/cli/code.ts', 'src/cli/detect.ts', 'src/server.ts', 'src/coding/index.ts', 'src/workers/pool.ts']);
  engine = await loadEngine({ build: 'never' });
});

describe('icd10cm code', () => {
  it('writes one record per JSONL document, in order, errors in place', async () => {
    const input = [
      JSON.stringify({ id: 'plain', text: PLAIN_NOTE }),
      JSON.stringify({ id: 'empty', text: '' }),
      '{"id": "broken"',
      JSON.stringify({ id: 'shorthand', text: SHORTHAND_NOTE }),
      JSON.stringify({ id: 'no-text' }),
    ].join('\n');
    const r = await runCli(['code', '--threads', '2', '--quiet'], { input, timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out.map((x) => [x.id, x.ok])).toEqual([
      ['plain', true],
      ['empty', true],
      ['line:3', false],
      ['shorthand', true],
      ['no-text', false],
    ]);
    expect(out[0]).toEqual({ id: 'plain', ok: true, ...engine.code(PLAIN_NOTE) });
    expect(out[1]).toEqual({ id: 'empty', ok: true, codes: [], setAside: [] });
    expect(out[3]).toEqual({ id: 'shorthand', ok: true, ...engine.code(SHORTHAND_NOTE) });
  });

  it('takes --setting, and refuses options that only detect has', async () => {
    const text = 'Cough and fever, rule out pneumonia.';
    const inpatient = await runCli(['code', '--text', '--setting', 'inpatient', '--threads', '1', '--quiet'], { input: text, timeoutMs: 60_000 });
    expect(inpatient.code).toBe(0);
    expect(records(inpatient.stdout)[0]).toEqual({ id: '-', ok: true, ...engine.code(text, { setting: 'inpatient' }) });
    const bad = await runCli(['code', '--setting', 'ward'], { input: text });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--setting must be outpatient or inpatient');
    expect((await runCli(['code', '--overlapping'], { input: text })).code).toBe(2);
  });
});

describe('POST /code', () => {
  let pool: Pool;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    pool = await createPool({ engine, threads: 1 });
    server = createDetectServer(pool, { maxBodyBytes: 4096 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await pool.close();
  });
  const post = async (body: string) => {
    const res = await fetch(`${base}/code`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(20_000) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('codes a text with its options', async () => {
    expect(await post(JSON.stringify({ text: PLAIN_NOTE }))).toEqual({ status: 200, json: engine.code(PLAIN_NOTE) });
    const text = 'Probable pneumonia.';
    expect((await post(JSON.stringify({ text, options: { setting: 'inpatient' } }))).json).toEqual(engine.code(text, { setting: 'inpatient' }));
  });

  it('answers bad requests with 400, 405 and 413', async () => {
    expect(await post('{"text": 1}')).toEqual({ status: 400, json: { error: expect.objectContaining({ code: 'E_INPUT_INVALID' }) } });
    expect(await post('{"text": "HTN", "options": {"setting": "ward"}}')).toEqual({ status: 400, json: { error: expect.objectContaining({ code: 'E_OPTION_INVALID' }) } });
    expect((await post('{"text": "HTN", "extra": 1}')).status).toBe(400);
    expect((await post(JSON.stringify({ text: 'x'.repeat(5000) }))).status).toBe(413);
    const get = await fetch(`${base}/code`, { signal: AbortSignal.timeout(10_000) });
    expect(get.status).toBe(405);
  });
});
