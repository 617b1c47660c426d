/**
 * HTTP API over a pool, with node:http only. `createRequestHandler(pool)` is a
 * plain `(req, res)` listener, so it can be mounted in an existing server (or
 * any framework that accepts one); `icd10cm serve` wraps it in its own server.
 *
 *   POST /detect      {"text": "...", "options": {...}}           -> 200 {"spans": [...]}
 *                     {"documents": [{"id", "text"}...], "options"} -> 200 {"results": [record...]}
 *   POST /code        {"text": "...", "options": {"setting"}}     -> 200 {"codes": [...], "setAside": [...]}
 *                     (coded on the server's own thread: src/coding/request.ts)
 *   GET  /health      -> 200 {"status": "ok", ...}
 *   GET  /codes/:code -> 200 CodeInfo, or 404
 *
 * Every error is `{"error": {"code", "message", "issues"?}}` with a 4xx/5xx
 * status: 400 bad JSON, request shape or options; 404 unknown route or code;
 * 405 wrong method (with Allow); 413 body or document too large; 500 worker
 * failure; 503 pool closed or a document past the task timeout. In a `documents` request a bad document is an
 * error record in `results`, never a failed request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { IcdError, type Issue } from './errors.js';
import { validateDetectOptions } from './options.js';
import { codeRequest } from './coding/request.js';
import type { DetectOptions } from './types.js';
import type { DocumentInput, Pool } from './workers/pool.js';

export interface ServerOptions {
  /** Largest request body, in bytes (default 10 MiB); larger requests get 413. */
  maxBodyBytes?: number;
}

export const SERVER_DEFAULTS = { maxBodyBytes: 10 * 1024 * 1024 } as const;

/** HTTP-level error codes, beside the engine's (E_INPUT_INVALID, E_OPTION_INVALID, ...). */
type HttpCode = 'E_NOT_FOUND' | 'E_METHOD_NOT_ALLOWED';

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
  E_WORKER_FAILED: 500,
  E_ABORTED: 503,
  E_TIMEOUT: 503,
};

/** A `(req, res)` listener serving the API above. Throws E_OPTION_INVALID for bad options. */
export function createRequestHandler(pool: Pool, options: ServerOptions = {}): (req: IncomingMessage, res: ServerResponse) => void {
  const maxBodyBytes = options.maxBodyBytes ?? SERVER_DEFAULTS.maxBodyBytes;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) {
    throw new IcdError('E_OPTION_INVALID', `maxBodyBytes must be an integer >= 1, got ${String(maxBodyBytes)}`, {
      issues: [{ path: 'maxBodyBytes', message: 'must be an integer >= 1', received: String(maxBodyBytes) }],
    });
  }
  return (req, res) => {
    route(pool, maxBodyBytes, req, res).catch((err: unknown) => sendError(req, res, err));
  };
}

/** A node:http server with the handler mounted; call `listen` yourself. */
export function createDetectServer(pool: Pool, options: ServerOptions = {}): Server {
  return createServer(createRequestHandler(pool, options));
}

async function route(pool: Pool, maxBodyBytes: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/health') {
    allow(req, ['GET', 'HEAD']);
    const info = pool.engine.info;
    send(res, 200, { status: 'ok', threads: pool.threads, codesFiscalYear: info.codesFiscalYear, builder: info.builder, artifactBytes: info.artifactBytes });
    return;
  }
  if (path === '/detect') {
    allow(req, ['POST']);
    await detect(pool, await readJson(req, maxBodyBytes), res);
    return;
  }
  if (path === '/code') {
    allow(req, ['POST']);
    send(res, 200, codeRequest(pool.engine, await readJson(req, maxBodyBytes)));
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
  throw new HttpError(404, 'E_NOT_FOUND' satisfies HttpCode, `no route for ${req.method ?? '?'} ${path} (routes: POST /detect, POST /code, GET /health, GET /codes/:code)`);
}

function allow(req: IncomingMessage, methods: string[]): void {
  if (!methods.includes(req.method ?? '')) {
    throw new HttpError(405, 'E_METHOD_NOT_ALLOWED' satisfies HttpCode, `${req.method ?? '?'} is not allowed here; use ${methods.join(' or ')}`, [], { allow: methods.join(', ') });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the body up to the limit; a declared or actual size over it is a 413 before any parsing. */
async function readJson(req: IncomingMessage, maxBodyBytes: number): Promise<unknown> {
  const tooLarge = () => new HttpError(413, 'E_INPUT_TOO_LARGE', `request body is larger than ${maxBodyBytes} bytes (--max-body-bytes)`, [], { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw tooLarge();
    chunks.push(chunk);
  }
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks, size));
  } catch {
    throw new HttpError(400, 'E_INPUT_INVALID', 'request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const at = err instanceof Error ? /position (\d+)/.exec(err.message)?.[1] : undefined;
    throw new HttpError(400, 'E_INPUT_INVALID', `request body is not valid JSON${at === undefined ? '' : ` (at character ${at})`}`);
  }
}

const BODY_KEYS = new Set(['text', 'documents', 'options']);

async function detect(pool: Pool, body: unknown, res: ServerResponse): Promise<void> {
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
  if (typeof b.text === 'string') {
    // No abort on disconnect: one document finishes soon, and aborting a
    // running task would cost a worker thread.
    const spans = await pool.detect(b.text, options);
    send(res, 200, { spans });
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
  // If the client goes away, stop feeding the pool (leaving the loop does);
  // batches already running finish and are dropped.
  let gone = false;
  res.once('close', () => {
    gone = !res.writableFinished;
  });
  const results: unknown[] = [];
  for await (const r of pool.detectMany(docs, options)) {
    if (gone) return;
    results.push(r);
  }
  send(res, 200, { results });
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
  } else {
    payload = { code: 'E_INTERNAL', message: 'internal error' };
  }
  send(res, status, { error: payload }, headers);
  // After a 413 the rest of the body is not read: let the socket close after the answer.
  if (headers['connection'] === 'close') req.resume();
}
