/**
 * Server load harness: starts the real `icd10cm serve` on 127.0.0.1 (port 0),
 * sends concurrent ~10 MB POST /detect requests of "asthma asthma ..." (the
 * worst case for result size: a span every 7 characters), polls /health
 * throughout, and samples the server's resident memory from /proc. Prints one
 * JSON object: each request's status and error code, /health latencies, peak
 * RSS (VmHWM), and whether the server was still answering after.
 *
 *   node dist/benchmarks/server-load.js [--requests 6] [--mb 10] [--threads 2] [-- extra serve flags]
 *
 * test/server/load.test.ts runs the same function with a smaller output limit
 * and asserts statuses and survival only; the figures are this script's.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/paths.js';
import { guard, type RunOptions, type SuiteResult } from './harness.js';
import { LOOP_DELAY_PREFIX, type LoopDelay } from './loop-probe.js';

export interface LoadOptions {
  requests: number;
  /** Body size per request, in MB. */
  mb: number;
  threads: number;
  /** Extra `icd10cm serve` flags. */
  serveArgs: string[];
  /** Liveness bound on one /health call (not a latency target: a call past it counts as unanswered). */
  healthTimeoutMs: number;
}

export interface LoadResult {
  statuses: Array<{ status: number; code: string | null }>;
  health: { calls: number; unanswered: number; maxMs: number; p50Ms: number };
  peakRssMb: number | null;
  /** The server's main-thread event-loop delay over the whole run, measured inside it (loop-probe.ts). */
  loopDelay: LoopDelay | null;
  aliveAfter: boolean;
  exitCode: number | null;
  stderr: string;
}

/** A body of `docs` documents of "asthma asthma ...", `mb` MB in all. */
export function asthmaBody(mb: number, docs = 10): string {
  const perDoc = Math.floor((mb * 1_000_000) / docs);
  const text = 'asthma '.repeat(Math.ceil(perDoc / 7)).slice(0, perDoc);
  return JSON.stringify({ documents: Array.from({ length: docs }, (_, i) => ({ id: i, text })) });
}

function post(port: number, body: string): Promise<{ status: number; code: string | null }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/detect', method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        // Keep only the start: an error body is small, a 200 body is not needed.
        if (size < 4096) chunks.push(c);
        size += c.length;
      });
      res.on('end', () => {
        const head = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, code: /"code":"(E_[A-Z_]+)"/.exec(head.slice(0, 400))?.[1] ?? null });
      });
    });
    req.on('error', () => resolve({ status: 0, code: 'connection error' }));
    req.end(body);
  });
}

function health(port: number, timeoutMs: number): Promise<number | null> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** GET /health every 100 ms until standard input closes; prints {latencies, unanswered}. */
const POLLER = `
import { request } from 'node:http';
const [port, timeout] = process.argv.slice(1).map(Number);
let polling = true;
process.stdin.on('end', () => { polling = false; }).resume();
const latencies = [];
let unanswered = 0;
while (polling) {
  const started = performance.now();
  const ok = await new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
  if (ok) latencies.push(performance.now() - started);
  else unanswered++;
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(JSON.stringify({ latencies, unanswered }));
`;

function rssOf(pid: number): { rss: number; hwm: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return null;
  }
}

export async function runServerLoad(o: LoadOptions): Promise<LoadResult> {
  const bin = join(PACKAGE_ROOT, 'bin', 'icd10cm.js');
  // The probe reports the server's own event-loop delay when it exits (loop-probe.ts).
  const probe = pathToFileURL(join(PACKAGE_ROOT, 'dist', 'benchmarks', 'loop-probe.js')).href;
  const child = spawn(process.execPath, ['--import', probe, bin, 'serve', '--port', '0', '--threads', String(o.threads), ...o.serveArgs], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ICD10CM_LOOP_PROBE: '1' },
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`serve exited before listening: ${stderr}`)));
  });
  const body = asthmaBody(o.mb);
  let peak = 0;
  const sampler = setInterval(() => {
    const m = rssOf(child.pid ?? -1);
    if (m !== null) peak = Math.max(peak, m.hwm, m.rss);
  }, 100);
  // The poller is a process of its own, as a health check is: this one is busy
  // sending 60 MB, which would otherwise count in the figure.
  const poller = spawn(process.execPath, ['--input-type=module', '-e', POLLER, String(port), String(o.healthTimeoutMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let polled = '';
  poller.stdout.on('data', (b: Buffer) => (polled += b.toString()));
  const pollerDone = new Promise<void>((resolve) => poller.on('close', () => resolve()));
  const statuses = await Promise.all(Array.from({ length: o.requests }, () => post(port, body)));
  poller.stdin.end();
  await pollerDone;
  const { latencies, unanswered } = JSON.parse(polled) as { latencies: number[]; unanswered: number };
  const after = await health(port, o.healthTimeoutMs);
  clearInterval(sampler);
  const m = rssOf(child.pid ?? -1);
  if (m !== null) peak = Math.max(peak, m.hwm);
  child.kill('SIGTERM');
  const exitCode = await exited;
  const probed = stderr.split('\n').find((l) => l.startsWith(LOOP_DELAY_PREFIX));
  latencies.sort((a, b) => a - b);
  return {
    statuses,
    health: { calls: latencies.length + unanswered, unanswered, maxMs: Math.round(latencies.at(-1) ?? 0), p50Ms: Math.round(latencies[Math.floor(latencies.length / 2)] ?? 0) },
    peakRssMb: peak > 0 ? Math.round(peak / 1e6) : null,
    loopDelay: probed === undefined ? null : (JSON.parse(probed.slice(LOOP_DELAY_PREFIX.length)) as LoopDelay),
    aliveAfter: after !== null,
    exitCode,
    stderr,
  };
}

/**
 * `npm run bench -- --only server`: six concurrent 10 MB requests (two with
 * --quick) at the default limits, two threads. Fails when a request gets
 * another status than 200, 413 or 503, or the server stops answering.
 */
export async function serverSuite(opts: RunOptions): Promise<SuiteResult> {
  return guard('server', async (_rows, facts, notes) => {
    const r = await runServerLoad({ requests: opts.quick ? 2 : 6, mb: 10, threads: 2, serveArgs: [], healthTimeoutMs: 10_000 });
    const bad = r.statuses.filter((s) => ![200, 413, 503].includes(s.status));
    if (bad.length > 0 || !r.aliveAfter || r.health.unanswered > 0) throw new Error(`server load: ${JSON.stringify({ ...r, stderr: r.stderr.slice(-400) })}`);
    facts['statuses'] = r.statuses.map((s) => `${s.status}${s.code === null ? '' : ` ${s.code}`}`).join(', ');
    facts['peak RSS, MB'] = r.peakRssMb;
    facts['/health max ms (client)'] = r.health.maxMs;
    facts['/health p50 ms (client)'] = r.health.p50Ms;
    facts['event-loop delay max ms (server)'] = r.loopDelay?.maxMs ?? null;
    facts['event-loop delay p99 ms (server)'] = r.loopDelay?.p99Ms ?? null;
    notes.push(`${r.statuses.length} concurrent POST /detect of 10 MB of "asthma asthma ..." (10 documents each), default limits, 2 threads; /health polled every 100 ms`);
    return ['asthma, 10 MB per request'];
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const dash = args.indexOf('--');
  const own = dash < 0 ? args : args.slice(0, dash);
  const flag = (name: string, fallback: number) => {
    const i = own.indexOf(`--${name}`);
    return i < 0 ? fallback : Number(own[i + 1]);
  };
  const result = await runServerLoad({
    requests: flag('requests', 6),
    mb: flag('mb', 10),
    threads: flag('threads', 2),
    serveArgs: dash < 0 ? [] : args.slice(dash + 1),
    healthTimeoutMs: 10_000,
  });
  process.stdout.write(`${JSON.stringify({ ...result, stderr: undefined })}\n`);
}
