/** `icd10cm serve`: the HTTP API of src/server.ts on its own node:http server. */
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { createDetectServer, SERVER_DEFAULTS } from '../server.js';
import { createPool, POOL_DEFAULTS } from '../workers/pool.js';
import { intOption, parse, threadsOption, UsageError } from './args.js';
import { FatalError } from './exit-codes.js';
import { artifactLoadOptions } from './artifact.js';
import { EXIT } from './exit-codes.js';

export const SERVE_HELP = `icd10cm serve [--port N] [--host ADDR] [--threads N] [--max-body-bytes N] [--max-output-bytes N] [--max-in-flight N]
              [--body-timeout MS] [--max-doc-chars N] [--task-timeout MS] [--artifact FILE]
  Serves POST /detect ({"text", "options"} or {"documents": [{"id", "text"}...], "options"}),
  GET /health and GET /codes/CODE as JSON over HTTP. Errors: {"error": {"code", "message"}}.
  --port N            port (default 8080; 0 picks a free one)
  --host ADDR         address to listen on (default 127.0.0.1; use 0.0.0.0 to accept other hosts)
  --threads N         worker threads (default: all cores, ${availableParallelism()} here)
  --max-body-bytes N  largest request body, after gzip/deflate (default ${SERVER_DEFAULTS.maxBodyBytes}); larger: 413
  --max-output-bytes N  largest response (default ${SERVER_DEFAULTS.maxOutputBytes}); larger: 413 E_OUTPUT_TOO_LARGE
  --max-in-flight N   POST /detect requests at once (default ${SERVER_DEFAULTS.inFlightPerThread} per thread); more: 503 E_BUSY with Retry-After
  --body-timeout MS   a request body that sends nothing for MS gets 408 (default ${SERVER_DEFAULTS.bodyTimeout})
  --max-doc-chars N   longest document, in characters (default ${POOL_DEFAULTS.maxDocumentChars}); longer: 413
  --task-timeout MS   a document still running after MS is stopped: 503 E_TIMEOUT (default ${POOL_DEFAULTS.taskTimeout}; 0: no limit)
  Prints "listening on http://HOST:PORT" on standard error. On SIGINT / SIGTERM it drains: new
  requests get 503 E_SHUTTING_DOWN, requests in progress finish (for at most 10 s), then it exits 0.
  A port in use (or another listen error) is one line on standard error and exit 3.`;

/** A listen failure: one line, exit 3. */
class ListenError extends FatalError {}

export async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    port: { type: 'string' },
    host: { type: 'string' },
    threads: { type: 'string' },
    'max-body-bytes': { type: 'string' },
    'max-output-bytes': { type: 'string' },
    'max-in-flight': { type: 'string' },
    'body-timeout': { type: 'string' },
    'max-doc-chars': { type: 'string' },
    'task-timeout': { type: 'string' },
    artifact: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  const port = intOption(values['port'], 'port', 0) ?? 8080;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const host = (values['host'] as string | undefined) ?? '127.0.0.1';
  const threads = threadsOption(values['threads']);
  const maxBodyBytes = intOption(values['max-body-bytes'], 'max-body-bytes') ?? SERVER_DEFAULTS.maxBodyBytes;
  const maxOutputBytes = intOption(values['max-output-bytes'], 'max-output-bytes', 1024) ?? SERVER_DEFAULTS.maxOutputBytes;
  if (maxOutputBytes > 2 ** 29 - 24) throw new UsageError(`--max-output-bytes must be at most ${2 ** 29 - 24}, got ${maxOutputBytes}`);
  const maxInFlight = intOption(values['max-in-flight'], 'max-in-flight') ?? threads * SERVER_DEFAULTS.inFlightPerThread;
  const bodyTimeout = intOption(values['body-timeout'], 'body-timeout') ?? SERVER_DEFAULTS.bodyTimeout;
  const maxDocumentChars = intOption(values['max-doc-chars'], 'max-doc-chars') ?? POOL_DEFAULTS.maxDocumentChars;
  const taskTimeout = intOption(values['task-timeout'], 'task-timeout', 0) ?? POOL_DEFAULTS.taskTimeout;
  const load = artifactLoadOptions(values['artifact'] as string | undefined);

  const pool = await createPool({ threads, maxDocumentChars, taskTimeout, maxOutputBytes, ...(load.artifactPath === undefined ? {} : { artifactPath: load.artifactPath }) });
  void pool.engine; // build this thread's engine (for /codes, /health) now rather than on the first request
  const server = createDetectServer(pool, { maxBodyBytes, maxOutputBytes, maxInFlight, bodyTimeout });
  try {
    server.listen(port, host);
    await Promise.race([once(server, 'listening'), once(server, 'error').then(([err]) => Promise.reject(err as Error))]);
  } catch (err) {
    await pool.close();
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? 'the address is in use (pick another --port)' : e.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)' : e.message;
    throw new ListenError(`cannot listen on ${host}:${port}: ${why}`);
  }
  const address = server.address();
  const shown = typeof address === 'object' && address !== null ? `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  process.stderr.write(`icd10cm serve: listening on http://${shown} (${pool.threads} threads)\n`);

  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  process.stderr.write(`icd10cm serve: ${signal}, draining (${server.handler.inFlight} requests in progress)\n`);
  // New requests on open connections, and bodies still arriving, get 503; requests in
  // progress finish. Stop accepting (idle keep-alive sockets close now), then stop the threads.
  server.handler.drain();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  force.unref();
  await closed;
  clearTimeout(force);
  await pool.close();
  return EXIT.OK;
}
