/**
 * Real processes for the queue tests and the scale-out benchmark: a redis-server on a free loopback port
 * with a temporary directory, and `icd10cm worker` processes, each stopped
 * (and its files removed) by the returned `stop`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT as ROOT } from '../src/paths.js';

const BIN = join(ROOT, 'bin', 'icd10cm.js');

/** Test stalled-check settings (README "Scaling out"): a dead worker's batch moves on within about three seconds. */
export const TEST_STALLED = ['--lock-duration', '2000', '--stalled-interval', '1000'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr !== null && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves when `pattern` appears on the stream; rejects if the process exits first. */
function waitFor(child: ChildProcess, stream: NodeJS.ReadableStream, pattern: RegExp, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (b: Buffer) => {
      seen += b.toString('utf8');
      if (pattern.test(seen)) {
        stream.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`${what} exited (${code}) before it was ready:\n${seen}`));
    stream.on('data', onData);
    child.once('exit', onExit);
  });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'icd10cm-redis-'));
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('error', (err) => reject(new Error(`cannot start redis-server (apt-get install -y redis-server): ${err.message}`)));
    child.once('spawn', () => resolve());
  });
  await spawned;
  await waitFor(child, child.stdout!, /Ready to accept connections/, 'redis-server');
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface WorkerProcess {
  /** The current process (replaced after each death when supervised). */
  readonly child: ChildProcess;
  /** Everything every incarnation wrote on standard error. */
  readonly stderr: string;
  /** How many times a process of this worker ended without being stopped. */
  readonly deaths: number;
  /** Resolves when standard error has shown `pattern`. */
  waitForLog(pattern: RegExp): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts `icd10cm worker` and waits until it is taking batches. `supervise`
 * restarts it whenever it dies, as systemd or Kubernetes would.
 */
export async function startWorker(args: string[], env: Record<string, string>, supervise = false): Promise<WorkerProcess> {
  let stderr = '';
  let deaths = 0;
  let stopped = false;
  let child!: ChildProcess;
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const check = () => {
    for (const w of [...waiters]) if (w.pattern.test(stderr)) waiters.splice(waiters.indexOf(w), 1) && w.resolve();
  };
  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, [BIN, 'worker', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (b: Buffer) => {
      stderr += b.toString('utf8');
      check();
    });
    child.once('exit', () => {
      if (stopped) return;
      deaths++;
      if (supervise) void launch().catch(() => {});
    });
    await waitFor(child, child.stderr!, /icd10cm worker: .* on queue/, 'icd10cm worker');
  };
  await launch();
  return {
    get child() {
      return child;
    },
    get stderr() {
      return stderr;
    },
    get deaths() {
      return deaths;
    },
    waitForLog(pattern: RegExp) {
      return new Promise<void>((resolve) => {
        waiters.push({ pattern, resolve });
        check();
      });
    },
    async stop() {
      stopped = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
