/**
 * The HTTP API with real requests on 127.0.0.1 (ephemeral port), bounded by
 * timeouts; the server and pool are closed after.
 */
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { createDetectServer } from '../../src/server.js';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

let engine: Engine;
let pool: Pool;
let server: Server;
let base: string;

beforeAll(async () => {
  assertDistFresh(['src/server.ts']);
  engine = syntheticEngine();
  pool = await createPool({ engine, threads: 1, maxDocumentChars: 500 });
  server = createDetectServer(pool, { maxBodyBytes: 4096 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await pool.close();
});

async function call(path: string, init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}
const post = (body: unknown) => call('/detect', { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const error = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }) });

describe('POST /detect', () => {
  it('detects in one text, with options', async () => {
    const text = 'Acute systolic heart failure; COPD.';
    expect(await post({ text })).toEqual({ status: 200, headers: expect.anything(), json: { spans: engine.detect(text) } });
    const overlapping = await post({ text, options: { match: 'overlapping' } });
    expect(overlapping.json).toEqual({ spans: engine.detect(text, { match: 'overlapping' }) });
  });

  it('detects in many documents, a bad one becoming an error record', async () => {
    const r = await post({ documents: [{ id: 'a', text: 'MI' }, { id: 'b' }, { text: 'COPD' }, 'nope', { id: 'nul', text: 'a\u0000' }] });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      results: [
        { id: 'a', ok: true, spans: engine.detect('MI') },
        { id: 'b', ok: false, error: { code: 'E_INPUT_INVALID', message: expect.any(String) } },
        { id: 2, ok: true, spans: engine.detect('COPD') },
        { id: 3, ok: false, error: { code: 'E_INPUT_INVALID', message: expect.any(String) } },
        { id: 'nul', ok: false, error: { code: 'E_INPUT_INVALID', message: expect.stringContaining('binary') } },
      ],
    });
  });

  it.each([
    ['bad JSON', '{"text": ', 400, 'E_INPUT_INVALID'],
    ['a non-object body', '[1]', 400, 'E_INPUT_INVALID'],
    ['neither text nor documents', '{}', 400, 'E_INPUT_INVALID'],
    ['both text and documents', '{"text": "a", "documents": []}', 400, 'E_INPUT_INVALID'],
    ['an unknown field', '{"text": "a", "txt": "b"}', 400, 'E_INPUT_INVALID'],
    ['a non-string text', '{"text": 5}', 400, 'E_INPUT_INVALID'],
    ['binary text', '{"text": "a\\u0000b"}', 400, 'E_INPUT_INVALID'],
    ['a document over maxDocumentChars', JSON.stringify({ text: 'x'.repeat(501) }), 413, 'E_INPUT_TOO_LARGE'],
  ])('answers %s with %i', async (_name, body, status, code) => {
    const r = await post(body);
    expect(r.status).toBe(status);
    expect(r.json).toEqual(error(code));
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('rejects invalid options with 400, naming each', async () => {
    const r = await post({ text: 'MI', options: { match: 'fuzzy', bogus: true } });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: expect.objectContaining({ code: 'E_OPTION_INVALID', issues: expect.arrayContaining([expect.objectContaining({ path: 'options.match' }), expect.objectContaining({ path: 'options.bogus' })]) }),
    });
  });

  it('rejects a body that is not UTF-8 with 400', async () => {
    const r = await call('/detect', { method: 'POST', body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]) });
    expect(r.status).toBe(400);
  });

  it('reads a body sent in pieces that split a character, as the whole body', async () => {
    const text = 'Pneumonía ruled out. History of COPD and type 2 diabetes.';
    const bytes = Buffer.from(JSON.stringify({ text }));
    const cut = bytes.indexOf(Buffer.from('í')) + 1; // inside the two bytes of "í"
    const port = (server.address() as AddressInfo).port;
    const body = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/detect', headers: { 'content-type': 'application/json' }, timeout: 10_000 }, (res) => {
        let out = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (out += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(out) : reject(new Error(`status ${res.statusCode}: ${out}`))));
      });
      req.on('error', reject);
      req.flushHeaders();
      req.write(bytes.subarray(0, cut));
      setTimeout(() => req.end(bytes.subarray(cut)), 50);
    });
    const { spans } = JSON.parse(body) as { spans: Array<{ start: number; end: number; text: string }> };
    expect(spans).toEqual(engine.detect(text));
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('answers 413 to a body over maxBodyBytes, declared or streamed', async () => {
    const declared = await post({ text: 'y'.repeat(5000) });
    expect(declared.status).toBe(413);
    expect(declared.json).toEqual(error('E_INPUT_TOO_LARGE'));
    // chunked, no content-length: the limit is enforced while reading
    const status = await new Promise<number>((resolve, reject) => {
      const port = (server.address() as AddressInfo).port;
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/detect', timeout: 10_000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.write('{"text": "');
      for (let i = 0; i < 10; i++) req.write('z'.repeat(1000));
      req.end('"}');
    });
    expect(status).toBe(413);
  });
});

describe('routes and methods', () => {
  it('serves /health', async () => {
    const r = await call('/health');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: 'ok', threads: 1, codesFiscalYear: 2026 });
  });

  it('looks codes up, with or without the dot', async () => {
    expect((await call('/codes/I10')).json).toEqual(JSON.parse(JSON.stringify(engine.lookup('I10'))));
    expect((await call('/codes/E1122')).json).toMatchObject({ code: 'E11.22' });
    const missing = await call('/codes/Z99.999');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual(error('E_NOT_FOUND'));
  });

  it('answers 405 with Allow for a wrong method, 404 for an unknown route', async () => {
    const get = await call('/detect');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.json).toEqual(error('E_METHOD_NOT_ALLOWED'));
    expect((await call('/health', { method: 'DELETE' })).status).toBe(405);
    const nope = await call('/nope');
    expect(nope.status).toBe(404);
    expect(nope.json).toEqual(error('E_NOT_FOUND'));
  });
});
