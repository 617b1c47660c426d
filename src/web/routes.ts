/**
 * The viewer page and the search endpoint of `icd10cm serve`, kept apart from
 * the detect API in server.ts:
 *
 *   GET /                         -> the viewer (src/web/static/index.html)
 *   GET /viewer.js, /viewer.css   -> its script and style
 *   GET /search?terms=...&maxList=N[&billable=true]
 *                                 -> 200 {"terms", "results": [SearchResult...]}
 *
 * Terms are words joined by an implicit AND, as in the NLM Clinical Tables
 * ICD-10-CM API; maxList caps the results (default 10, at most 500). The page
 * is served under a Content-Security-Policy that allows only this origin's own
 * script, style and requests: no inline script, no eval, no other host.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Engine } from '../engine.js';
import { IcdError, toIcdError } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { SEARCH_DEFAULTS } from '../search/types.js';

export const STATIC_DIR = join(PACKAGE_ROOT, 'src', 'web', 'static');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-cache',
} as const;

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/viewer.js': { file: 'viewer.js', type: 'text/javascript; charset=utf-8' },
  '/viewer.css': { file: 'viewer.css', type: 'text/css; charset=utf-8' },
};

/**
 * A listener for the routes above: returns true when it answered the request,
 * false when the path is not one of its own. The static files are read now,
 * once, so a request never touches the disk. `engine` is called on the first
 * search (the pool builds its main-thread engine lazily).
 */
export function createWebRoutes(engine: () => Engine): (req: IncomingMessage, res: ServerResponse) => boolean {
  const files = new Map(Object.entries(FILES).map(([path, f]) => [path, { body: readFileSync(join(STATIC_DIR, f.file)), type: f.type }]));
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Browsers ask for an icon; there is none, and a 404 would be noise in their console.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204, { 'cache-control': 'max-age=86400' }).end();
      return true;
    }
    const file = files.get(url.pathname);
    if (file === undefined && url.pathname !== '/search') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: { code: 'E_METHOD_NOT_ALLOWED', message: `${req.method ?? '?'} is not allowed here; use GET` } }, { allow: 'GET, HEAD' });
      return true;
    }
    if (file !== undefined) {
      res.writeHead(200, { ...PAGE_HEADERS, 'content-type': file.type, 'content-length': file.body.length });
      res.end(req.method === 'HEAD' ? undefined : file.body);
      return true;
    }
    try {
      sendJson(res, 200, search(engine(), url.searchParams));
    } catch (err) {
      const e = toIcdError(err);
      const status = e.code === 'E_INPUT_INVALID' || e.code === 'E_OPTION_INVALID' ? 400 : 500;
      sendJson(res, status, { error: status === 500 ? { code: 'E_INTERNAL', message: 'internal error' } : e.toJSON() });
    }
    return true;
  };
}

function search(engine: Engine, params: URLSearchParams): { terms: string; results: ReturnType<Engine['search']> } {
  const terms = params.get('terms');
  if (terms === null) {
    throw new IcdError('E_INPUT_INVALID', 'GET /search needs terms=...', { issues: [{ path: 'terms', message: 'required' }] });
  }
  const maxList = params.get('maxList');
  const limit = maxList === null ? SEARCH_DEFAULTS.limit : Number(maxList);
  const billable = params.get('billable');
  if (billable !== null && billable !== 'true' && billable !== 'false') {
    throw new IcdError('E_OPTION_INVALID', 'billable must be true or false', { issues: [{ path: 'billable', message: 'must be true or false', received: billable }] });
  }
  try {
    return { terms, results: engine.search(terms, { limit, billableOnly: billable === 'true' }) };
  } catch (err) {
    // The option is named as the URL names it.
    if (err instanceof IcdError && err.code === 'E_OPTION_INVALID') {
      throw new IcdError('E_OPTION_INVALID', `maxList must be an integer in [1, 500], got ${maxList ?? ''}`, {
        issues: err.issues.map((i) => (i.path === 'limit' ? { ...i, path: 'maxList' } : i)),
      });
    }
    throw err;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}
