/**
 * Writes ordered byte chunks (finished records) to a Writable: gathers them
 * into ~64 KB writes (one syscall per many records) and waits for 'drain' when
 * the destination is slow, which in turn stops the pool from reading more
 * input. A write error (closed pipe, full disk) aborts the run through
 * `signal`. Kept apart so the CLI's output sink can replace it whole.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { IcdError } from '../errors.js';

const FLUSH_BYTES = 65_536;

export class ByteWriter {
  failure: IcdError | undefined;
  private readonly ctrl = new AbortController();
  private buffered: Uint8Array[] = [];
  private size = 0;
  private scheduled = false;
  private blocked: Promise<unknown> | undefined;

  constructor(private readonly out: Writable) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= new IcdError('E_INTERNAL', `cannot write output: ${err.code ?? err.message}`, { cause: err });
      this.ctrl.abort(this.failure);
    });
  }

  /** Aborts when a write fails. */
  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffered.push(chunk);
    this.size += chunk.length;
    if (this.size >= FLUSH_BYTES) this.flush();
    else if (!this.scheduled) {
      // Flush soon even if no more records come (a slow trickle of input).
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    if (this.blocked) await this.blocked;
  }

  async end(close: () => Promise<void>): Promise<void> {
    this.flush();
    if (this.blocked) await this.blocked;
    if (this.failure) throw this.failure;
    await close();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.size === 0 || this.failure) return;
    // One copy into a buffer of our own: the records are views of the workers' transferred buffers.
    const data = Buffer.concat(this.buffered, this.size);
    this.buffered = [];
    this.size = 0;
    if (!this.out.write(data) && this.blocked === undefined) {
      // Whichever comes first, the other listener is removed: a long run waits for 'drain' many times.
      const settled = new AbortController();
      this.blocked = Promise.race([once(this.out, 'drain', { signal: settled.signal }), once(this.ctrl.signal, 'abort', { signal: settled.signal })]).finally(() => {
        settled.abort();
        this.blocked = undefined;
      });
    }
  }
}
