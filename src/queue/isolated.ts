/**
 * Runs a suspect batch (one that stopped two workers) one document at a time
 * in a child process, so the document at fault ends only that child: the
 * worker records it as E_WORKER_FAILED, starts a new child for the documents
 * after it, and the rest of the batch completes. The child loads the
 * artifact itself (about a second on the full release), once per death, not
 * once per document.
 *
 * This file is both sides: `runIsolated` in the worker, and the child's loop
 * when run as a script with an IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArtifactFile } from '../artifact/read.js';
import type { RuleFile } from '../context/index.js';
import { Engine } from '../engine.js';
import { toIcdError } from '../errors.js';
import type { ResolvedDetectOptions } from '../options.js';
import { PACKAGE_ROOT } from '../paths.js';
import { TEST_CRASH_ENV } from '../workers/messages.js';
import { TEST_KILL_WORKER_MARKER, type WireResult } from './protocol.js';

interface Init {
  artifactPath: string;
  rules: RuleFile;
  options: ResolvedDetectOptions;
}

export interface IsolatedRun extends Init {
  /** Per document, ms (the worker's taskTimeout; 0: none): past it the child is stopped and the document gets E_TIMEOUT. */
  taskTimeout: number;
}

type Reply = { ready: true } | { result: WireResult };

/** The compiled script (under vitest this module is TypeScript, so the dist/ copy is used). */
function childScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return here;
  const built = join(PACKAGE_ROOT, 'dist', 'src', 'queue', 'isolated.js');
  if (existsSync(built)) return built;
  throw new Error(`isolated runner not found at ${built}; run \`npm run build\``);
}

/** One result per text, in order; a text whose child dies gets E_WORKER_FAILED. */
export async function runIsolated(texts: string[], run: IsolatedRun): Promise<WireResult[]> {
  const { taskTimeout, ...init } = run;
  const results: WireResult[] = [];
  let child: Child | undefined;
  try {
    for (const text of texts) {
      child ??= await Child.start(init);
      const r = await child.detect(text, taskTimeout);
      results.push(r);
      if (!r.ok && (r.error.code === 'E_WORKER_FAILED' || r.error.code === 'E_TIMEOUT')) {
        child.stop();
        child = undefined;
      }
    }
  } finally {
    child?.stop();
  }
  return results;
}

class Child {
  private pending: ((r: WireResult) => void) | undefined;
  private constructor(private readonly proc: ChildProcess) {}

  static start(init: Init): Promise<Child> {
    const proc = fork(childScript(), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
    const child = new Child(proc);
    return new Promise((resolve, reject) => {
      proc.once('exit', (code, signal) => {
        reject(new Error(`the isolated runner exited (${signal ?? code}) before it was ready`));
        child.pending?.({ ok: false, error: { code: 'E_WORKER_FAILED', message: `the process detecting this document alone died (${signal ?? `exit ${code}`}), after its batch had stopped workers twice` } });
      });
      proc.on('message', (m: Reply) => {
        if ('ready' in m) resolve(child);
        else child.pending?.(m.result);
      });
      proc.send(init);
    });
  }

  detect(text: string, taskTimeout: number): Promise<WireResult> {
    return new Promise((resolve) => {
      const timer =
        taskTimeout === 0
          ? undefined
          : setTimeout(() => this.pending?.({ ok: false, error: { code: 'E_TIMEOUT', message: `detection did not finish within ${taskTimeout} ms (taskTimeout); the process was replaced` } }), taskTimeout);
      this.pending = (r) => {
        clearTimeout(timer);
        this.pending = undefined;
        resolve(r);
      };
      this.proc.send({ text });
    });
  }

  stop(): void {
    this.proc.kill();
  }
}

/** The child: load once, then detect each text sent, one at a time. */
function serve(): void {
  let engine: Engine | undefined;
  let options: ResolvedDetectOptions | undefined;
  const testKill = process.env[TEST_CRASH_ENV] === '1';
  process.on('message', (m: Init | { text: string }) => {
    if ('artifactPath' in m) {
      engine = Engine.fromBuffer(readArtifactFile(m.artifactPath), { artifactPath: m.artifactPath, contextRules: m.rules });
      options = m.options;
      process.send?.({ ready: true });
      return;
    }
    if (testKill && m.text.startsWith(TEST_KILL_WORKER_MARKER)) process.kill(process.pid, 'SIGKILL');
    let result: WireResult;
    if (m.text.includes('\u0000')) result = { ok: false, error: { code: 'E_INPUT_INVALID', message: 'binary content: the text contains NUL characters' } };
    else {
      try {
        const spans = (engine as Engine).detect(m.text, options);
        result = { ok: true, spansJson: JSON.stringify(spans), count: spans.length };
      } catch (err) {
        const e = toIcdError(err);
        result = { ok: false, error: { code: e.code, message: e.message } };
      }
    }
    process.send?.({ result });
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.send !== undefined && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) serve();
