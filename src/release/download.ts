/**
 * One file from a URL or a local folder into a cache file, resumable. The bytes
 * go to `<dest>.part` and are renamed to `dest` only once the server's length is
 * reached, so `dest` is always a whole response. An interrupted download keeps
 * its `.part`, and the next attempt asks for the rest (HTTP Range); a server that
 * ignores the range sends the whole file and the part is restarted.
 */
import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { IcdError } from '../errors.js';

export interface DownloadOptions {
  /** Longest wait for the connection or for the next bytes, in milliseconds. */
  timeoutMs: number;
  /** Called as bytes arrive; `total` is undefined when the server does not say. */
  progress?: (received: number, total: number | undefined) => void;
}

export interface Downloaded {
  bytes: number;
  /** Bytes that an earlier, interrupted attempt had already fetched (0: fresh). */
  resumedFrom: number;
}

/** Is `from` a URL (http, https) rather than a folder? */
export function isUrl(from: string): boolean {
  return /^https?:\/\//i.test(from);
}

/** Fetches `name` from `from` (a base URL or a folder) into `dest`. Rejects with E_DOWNLOAD_FAILED. */
export async function download(from: string, name: string, dest: string, options: DownloadOptions): Promise<Downloaded> {
  if (!isUrl(from)) {
    const src = join(from, name);
    try {
      await copyFile(src, dest);
    } catch (cause) {
      throw new IcdError('E_DOWNLOAD_FAILED', `cannot copy ${src}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
    }
    return { bytes: (await stat(dest)).size, resumedFrom: 0 };
  }
  const url = new URL(name, from.endsWith('/') ? from : `${from}/`).href;
  return fromUrl(url, dest, options, true);
}

async function fromUrl(url: string, dest: string, options: DownloadOptions, mayRestart: boolean): Promise<Downloaded> {
  const part = `${dest}.part`;
  const offset = existsSync(part) ? statSync(part).size : 0;
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  // One timer covers connecting, the headers and every gap between chunks.
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, options.timeoutMs);
  };
  const seconds = `${(options.timeoutMs / 1000).toFixed(options.timeoutMs < 1000 ? 1 : 0)} s`;
  const failed = (what: string, cause?: unknown): IcdError =>
    new IcdError('E_DOWNLOAD_FAILED', timedOut ? `${url}: no data for ${seconds} (${what}); run again to resume` : `${url}: ${what}`, { cause });
  arm();
  try {
    let res: Response;
    try {
      res = await fetch(url, { headers: offset > 0 ? { range: `bytes=${offset}-` } : {}, signal: controller.signal });
    } catch (cause) {
      throw failed(`cannot connect (${causeText(cause)})`, cause);
    }
    if (res.status === 416 && mayRestart) {
      // The part is not a prefix of what the server has now: start over.
      await res.body?.cancel();
      await rm(part, { force: true });
      clearTimeout(timer);
      return fromUrl(url, dest, options, false);
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw failed(`HTTP ${res.status} ${res.statusText}`.trim());
    }
    const resumed = res.status === 206 ? rangeStart(res.headers.get('content-range')) === offset : false;
    const start = resumed ? offset : 0;
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? start + length : undefined;
    let received = start;
    if (res.body === null) throw failed('empty response');
    // Written by hand rather than through pipeline(): on a cut connection,
    // pipeline() destroys the file stream and drops the chunks it has not yet
    // written, so the part kept could be shorter than what arrived, even empty.
    // Ending the stream instead writes every byte received before the cut.
    const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
    let cut: unknown;
    try {
      for await (const chunk of Readable.fromWeb(res.body as ReadableStream<Uint8Array>) as AsyncIterable<Buffer>) {
        received += chunk.length;
        arm();
        options.progress?.(received, total);
        if (!out.write(chunk)) await once(out, 'drain');
      }
    } catch (cause) {
      cut = cause;
    }
    out.end();
    try {
      await finished(out);
    } catch (cause) {
      throw failed(`cannot write ${part} (${causeText(cause)})`, cause);
    }
    if (cut !== undefined) {
      throw failed(`stopped after ${received} of ${total ?? '?'} bytes (${causeText(cut)}); the part is kept: run again to resume`, cut);
    }
    if (total !== undefined && received !== total) {
      throw failed(`stopped after ${received} of ${total} bytes; the part is kept: run again to resume`);
    }
    await rename(part, dest);
    return { bytes: received, resumedFrom: start };
  } finally {
    clearTimeout(timer);
  }
}

function rangeStart(header: string | null): number | undefined {
  const m = /^bytes (\d+)-/.exec(header ?? '');
  return m ? Number(m[1]) : undefined;
}

function causeText(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return String(cause);
}
