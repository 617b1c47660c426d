/**
 * Where `icd10cm detect` writes its records: standard output or `--output FILE`.
 *
 * - Records are buffered into ~64 KB writes (one syscall per many records) and
 *   the sink waits for 'drain' when the destination is slow, which in turn stops
 *   the pool from reading more input.
 * - Every write failure (full disk, closed pipe, a file that cannot be written)
 *   becomes one FatalError line and exit 3, whether the destination is standard
 *   output or a file, and whether the failure is reported by an 'error' event or
 *   thrown by a synchronous write (standard output on a file or /dev/full).
 * - SIGINT and SIGTERM stop the run between records: what was already handed to
 *   the sink is written whole, the destination is closed, and `written` says how
 *   many records it holds, so a file or a pipe never ends inside a record.
 */
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { FatalError } from './exit-codes.js';

/** Characters (or bytes) buffered before a write is issued. */
const FLUSH_CHARS = 65_536;
/** After a signal, how long to wait for the destination to take what was already written. */
const SIGNAL_GRACE_MS = 5_000;

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type StopSignal = (typeof SIGNALS)[number];
const SIGNAL_NUMBER: Record<StopSignal, number> = { SIGINT: 2, SIGTERM: 15 };

export class OutputSink {
  /** Records the destination has accepted. */
  written = 0;
  /** The signal that stopped the run, if one did. */
  interrupted: StopSignal | undefined;
  /** Called with the records of each write once the destination has them (the pool's buffers can then be reused). */
  afterWrite: ((records: ReadonlyArray<string | Uint8Array>) => void) | undefined;
  failure: FatalError | undefined;
  private readonly ctrl = new AbortController();
  /** Records as strings, or as UTF-8 bytes (the pool's record mode hands over bytes, written without decoding them). */
  private buffered: Array<string | Uint8Array> = [];
  private bufferedChars = 0;
  private scheduled = false;
  /** Writes issued and not yet acknowledged. */
  private pending = 0;
  private readonly settled = new Set<() => void>();
  private readonly onSignal = (sig: StopSignal) => () => this.stop(sig);
  private readonly handlers = SIGNALS.map((sig) => [sig, this.onSignal(sig)] as const);

  private constructor(
    private readonly stream: Writable,
    /** `standard output` or `--output FILE`, for messages. */
    readonly name: string,
    private readonly closeStream: () => Promise<void>,
  ) {
    stream.on('error', (err: NodeJS.ErrnoException) => this.fail(err));
    for (const [sig, handler] of this.handlers) process.once(sig, handler);
  }

  /** Opens `path` (or standard output). An unwritable path is a FatalError naming --output, never an input error. */
  static async open(path: string | undefined): Promise<OutputSink> {
    if (path === undefined) return new OutputSink(process.stdout, 'standard output', async () => {});
    let handle;
    try {
      handle = await open(path, 'w');
    } catch (err) {
      throw new FatalError(`cannot open --output ${path}: ${describe(err)}`);
    }
    const stream = handle.createWriteStream();
    return new OutputSink(stream, `--output ${path}`, () => new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve()))));
  }

  /** Aborted on a write failure or a stop signal: give it to the pool so it stops reading input. */
  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  /** The exit code of a run stopped by a signal (128 + its number), else undefined. */
  get signalExitCode(): number | undefined {
    return this.interrupted === undefined ? undefined : 128 + SIGNAL_NUMBER[this.interrupted];
  }

  /** Queues one record (a whole line, as a string or UTF-8 bytes); resolves once the destination can take more. */
  async write(record: string | Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffered.push(record);
    this.bufferedChars += record.length;
    if (this.bufferedChars >= FLUSH_CHARS) this.flush();
    else if (!this.scheduled) {
      // Flush soon even if no more records come (a slow trickle of input).
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
    await this.waitForDrain();
  }

  /** Writes what is buffered and closes the destination; throws the write failure, if any. */
  async end(): Promise<void> {
    this.flush();
    await this.waitForWrites(Number.POSITIVE_INFINITY);
    if (this.failure) throw this.failure;
    try {
      await this.closeStream();
    } catch (err) {
      this.fail(err as NodeJS.ErrnoException);
    }
    this.dispose();
    if (this.failure) throw this.failure;
  }

  /**
   * After a signal: writes the records already handed over (whole), waits a
   * little for the destination to take them, closes it. Never throws.
   */
  async finishInterrupted(): Promise<void> {
    this.flush();
    await this.waitForWrites(SIGNAL_GRACE_MS);
    if (this.pending === 0) await this.closeStream().catch(() => {});
    this.dispose();
  }

  /** Removes the signal handlers (the run is over). */
  dispose(): void {
    for (const [sig, handler] of this.handlers) process.removeListener(sig, handler);
  }

  private stop(sig: StopSignal): void {
    this.interrupted ??= sig;
    this.ctrl.abort(new FatalError(`interrupted by ${sig}`));
    this.wake();
  }

  private fail(err: NodeJS.ErrnoException): void {
    this.failure ??= new FatalError(`cannot write ${this.name}: ${describe(err)}`);
    this.ctrl.abort(this.failure);
    this.wake();
  }

  private flush(): void {
    this.scheduled = false;
    if (this.bufferedChars === 0 || this.failure) return;
    const parts = this.buffered;
    const chunks = joined(parts);
    this.buffered = [];
    this.bufferedChars = 0;
    this.pending++;
    // The callback of the last chunk runs once all of them are written (or failed): only then do their records count.
    const done = (err?: Error | null) => {
      this.pending--;
      if (err) this.fail(err);
      else {
        this.written += parts.length;
        this.afterWrite?.(parts);
      }
      this.wake();
    };
    try {
      // Corked, a file or a pipe takes the chunks in one writev: the records are not copied into one buffer first.
      if (chunks.length > 1) this.stream.cork();
      for (let i = 0; i < chunks.length; i++) this.stream.write(chunks[i] as string | Uint8Array, i === chunks.length - 1 ? done : undefined);
      if (chunks.length > 1) this.stream.uncork();
    } catch (err) {
      // Standard output on a file or a device writes synchronously and throws (ENOSPC on /dev/full).
      this.pending--;
      this.fail(err as NodeJS.ErrnoException);
    }
  }

  /** Waits while the stream asks for a pause; one listener per wait, removed after (no listener build-up). */
  private async waitForDrain(): Promise<void> {
    while (this.stream.writableNeedDrain && !this.failure && !this.ctrl.signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.removeListener('drain', done);
          this.settled.delete(done);
          resolve();
        };
        this.stream.on('drain', done);
        this.settled.add(done);
      });
    }
    if (this.failure) throw this.failure;
  }

  private async waitForWrites(limitMs: number): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (this.pending > 0 && !this.failure && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(limitMs) ? setTimeout(done, Math.max(0, deadline - Date.now())) : undefined;
        const self = this;
        function done(): void {
          clearTimeout(timer);
          self.settled.delete(done);
          resolve();
        }
        this.settled.add(done);
      });
    }
  }

  private wake(): void {
    for (const w of [...this.settled]) w();
  }
}

/**
 * Buffered records as few chunks as can be written without copying: strings
 * joined, and byte records that lie back to back in one buffer (the records of
 * one worker batch) as one view.
 */
function joined(parts: ReadonlyArray<string | Uint8Array>): Array<string | Uint8Array> {
  if (parts.every((p) => typeof p === 'string')) return [parts.join('')];
  const out: Array<string | Uint8Array> = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (typeof p !== 'string' && last !== undefined && typeof last !== 'string' && last.buffer === p.buffer && last.byteOffset + last.byteLength === p.byteOffset) {
      out[out.length - 1] = new Uint8Array(p.buffer, last.byteOffset, last.byteLength + p.byteLength);
    } else out.push(p);
  }
  return out;
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EISDIR: 'it is a directory',
    ENOENT: 'no such directory',
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    EROFS: 'read-only file system',
    EPIPE: 'the reader closed the pipe',
    EIO: 'input/output error',
    EINVAL: 'the destination does not take writes',
  };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return code === undefined ? String(e?.message ?? err) : `${why[code] ?? e.message} (${code})`;
}
