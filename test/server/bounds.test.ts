/**
 * The server's bounds, on 127.0.0.1 with real sockets: result size (413
 * E_OUTPUT_TOO_LARGE), work in flight (503 E_BUSY with Retry-After), stalled
 * bodies (408), media types and encodings (415, gzip read), and draining
 * (503 E_SHUTTING_DOWN, a body still arriving cut with a 503).
 */
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDetectServer, type RequestHandler } from '../../src/server.js';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

let pool: Pool;
let server: Server & { handler: RequestHandler };
let port: number;

beforeAll(async () => {
  assertDistFresh(['src/server.ts']);
  pool = await createPool({ engine: syntheticEngine(), threads: 1, maxOutputBytes: 4096 });
  server = createDetectServer(pool, { maxOutputBytes: 4096, maxInFlight: 1, bodyTimeout: 300 });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await pool.close();
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: { error?: { code: string }; spans?: unknown[]; results?: unknown[] };
}

/** A request whose body is written by `write` (which may stall); resolves with the reply. */
function send(path: string, headers: Record<string, string>, write: (req: ReturnType<typeof request>) => void, method = 'POST'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Reply['json'] }));
    });
    req.on('error', reject);
    write(req);
  });
}
const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) => send('/detect', headers, (req) => req.end(body));

describe('server bounds', () => {
  it('answers 413 E_OUTPUT_TOO_LARGE when a result would pass maxOutputBytes, and 200 below it', async () => {
    expect((await post(JSON.stringify({ text: 'COPD. MI.' }))).status).toBe(200);
    const one = await post(JSON.stringify({ text: 'COPD '.repeat(200) }));
    expect([one.status, one.json.error?.code]).toEqual([413, 'E_OUTPUT_TOO_LARGE']);
    const many = await post(JSON.stringify({ documents: Array.from({ length: 50 }, (_, i) => ({ id: i, text: 'COPD and MI' })) }));
    expect([many.status, many.json.error?.code]).toEqual([413, 'E_OUTPUT_TOO_LARGE']);
  });

  it('answers 503 E_BUSY with Retry-After past maxInFlight, and 408 to the body that stalled', async () => {
    const stalled = send('/detect', { 'content-type': 'application/json', 'content-length': '100' }, (req) => req.write('{"text": "CO'));
    // The stalled request holds the one slot while its body is awaited.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const busy = await post(JSON.stringify({ text: 'COPD' }));
    expect([busy.status, busy.json.error?.code, busy.headers['retry-after']]).toEqual([503, 'E_BUSY', '1']);
    const timedOut = await stalled;
    expect([timedOut.status, timedOut.json.error?.code]).toEqual([408, 'E_BODY_TIMEOUT']);
    // The slot is free again.
    expect((await post(JSON.stringify({ text: 'COPD' }))).status).toBe(200);
  });

  it('reads JSON only (415 otherwise), and gzip or deflate bodies', async () => {
    const plain = await post(JSON.stringify({ text: 'COPD' }), { 'content-type': 'text/plain' });
    expect([plain.status, plain.json.error?.code]).toEqual([415, 'E_UNSUPPORTED_MEDIA_TYPE']);
    const latin = await post(JSON.stringify({ text: 'COPD' }), { 'content-type': 'application/json; charset=latin1' });
    expect(latin.status).toBe(415);
    const br = await post(JSON.stringify({ text: 'COPD' }), { 'content-type': 'application/json', 'content-encoding': 'br' });
    expect([br.status, br.json.error?.code]).toEqual([415, 'E_UNSUPPORTED_MEDIA_TYPE']);
    const gz = await post(gzipSync(JSON.stringify({ text: 'COPD' })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect([gz.status, gz.json.spans?.length]).toEqual([200, 1]);
    const broken = await post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect([broken.status, broken.json.error?.code]).toEqual([400, 'E_INPUT_INVALID']);
    expect((await post(JSON.stringify({ text: 'COPD' }), {})).status).toBe(200);
  });

  it('draining: a body still arriving and every new request get 503 E_SHUTTING_DOWN', async () => {
    const arriving = send('/detect', { 'content-type': 'application/json', 'content-length': '100' }, (req) => req.write('{"te'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.handler.drain();
    const cut = await arriving;
    expect([cut.status, cut.json.error?.code, cut.headers['retry-after']]).toEqual([503, 'E_SHUTTING_DOWN', '1']);
    const health = await send('/health', {}, (req) => req.end(), 'GET');
    expect([health.status, health.json.error?.code]).toEqual([503, 'E_SHUTTING_DOWN']);
  });
});
