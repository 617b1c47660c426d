/**
 * Input readers for `icd10cm detect`: byte-level JSONL lines (handed to the
 * worker threads as raw bytes, which parse and check them there), plain-text
 * files and directories.
 * Everything is pulled lazily: nothing reads ahead of what the pool asks for,
 * so memory stays flat whatever the input size. Every input becomes exactly
 * one document or one error item; nothing is skipped except blank JSONL lines.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { readJsonlLine, type JsonlFields } from '../output/jsonl.js';
import { isBlank } from '../output/records.js';
import type { RecordInput } from '../workers/options.js';

export type { JsonlFields };

export interface InputLimits {
  maxDocChars: number;
  maxLineBytes: number;
}

/** Bytes read so far, for the progress line. */
export interface ByteCounter {
  bytes: number;
}

type Doc = RecordInput<unknown>;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const LF = 0x0a;
const CR = 0x0d;

function fail(id: unknown, code: 'E_INPUT_INVALID' | 'E_INPUT_TOO_LARGE', message: string): Doc {
  return { id, error: { code, message } };
}

/** Counts bytes as they pass. */
export async function* counted(source: AsyncIterable<Buffer>, counter: ByteCounter): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    counter.bytes += chunk.length;
    yield chunk;
  }
}

export interface Line {
  /** 1-based line number. */
  no: number;
  /** The line without its terminator; undefined when it exceeded the byte limit (then discarded while read). */
  bytes: Buffer | undefined;
  size: number;
}

/**
 * Splits a byte stream into lines ended by LF, CRLF or a lone CR (a raw CR can
 * only be whitespace in JSON, so treating it as a line end loses nothing and
 * keeps old Mac files from becoming one huge line). A line longer than
 * `maxLineBytes` is not buffered: its bytes are counted and dropped.
 */
export async function* splitLines(source: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  let over = false;
  let no = 0;
  let skipLF = false; // the previous chunk ended with CR: a leading LF belongs to it
  const append = (b: Buffer): void => {
    if (b.length === 0) return;
    size += b.length;
    if (over) return;
    if (size > maxLineBytes) {
      over = true;
      parts = [];
      return;
    }
    parts.push(b);
  };
  const take = (): Line => {
    const line: Line = { no: ++no, bytes: over ? undefined : parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size), size };
    parts = [];
    size = 0;
    over = false;
    return line;
  };
  for await (const chunk of source) {
    let pos = 0;
    if (skipLF && chunk.length > 0) {
      if (chunk[0] === LF) pos = 1;
      skipLF = false;
    }
    // Cache the next LF and CR positions so a chunk without CRs is scanned for CR once, not once per line.
    let nextLF = chunk.indexOf(LF, pos);
    let nextCR = chunk.indexOf(CR, pos);
    while (pos < chunk.length) {
      if (nextLF !== -1 && nextLF < pos) nextLF = chunk.indexOf(LF, pos);
      if (nextCR !== -1 && nextCR < pos) nextCR = chunk.indexOf(CR, pos);
      const end = nextLF === -1 ? nextCR : nextCR === -1 ? nextLF : Math.min(nextLF, nextCR);
      if (end === -1) {
        append(chunk.subarray(pos));
        break;
      }
      append(chunk.subarray(pos, end));
      yield take();
      pos = end + 1;
      if (chunk[end] === CR) {
        if (pos === chunk.length) skipLF = true;
        else if (chunk[pos] === LF) pos++;
      }
    }
  }
  if (size > 0 || over) yield take();
}

/**
 * One input per non-blank JSONL line, as raw bytes: the worker threads decode,
 * parse and check them. A line over the byte limit becomes an error here (its
 * bytes were never kept), with the id `${prefix}line:N`.
 */
export async function* jsonlLines(source: AsyncIterable<Buffer>, limits: InputLimits, prefix = ''): AsyncGenerator<Doc> {
  for await (const line of splitLines(source, limits.maxLineBytes)) {
    if (line.bytes === undefined) {
      yield fail(`${prefix}line:${line.no}`, 'E_INPUT_TOO_LARGE', `line ${line.no} is ${line.size} bytes; the limit (--max-line-bytes) is ${limits.maxLineBytes}`);
      continue;
    }
    if (isBlank(line.bytes)) continue;
    yield { jsonl: line.bytes, line: line.no, idPrefix: prefix };
  }
}

/**
 * The same lines read on this thread into documents, for pools whose workers
 * take documents only (a queue pool).
 */
export async function* jsonlDocs(source: AsyncIterable<Buffer>, limits: InputLimits, fields: JsonlFields, prefix = ''): AsyncGenerator<Doc> {
  for await (const item of jsonlLines(source, limits, prefix)) {
    yield 'jsonl' in item ? readJsonlLine(item.jsonl, item.line, prefix, fields) : item;
  }
}

/** Checks bytes meant as one plain-text document. */
function textDoc(id: string, bytes: Buffer, limits: InputLimits): Doc {
  if (bytes.includes(0)) return fail(id, 'E_INPUT_INVALID', 'binary content: the file contains NUL bytes');
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return fail(id, 'E_INPUT_INVALID', 'not valid UTF-8');
  }
  if (text.length > limits.maxDocChars) return tooLong(id, text.length, limits);
  return { id, text };
}

function tooLong(id: string, chars: number, limits: InputLimits, unit = 'characters'): Doc {
  return fail(id, 'E_INPUT_TOO_LARGE', `document is ${chars} ${unit}; the limit (--max-doc-chars) is ${limits.maxDocChars} characters`);
}

// UTF-8 needs at most 3 bytes per UTF-16 code unit: more bytes than this is surely too long.
const maxBytesFor = (limits: InputLimits) => limits.maxDocChars * 3;

/** A whole stream as one plain-text document; stops buffering (but keeps draining) past the size limit. */
export async function streamTextDoc(id: string, source: AsyncIterable<Buffer>, limits: InputLimits): Promise<Doc> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size <= maxBytesFor(limits)) parts.push(chunk);
    else parts.length = 0;
  }
  if (size > maxBytesFor(limits)) return tooLong(id, size, limits, 'bytes');
  return textDoc(id, Buffer.concat(parts, size), limits);
}

async function fileTextDoc(path: string, size: number, limits: InputLimits, counter: ByteCounter): Promise<Doc> {
  if (size > maxBytesFor(limits)) return tooLong(path, size, limits, 'bytes');
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    return fail(path, 'E_INPUT_INVALID', `cannot read: ${errno(err)}`);
  }
  counter.bytes += bytes.length;
  return textDoc(path, bytes, limits);
}

function errno(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Documents from a list of paths: a file is one document (or, with `jsonl`,
 * one per line); a directory contributes every file below it whose name
 * matches `glob`, in sorted order. Symbolic links to files are followed; links
 * to directories are not (no cycles).
 */
export async function* pathDocs(
  paths: string[],
  opts: { jsonl: boolean; glob: RegExp | undefined; globOnPath: boolean; limits: InputLimits; counter: ByteCounter; fields: JsonlFields; raw: boolean },
): AsyncGenerator<Doc> {
  const file = async function* (path: string, size: number): AsyncGenerator<Doc> {
    if (!opts.jsonl) {
      yield await fileTextDoc(path, size, opts.limits, opts.counter);
      return;
    }
    let stream: Readable;
    try {
      stream = createReadStream(path);
      await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
    } catch (err) {
      yield fail(path, 'E_INPUT_INVALID', `cannot read: ${errno(err)}`);
      return;
    }
    const lines = counted(stream, opts.counter);
    yield* opts.raw ? jsonlLines(lines, opts.limits, `${path}:`) : jsonlDocs(lines, opts.limits, opts.fields, `${path}:`);
  };
  const walk = async function* (dir: string, rel: string): AsyncGenerator<Doc> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      yield fail(dir, 'E_INPUT_INVALID', `cannot read directory: ${errno(err)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const path = join(dir, e.name);
      const relPath = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        yield* walk(path, relPath);
        continue;
      }
      if (opts.glob !== undefined && !opts.glob.test(opts.globOnPath ? relPath : e.name)) continue;
      if (!e.isFile() && !e.isSymbolicLink()) continue; // sockets, fifos, devices
      let size: number;
      try {
        const st = await stat(path);
        if (!st.isFile()) continue; // a link to a directory or a device
        size = st.size;
      } catch (err) {
        yield fail(path, 'E_INPUT_INVALID', `cannot read: ${errno(err)}`);
        continue;
      }
      yield* file(path, size);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      yield fail(p, 'E_INPUT_INVALID', `cannot read: ${errno(err)}`);
      continue;
    }
    if (st.isDirectory()) yield* walk(p, '');
    else yield* file(p, st.size);
  }
}

/**
 * Shell-style glob to a RegExp: `*` and `?` within one path segment, `**` across
 * segments, `[abc]` / `[!abc]` classes, `{a,b}` alternatives.
 */
export function globToRegExp(glob: string): RegExp {
  const esc = (s: string) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        i++;
        if (glob[i + 1] === '/') {
          i++;
          re += '(?:.*/)?';
        } else re += '.*';
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, end);
        re += body.startsWith('!') ? `[^${body.slice(1).replace(/\\/g, '\\\\')}]` : `[${body.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map(esc).join('|')})`;
        i = end;
      }
    } else re += esc(c);
  }
  return new RegExp(`^${re}$`);
}
