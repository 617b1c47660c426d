/**
 * HTTP API over a pool, with node:http only. `createRequestHandler(pool)` is a
 * plain `(req, res)` listener, so it can be mounted in an existing server (or
 * any framework that accepts one); `icd10cm serve` wraps it in its own server.
 *
 *   POST /detect      {"text": "...", "options": {...}}           -> 200 {"spans": [...]}
 *                     {"documents": [{"id", "text"}...], "options"} -> 200 {"results": [record...]}
 *   POST /code        {"text": "...", "options": {"setting"}}     -> 200 {"codes": [...], "setAside": [...]}
 *                     (coded on a pool thread, as /detect is: pool.code)
 *   GET  /health      -> 200 {"status": "ok", ...}
 *   GET  /codes/:code -> 200 CodeInfo, or 404
 *   GET  /search, GET / -> code search and the viewer page (src/web/routes.ts)
 *
 * Every error is `{"error": {"code", "message", "issues"?}}` with a 4xx/5xx
 * status: 400 bad JSON, request shape or options; 404 unknown route or code;
 * 405 wrong method (with Allow); 408 a body that stalls (E_BODY_TIMEOUT); 413
 * body, document or result too large (E_INPUT_TOO_LARGE, E_OUTPUT_TOO_LARGE);
 * 415 a Content-Type other than JSON or a Content-Encoding other than gzip,
 * deflate or identity; 500 worker failure; 503 with Retry-After when too many
 * requests are in flight (E_BUSY), while draining (E_SHUTTING_DOWN), pool
 * closed, or a document past the task timeout. In a `documents` request a bad
 * document is an error record in `results`, never a failed request.
 *
 * Memory per request is bounded: the body by maxBodyBytes (after decoding),
 * the result by maxOutputBytes (the pool stops a document's work once its
 * result must be larger), and the requests by maxInFlight, counted from
 * arrival, before the body is read.
 *
 * This thread stays free for /health and new requests: bodies are decoded and
 * parsed on a thread of their own (server-body.ts), detection runs in the
 * pool's threads, which hand back spans already serialised, and the response
 * is written from those strings without joining them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';
import { IcdError, type Issue } from './errors.js';
import { validateDetectOptions } from './options.js';
import { readCodeRequest } from './coding/request.js';
import { BodyParser, BodySyntaxError } from './server-body.js';
import type { DetectOptions } from './types.js';
import type { DocumentInput, Pool } from './workers/pool.js';
import { createWebRoutes } from './web/routes.js';

export interface ServerOptions {
  /** Largest request body, in bytes after Content-Encoding is undone (default 10 MiB); larger requests get 413. */
  maxBodyBytes?: number;
  /** Largest response, in bytes of JSON (default 16 MiB); a larger result gets 413 E_OUTPUT_TOO_LARGE. */
  maxOutputBytes?: number;
  /** POST /detect and /code requests handled at once, counted from arrival (default: 2 per pool thread); more get 503 E_BUSY. */
  maxInFlight?: number;
  /** Milliseconds a request body may go without a byte before a 408 (default 10,000). */
  bodyTimeout?: number;
}

export const SERVER_DEFAULTS = { maxBodyBytes: 10 * 1024 * 1024, maxOutputBytes: 16 * 1024 * 1024, bodyTimeout: 10_000, inFlightPerThread: 2 } as const;

/** Seconds a client is told to wait (Retry-After) after a 503. */
const RETRY_AFTER_S = '1';

/** A request listener that can also be told to drain (503 to new requests, in-progress ones finish). */
export interface RequestHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** From now on: 503 E_SHUTTING_DOWN to new requests and to bodies still arriving; answered requests finish. */
  drain(): void;
  /** POST /detect requests being handled now. */
  readonly inFlight: number;
}

/** HTTP-level error codes, beside the engine's (E_INPUT_INVALID, E_OPTION_INVALID, ...). */
type HttpCode = 'E_NOT_FOUND' | 'E_METHOD_NOT_ALLOWED' | 'E_BODY_TIMEOUT' | 'E_UNSUPPORTED_MEDIA_TYPE' | 'E_SHUTTING_DOWN';

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: readonly Issue[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const STATUS_OF: Record<string, number> = {
  E_INPUT_INVALID: 400,
  E_OPTION_INVALID: 400,
  E_INPUT_TOO_LARGE: 413,
  E_OUTPUT_TOO_LARGE: 413,
  E_WORKER_FAILED: 500,
  E_ABORTED: 503,
  E_TIMEOUT: 503,
  E_BUSY: 503,
};

interface Limits {
  maxBodyBytes: number;
  maxOutputBytes: number;
  maxInFlight: number;
  bodyTimeout: number;
}

interface State extends Limits {
  draining: boolean;
  inFlight: number;
  /** Requests whose body is still arriving: cut with a 503 when draining starts. */
  reading: Set<() => void>;
  /** Decodes and parses bodies off this thread. */
  parser: BodyParser;
}

function limitsOf(pool: Pool, options: ServerOptions): Limits {
  if (options === null || typeof options !== 'object') throw new IcdError('E_OPTION_INVALID', 'server options must be an object');
  const issues: Issue[] = [];
  const known = new Set(['maxBodyBytes', 'maxOutputBytes', 'maxInFlight', 'bodyTimeout']);
  for (const k of Object.keys(options)) if (!known.has(k)) issues.push({ path: k, message: 'unknown option' });
  const int = (key: keyof ServerOptions, min: number, fallback: number): number => {
    const v = options[key];
    if (v === undefined) return fallback;
    if (Number.isInteger(v) && v >= min) return v;
    issues.push({ path: key, message: `must be an integer >= ${min}`, received: String(v) });
    return fallback;
  };
  const limits = {
    maxBodyBytes: int('maxBodyBytes', 1, SERVER_DEFAULTS.maxBodyBytes),
    maxOutputBytes: int('maxOutputBytes', 1024, SERVER_DEFAULTS.maxOutputBytes),
    maxInFlight: int('maxInFlight', 1, pool.threads * SERVER_DEFAULTS.inFlightPerThread),
    bodyTimeout: int('bodyTimeout', 1, SERVER_DEFAULTS.bodyTimeout),
  };
  if (issues.length > 0) {
    throw new IcdError('E_OPTION_INVALID', `invalid server options: ${issues.map((i) => `${i.path} ${i.message}, got ${i.received ?? '?'}`).join('; ')}`, { issues });
  }
  return limits;
}

/** A `(req, res)` listener serving the API above. Throws E_OPTION_INVALID for bad options. */
export function createRequestHandler(pool: Pool, options: ServerOptions = {}): RequestHandler {
  const state: State = { ...limitsOf(pool, options), draining: false, inFlight: 0, reading: new Set(), parser: new BodyParser() };
  const web = createWebRoutes(() => pool.engine); // GET /, /search: the viewer and code search (src/web)
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (state.draining) {
      sendError(req, res, shuttingDown());
      return;
    }
    if (web(req, res)) return;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Work (POST /detect, POST /code) is counted; lookups and health are not.
    if ((path !== '/detect' && path !== '/code') || req.method !== 'POST') {
      route(pool, state, path, req, res).catch((err: unknown) => sendError(req, res, err));
      return;
    }
    // Counted from arrival, so bodies waiting to be read are bounded too.
    if (state.inFlight >= state.maxInFlight) {
      // The body is read and dropped (not cut), so a client still sending it gets the 503, not a reset.
      sendError(req, res, new HttpError(503, 'E_BUSY', `${state.inFlight} requests are in progress (maxInFlight); retry shortly`, [], { 'retry-after': RETRY_AFTER_S }));
      req.resume();
      return;
    }
    state.inFlight++;
    let counted = true;
    const done = () => {
      if (counted) state.inFlight--;
      counted = false;
    };
    res.once('close', done);
    route(pool, state, path, req, res).catch((err: unknown) => sendError(req, res, err)).finally(done);
  };
  return Object.assign(handler, {
    drain(): void {
      state.draining = true;
      for (const cut of state.reading) cut();
      state.reading.clear();
    },
    get inFlight(): number {
      return state.inFlight;
    },
  });
}

/**
 * A node:http server with the handler mounted; call `listen` yourself. Node's
 * own clocks back the body timeout: headers must arrive within 15 s and a whole
 * request within 120 s (a body that trickles in forever).
 */
export function createDetectServer(pool: Pool, options: ServerOptions = {}): Server & { handler: RequestHandler } {
  const handler = createRequestHandler(pool, options);
  const server = createServer(handler);
  server.headersTimeout = 15_000;
  server.requestTimeout = 120_000;
  return Object.assign(server, { handler });
}

function shuttingDown(): HttpError {
  return new HttpError(503, 'E_SHUTTING_DOWN' satisfies HttpCode, 'the server is shutting down; retry on another instance', [], { 'retry-after': RETRY_AFTER_S, connection: 'close' });
}

async function route(pool: Pool, state: State, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (path === '/health') {
    allow(req, ['GET', 'HEAD']);
    const info = pool.engine.info;
    send(res, 200, { status: 'ok', threads: pool.threads, inFlight: state.inFlight, codesFiscalYear: info.codesFiscalYear, builder: info.builder, artifactBytes: info.artifactBytes });
    return;
  }
  if (path === '/detect') {
    allow(req, ['POST']);
    await detect(pool, state, await readJson(req, state), res);
    return;
  }
  if (path === '/code') {
    allow(req, ['POST']);
    const { text, options } = readCodeRequest(await readJson(req, state));
    // One document, as a single /detect text: no abort on disconnect.
    send(res, 200, await pool.code(text, options));
    return;
  }
  const code = /^\/codes\/([^/]+)$/.exec(path)?.[1];
  if (code !== undefined) {
    allow(req, ['GET', 'HEAD']);
    let decoded: string;
    try {
      decoded = decodeURIComponent(code);
    } catch {
      throw new HttpError(400, 'E_INPUT_INVALID', 'malformed code in the URL');
    }
    const info = pool.engine.lookup(decoded);
    if (info === null) throw new HttpError(404, 'E_NOT_FOUND' satisfies HttpCode, `${decoded} is not an ICD-10-CM code in the FY${pool.engine.info.codesFiscalYear} code set`);
    send(res, 200, info);
    return;
  }
  throw new HttpError(404, 'E_NOT_FOUND' satisfies HttpCode, `no route for ${req.method ?? '?'} ${path} (routes: POST /detect, POST /code, GET /health, GET /codes/:code, GET /search, GET /)`);
}

function allow(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? '')) {
    throw new HttpError(405, 'E_METHOD_NOT_ALLOWED' satisfies HttpCode, `${req.method ?? '?'} is not allowed here; use ${methods.join(' or ')}`, [], { allow: methods.join(', ') });
  }
}

/** Media types read as JSON; a request without a Content-Type is read as JSON too. */
const JSON_TYPE = /^(application\/(.+\+)?json|text\/json)$/;

/** The body as a byte stream, undoing Content-Encoding; 415 for a type or an encoding it does not read. */
function bodyStream(req: IncomingMessage): Readable {
  const type = req.headers['content-type'];
  if (type !== undefined) {
    const [media, ...params] = type.split(';').map((p) => p.trim().toLowerCase());
    const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
    if (!JSON_TYPE.test(media ?? '') || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
      throw new HttpError(415, 'E_UNSUPPORTED_MEDIA_TYPE' satisfies HttpCode, `Content-Type ${type} is not read here; send application/json (UTF-8)`, [], { connection: 'close' });
    }
  }
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '') return req;
  if (encoding === 'gzip' || encoding === 'x-gzip') return req.pipe(createGunzip());
  if (encoding === 'deflate') return req.pipe(createInflate());
  throw new HttpError(415, 'E_UNSUPPORTED_MEDIA_TYPE' satisfies HttpCode, `Content-Encoding ${encoding} is not read here; use gzip, deflate or identity`, [], { connection: 'close', 'accept-encoding': 'gzip, deflate' });
}

/**
 * Reads the body up to the limit (counted after decoding, so a small gzip bomb
 * is a 413 too); a declared or actual size over it is a 413 before any parsing.
 * A body that goes `bodyTimeout` ms without a byte is a 408; draining cuts one
 * still arriving with a 503.
 */
async function readJson(req: IncomingMessage, state: State): Promise<unknown> {
  const { maxBodyBytes, bodyTimeout } = state;
  const tooLarge = () => new HttpError(413, 'E_INPUT_TOO_LARGE', `request body is larger than ${maxBodyBytes} bytes (maxBodyBytes)`, [], { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  const encoded = req.headers['content-encoding'] !== undefined && req.headers['content-encoding'] !== 'identity';
  if (!encoded && Number.isFinite(declared) && declared > maxBodyBytes) throw tooLarge();
  const body = bodyStream(req);
  // The bytes go to the body-parsing thread as they arrive (server-body.ts).
  const reader = state.parser.reader();
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  // A stalled body or a drain ends the wait for the next chunk; the socket stays
  // up so the 408 or 503 can still be sent (with Connection: close).
  let cut: (err: HttpError) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    cut = reject;
  });
  stopped.catch(() => {});
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => cut(new HttpError(408, 'E_BODY_TIMEOUT' satisfies HttpCode, `no request body byte for ${bodyTimeout} ms (bodyTimeout)`, [], { connection: 'close' })), bodyTimeout);
  };
  const onDrain = () => cut(shuttingDown());
  state.reading.add(onDrain);
  const it = (body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  arm();
  try {
    for (;;) {
      const r = await Promise.race([it.next(), stopped]);
      if (r.done === true) break;
      arm();
      size += r.value.length;
      if (size > maxBodyBytes) throw tooLarge();
      reader.push(r.value);
    }
  } catch (err) {
    reader.drop();
    if (err instanceof HttpError) throw err;
    if (body !== req) throw new HttpError(400, 'E_INPUT_INVALID', `request body does not decode as its Content-Encoding says (${(err as Error).message})`, [], { connection: 'close' });
    throw err;
  } finally {
    clearTimeout(timer);
    state.reading.delete(onDrain);
    if (body !== req) body.destroy();
  }
  try {
    return await reader.end();
  } catch (err) {
    if (err instanceof BodySyntaxError) throw new HttpError(400, 'E_INPUT_INVALID', err.message);
    throw err;
  }
}

const BODY_KEYS = new Set(['text', 'documents', 'options']);

async function detect(pool: Pool, state: State, body: unknown, res: ServerResponse): Promise<void> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'E_INPUT_INVALID', 'request body must be a JSON object: {"text": ...} or {"documents": [...]}');
  }
  const b = body as { text?: unknown; documents?: unknown; options?: unknown };
  const issues: Issue[] = [];
  for (const k of Object.keys(b)) if (!BODY_KEYS.has(k)) issues.push({ path: k, message: 'unknown field' });
  if ((b.text === undefined) === (b.documents === undefined)) issues.push({ path: 'text', message: 'give exactly one of "text" and "documents"' });
  if (b.text !== undefined && typeof b.text !== 'string') issues.push({ path: 'text', message: 'must be a string', received: typeof b.text });
  if (b.documents !== undefined && !Array.isArray(b.documents)) issues.push({ path: 'documents', message: 'must be an array of {"id", "text"}' });
  if (issues.length > 0) throw new HttpError(400, 'E_INPUT_INVALID', `invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  const options = (b.options ?? {}) as DetectOptions;
  try {
    validateDetectOptions(options); // up front, so a bad option is a 400 naming it, before any work
  } catch (err) {
    const e = err as IcdError;
    throw new HttpError(400, 'E_OPTION_INVALID', e.message, e.issues.map((i) => ({ ...i, path: `options.${i.path}` })));
  }
  // If the client goes away, stop feeding the pool (leaving the loop does);
  // batches already running finish and are dropped.
  let gone = false;
  res.once('close', () => {
    gone = !res.writableFinished;
  });
  // The workers serialise the spans: this thread only splices strings, never
  // holds span objects, and stops as soon as the response would pass its limit.
  const tooLarge = (bytes: number) =>
    new IcdError('E_OUTPUT_TOO_LARGE', `the response would be more than ${bytes} bytes; the limit (maxOutputBytes) is ${state.maxOutputBytes}; send fewer or shorter documents`);
  if (typeof b.text === 'string') {
    // One document: errors are the request's. No abort on disconnect: one
    // document finishes soon, and aborting a running task would cost a thread.
    for await (const r of pool.detectManyJson([{ id: 0, text: b.text }], options)) {
      if (!r.ok) throw new IcdError(r.error.code, r.error.message);
      if (r.spansJson.length + 11 > state.maxOutputBytes) throw tooLarge(r.spansJson.length + 11);
      if (gone) return;
      sendParts(res, 200, ['{"spans":', r.spansJson, '}']);
    }
    return;
  }
  const docs = (b.documents as unknown[]).map((d, i): DocumentInput<unknown> => {
    // A document without an id is known by its index.
    if (d !== null && typeof d === 'object' && !Array.isArray(d)) {
      const doc = d as { id?: unknown; text?: unknown };
      return { id: doc.id ?? i, text: doc.text as string };
    }
    return { id: i, error: { code: 'E_INPUT_INVALID', message: 'a document must be an object {"id", "text"}' } };
  });
  const parts: string[] = ['{"results":['];
  let bytes = parts[0]!.length + 2;
  for await (const r of pool.detectManyJson(docs, options)) {
    if (gone) return;
    const id = JSON.stringify(r.id ?? null);
    const part = `${parts.length > 1 ? ',' : ''}${r.ok ? `{"id":${id},"ok":true,"spans":${r.spansJson}}` : `{"id":${id},"ok":false,"error":${JSON.stringify(r.error)}}`}`;
    bytes += part.length;
    // Leaving the loop stops the pool reading more documents.
    if (bytes > state.maxOutputBytes) throw tooLarge(bytes);
    parts.push(part);
  }
  parts.push(']}');
  sendParts(res, 200, parts);
}

/** Writes a JSON body given in pieces, without joining them into one more string. */
function sendParts(res: ServerResponse, status: number, parts: string[]): void {
  let length = 0;
  for (const p of parts) length += Buffer.byteLength(p);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
  for (const p of parts) res.write(p);
  res.end();
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  let status = 500;
  let payload: { code: string; message: string; issues?: readonly Issue[] };
  let headers: Record<string, string> = {};
  if (err instanceof HttpError) {
    status = err.status;
    headers = err.headers;
    payload = { code: err.code, message: err.message, ...(err.issues.length > 0 ? { issues: err.issues } : {}) };
  } else if (err instanceof IcdError) {
    status = STATUS_OF[err.code] ?? 500;
    payload = err.toJSON();
    if (err.code === 'E_BUSY') headers = { 'retry-after': RETRY_AFTER_S };
  } else {
    payload = { code: 'E_INTERNAL', message: 'internal error' };
  }
  send(res, status, { error: payload }, headers);
  // After a 413 (or 408, 415, 503) the rest of the body is not read: let the socket close after the answer.
  if (headers['connection'] === 'close') req.resume();
}
