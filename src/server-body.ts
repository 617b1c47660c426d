/**
 * The server's side of request-body parsing (the work runs in
 * server-body-worker.ts). A body's chunks are posted to the thread as they
 * arrive, each a small copy, so the server's own thread never holds, joins,
 * decodes or parses a whole body: the one step left here is receiving the
 * parsed value. One thread serves every request of a handler; it is started
 * on the first body, unref'd (it never keeps a process alive), and replaced
 * if it dies, failing only the bodies it held.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from './paths.js';

export type BodyMessage = { kind: 'chunk'; id: number; bytes: Uint8Array } | { kind: 'end' | 'drop'; id: number };
export type BodyReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

/** A body that is not UTF-8 or not JSON (the message says which, and where). */
export class BodySyntaxError extends Error {}

interface Waiting {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/** One body being received: `push` its chunks, then `end()` for its value, or `drop()` it. */
export interface BodyReader {
  push(chunk: Uint8Array): void;
  /** The parsed value; rejects with BodySyntaxError, or with an Error when the thread failed. */
  end(): Promise<unknown>;
  drop(): void;
}

export class BodyParser {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  reader(): BodyReader {
    const id = this.nextId++;
    let worker: Worker | undefined;
    return {
      push: (chunk) => {
        worker ??= this.thread();
        // node:http's chunks are views of larger read buffers, which a post would copy whole:
        // copy just the chunk's bytes, once, and move that copy.
        const bytes = new Uint8Array(chunk);
        worker.postMessage({ kind: 'chunk', id, bytes } satisfies BodyMessage, [bytes.buffer]);
      },
      end: () =>
        new Promise<unknown>((resolve, reject) => {
          const w = worker ?? this.thread();
          if (worker !== undefined && worker !== this.worker) {
            reject(new Error('the body-parsing thread stopped'));
            return;
          }
          this.waiting.set(id, { resolve, reject });
          w.postMessage({ kind: 'end', id } satisfies BodyMessage);
        }),
      drop: () => {
        if (worker !== undefined && worker === this.worker) worker.postMessage({ kind: 'drop', id } satisfies BodyMessage);
      },
    };
  }

  private thread(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(new URL(bodyWorkerScript()));
    worker.on('message', (r: BodyReply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (w === undefined) return;
      if (r.ok) w.resolve(r.value);
      else w.reject(new BodySyntaxError(r.message));
    });
    const fail = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => fail(new Error(`the body-parsing thread exited with code ${code}`)));
    // After the listeners: adding a 'message' listener refs the thread again.
    worker.unref();
    this.worker = worker;
    return worker;
  }
}

/** The worker runs as JavaScript: beside this file once compiled; from dist/ when this file runs as TypeScript (tests). */
function bodyWorkerScript(): string {
  const sibling = new URL('./server-body-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling.href;
  return pathToFileURL(join(PACKAGE_ROOT, 'dist', 'src', 'server-body-worker.js')).href;
}
