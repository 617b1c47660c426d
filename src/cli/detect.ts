/**
 * `icd10cm detect`: batch detection over files, directories and JSONL on
 * standard input, through the worker pool. Writes one JSONL record per input
 * document, in input order; a bad document becomes an error record and the
 * batch goes on. Memory stays flat: inputs are read only as fast as the pool
 * and the output take them.
 */
import { once } from 'node:events';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { IcdError } from '../errors.js';
import type { DetectOptions } from '../types.js';
import type { CodeOptions, Setting } from '../coding/index.js';
import { createPool } from '../index.js';
import { POOL_DEFAULTS, type DocumentInput, type JsonDetectRecord } from '../workers/pool.js';
import { intOption, parse, UsageError } from './args.js';
import { artifactLoadOptions } from './artifact.js';
import { EXIT } from './exit-codes.js';
import { counted, globToRegExp, jsonlDocs, pathDocs, streamTextDoc, type ByteCounter, type InputLimits, type JsonlFields } from './inputs.js';

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

export const DETECT_HELP = `icd10cm detect [PATH...] [options]
  Detects diagnosis mentions and writes one JSON line per input document, in
  input order: {"id", "ok": true, "spans": [...]} or {"id", "ok": false, "error": {"code", "message"}}.
  PATH is a text file (one document, id = the path), a directory (every file
  below it, sorted; see --glob) or - (standard input). No PATH: standard input.
  Standard input is JSONL, one {"id": ..., "text": ...} per line, or one plain
  text document (id "-"): --jsonl / --text decide; otherwise it is JSONL when its
  first non-blank character is '{'. Blank JSONL lines are skipped; lines end
  with LF, CRLF or CR. A line that cannot be read gets the id "line:N".
  --jsonl               read standard input and every named file as JSONL
  --text                read standard input as one plain-text document
  --glob PATTERN        files to take from directories, e.g. '*.txt' (matched on
                        the file name; on the path below the directory if PATTERN has '/')
  --id-field NAME       JSONL id field (default id)
  --text-field NAME     JSONL text field (default text)
  --threads N           worker threads (default: all cores, ${availableParallelism()} here)
  --output FILE         write records to FILE (default: standard output)
  --max-doc-chars N     longest document, in characters (default ${POOL_DEFAULTS.maxDocumentChars})
  --task-timeout MS     a worker task running longer is stopped; a document that does so alone
                        gets an E_TIMEOUT record (default ${POOL_DEFAULTS.taskTimeout}; 0: no limit)
  --max-line-bytes N    longest JSONL line, in bytes (default ${DEFAULT_MAX_LINE_BYTES})
  --artifact FILE       compiled lexicon (default: $ICD10CM_ARTIFACT, else data/icd10cm/icd10cm.bin)
  --pretty              indent records (no longer one per line)
  --affirmed-only       only spans affirmed for the patient now
  --overlapping         every term match, not just the longest
  --no-context          skip negation / history / family detection
  --no-refine           raw dictionary matches: no sentence review, no calibrated confidence
  --min-score X         drop spans whose confidence is below X (0..1; 0.3 suits document coding)
  --max-candidates N    candidate codes per span (default 5)
  --genre G             kind of text: clinical (default) or criteria (trial eligibility criteria)
  --quiet               no progress or summary on standard error
  --queue URL           run on \`icd10cm worker\` processes through Redis (redis://HOST:PORT)
                        instead of threads here; the output is the same (README "Scaling out")
  --name QUEUE          with --queue: the queue name (default icd10cm)
  --window N            with --queue: batches in flight (default 32)
  A progress line (documents/s, MB/s) is shown when standard error is a
  terminal; a summary line is always written to standard error unless --quiet.
  Exit: 0 all documents ok, 1 some became error records, 2 usage, 3 fatal.`;

function codeOptions(setting: unknown, minScore: number): CodeOptions {
  if (setting !== undefined && setting !== 'outpatient' && setting !== 'inpatient') throw new UsageError(`--setting must be outpatient or inpatient, got ${String(setting)}`);
  return { setting: (setting as Setting | undefined) ?? 'outpatient', minScore };
}

function scoreOption(value: unknown): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--min-score must be a number in [0, 1], got ${String(value)}`);
  return n;
}

/**
 * `mode` 'code' is `icd10cm code` (src/cli/code.ts): the same inputs, pool and
 * records, each record carrying the document's code set instead of its spans.
 */
export async function detectCommand(args: string[], mode: 'detect' | 'code' = 'detect'): Promise<number> {
  const detectOnly = {
    'affirmed-only': { type: 'boolean' },
    overlapping: { type: 'boolean' },
    'no-context': { type: 'boolean' },
    'no-refine': { type: 'boolean' },
    'max-candidates': { type: 'string' },
  } as const;
  const { values, positionals } = parse(args, {
    ...(mode === 'code' ? { setting: { type: 'string' } } : detectOnly),
    jsonl: { type: 'boolean' },
    text: { type: 'boolean' },
    glob: { type: 'string' },
    'id-field': { type: 'string' },
    'text-field': { type: 'string' },
    threads: { type: 'string' },
    output: { type: 'string', short: 'o' },
    'max-doc-chars': { type: 'string' },
    'task-timeout': { type: 'string' },
    'max-line-bytes': { type: 'string' },
    artifact: { type: 'string' },
    pretty: { type: 'boolean' },
    'min-score': { type: 'string' },
    genre: { type: 'string' },
    quiet: { type: 'boolean' },
    queue: { type: 'string' },
    name: { type: 'string' },
    window: { type: 'string' },
  });
  if (values['jsonl'] === true && values['text'] === true) throw new UsageError('--jsonl and --text exclude each other');
  const stdinMode: StdinMode = values['jsonl'] === true ? 'jsonl' : values['text'] === true ? 'text' : 'auto';
  const threads = intOption(values['threads'], 'threads') ?? availableParallelism();
  const taskTimeout = intOption(values['task-timeout'], 'task-timeout', 0) ?? POOL_DEFAULTS.taskTimeout;
  const limits: InputLimits = {
    maxDocChars: intOption(values['max-doc-chars'], 'max-doc-chars') ?? POOL_DEFAULTS.maxDocumentChars,
    maxLineBytes: intOption(values['max-line-bytes'], 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES,
  };
  if (limits.maxDocChars > 2 ** 29) throw new UsageError(`--max-doc-chars must be at most ${2 ** 29}`);
  const fields: JsonlFields = { id: stringOption(values['id-field'], 'id-field') ?? 'id', text: stringOption(values['text-field'], 'text-field') ?? 'text' };
  const glob = stringOption(values['glob'], 'glob');
  const paths = positionals.length > 0 ? positionals : ['-'];
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('standard input (-) can be read only once');
  const detect: DetectOptions = {
    match: values['overlapping'] === true ? 'overlapping' : 'leftmost-longest',
    affirmedOnly: values['affirmed-only'] === true,
    context: values['no-context'] !== true,
    refine: values['no-refine'] !== true,
    minScore: scoreOption(values['min-score']),
    maxCandidates: intOption(values['max-candidates'], 'max-candidates') ?? 5,
  };
  const genre = stringOption(values['genre'], 'genre');
  if (genre !== undefined) {
    if (genre !== 'clinical' && genre !== 'criteria') throw new UsageError(`--genre must be clinical or criteria, got ${genre}`);
    detect.genre = genre;
  }
  const pretty = values['pretty'] === true;
  const quiet = values['quiet'] === true;

  const load = artifactLoadOptions(values['artifact'] as string | undefined);
  const out = await openOutput(values['output'] as string | undefined);
  const code = mode === 'code' ? codeOptions(values['setting'], detect.minScore ?? 0) : undefined;
  const queue = queueOption(values);
  if (queue !== undefined && code !== undefined) throw new UsageError('--queue is not available for icd10cm code yet: the workers detect spans only');
  const pool = await createPool({
    ...(queue === undefined ? { threads } : { queue }),
    maxDocumentChars: limits.maxDocChars,
    taskTimeout,
    detect,
    ...(code === undefined ? {} : { code }),
    ...(load.artifactPath === undefined ? {} : { artifactPath: load.artifactPath }),
  });
  const counter: ByteCounter = { bytes: 0 };
  const docs = inputs(paths, {
    mode: stdinMode,
    jsonl: stdinMode === 'jsonl',
    glob: glob === undefined ? undefined : globToRegExp(glob),
    globOnPath: glob?.includes('/') ?? false,
    limits,
    fields,
    counter,
  });
  const stats = { documents: 0, errors: 0, spans: 0 };
  const started = performance.now();
  const progress = !quiet && process.stderr.isTTY === true ? startProgress(stats, counter, started) : undefined;
  const writer = new RecordWriter(out.stream);
  try {
    for await (const record of pool.detectManyJson(docs, { signal: writer.signal })) {
      stats.documents++;
      if (record.ok) stats.spans += record.spanCount;
      else stats.errors++;
      await writer.write(format(record, pretty, mode === 'code' ? 'codes' : 'spans'));
    }
    await writer.end(out.close);
  } catch (err) {
    throw writer.failure ?? err;
  } finally {
    progress?.stop();
    await pool.close();
  }
  if (!quiet) process.stderr.write(`${summary(stats, counter, started, mode)}\n`);
  return stats.errors > 0 ? EXIT.SOME_FAILED : EXIT.OK;
}

type StdinMode = 'auto' | 'jsonl' | 'text';

/** `--queue URL [--name QUEUE] [--window N]`: the run goes to `icd10cm worker` processes. */
function queueOption(values: Record<string, unknown>): { url: string; name?: string; window?: number } | undefined {
  const url = stringOption(values['queue'], 'queue');
  const name = stringOption(values['name'], 'name');
  const window = intOption(values['window'], 'window');
  if (url === undefined) {
    if (name !== undefined || window !== undefined) throw new UsageError('--name and --window need --queue');
    return undefined;
  }
  if (!/^rediss?:\/\/[^/]/.test(url)) throw new UsageError(`--queue must be a redis://HOST:PORT URL, got ${url}`);
  return { url, ...(name === undefined ? {} : { name }), ...(window === undefined ? {} : { window }) };
}

function stringOption(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a non-empty value`);
  return value;
}

/** Paths in order; `-` is standard input at its place in the list. */
async function* inputs(
  paths: string[],
  o: { mode: StdinMode; jsonl: boolean; glob: RegExp | undefined; globOnPath: boolean; limits: InputLimits; fields: JsonlFields; counter: ByteCounter },
): AsyncGenerator<DocumentInput<unknown>> {
  for (let i = 0; i < paths.length; ) {
    if (paths[i] === '-') {
      yield* stdinDocs(o.mode, o.limits, o.fields, o.counter);
      i++;
      continue;
    }
    let j = i;
    while (j < paths.length && paths[j] !== '-') j++;
    yield* pathDocs(paths.slice(i, j), o);
    i = j;
  }
}

/** Standard input as JSONL or one text document, deciding on the first non-blank byte in `auto` mode. */
async function* stdinDocs(mode: StdinMode, limits: InputLimits, fields: JsonlFields, counter: ByteCounter): AsyncGenerator<DocumentInput<unknown>> {
  const it = counted(process.stdin, counter);
  const head: Buffer[] = [];
  let decided: 'jsonl' | 'text' = mode === 'text' ? 'text' : 'jsonl'; // blank input in auto mode: no documents
  if (mode === 'auto') {
    let offset = 0;
    for (;;) {
      const r = await it.next();
      if (r.done === true) break;
      head.push(r.value);
      const first = firstNonBlank(r.value, offset);
      offset += r.value.length;
      if (first !== undefined) {
        decided = first === 0x7b ? 'jsonl' : 'text';
        break;
      }
    }
  }
  const all = (async function* () {
    yield* head;
    yield* it;
  })();
  if (decided === 'text') yield await streamTextDoc('-', all, limits);
  else yield* jsonlDocs(all, limits, fields);
}

/** First byte that is not whitespace (nor a UTF-8 byte-order mark at the very start), or undefined. */
function firstNonBlank(chunk: Buffer, offset: number): number | undefined {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i] as number;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (offset + i < 3 && (c === 0xef || c === 0xbb || c === 0xbf)) continue;
    return c;
  }
  return undefined;
}

/** `codes`: the worker serialised a code set object, whose keys join the record's. */
function format(record: JsonDetectRecord<unknown>, pretty: boolean, body: 'spans' | 'codes'): string {
  // The worker already serialised the spans; splice them in rather than parse and re-stringify.
  const id = JSON.stringify(record.id === undefined ? null : record.id);
  if (!pretty) {
    if (!record.ok) return `{"id":${id},"ok":false,"error":${JSON.stringify(record.error)}}\n`;
    return body === 'spans' ? `{"id":${id},"ok":true,"spans":${record.spansJson}}\n` : `{"id":${id},"ok":true,${record.spansJson.slice(1)}\n`;
  }
  const parsed = record.ok ? (JSON.parse(record.spansJson) as unknown) : undefined;
  const ok = body === 'spans' ? { spans: parsed } : (parsed as object);
  const obj = record.ok ? { id: record.id ?? null, ok: true, ...ok } : { id: record.id ?? null, ok: false, error: record.error };
  return `${JSON.stringify(obj, null, 2)}\n`;
}

async function openOutput(path: string | undefined): Promise<{ stream: Writable; close: () => Promise<void> }> {
  if (path === undefined) return { stream: process.stdout, close: async () => {} };
  try {
    const handle = await open(path, 'w');
    const stream = handle.createWriteStream();
    return {
      stream,
      close: () =>
        new Promise<void>((resolve, reject) => {
          stream.end((err?: Error | null) => (err ? reject(err) : resolve()));
        }),
    };
  } catch (err) {
    throw new IcdError('E_INPUT_INVALID', `cannot open --output ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
}

/**
 * Buffers records into ~64 KB writes (one syscall per many records) and waits
 * for 'drain' when the destination is slow, which in turn stops the pool from
 * reading more input. A write error (closed pipe, full disk) aborts the run.
 */
class RecordWriter {
  failure: IcdError | undefined;
  private readonly ctrl = new AbortController();
  private buffered: string[] = [];
  private size = 0;
  private scheduled = false;
  private blocked: Promise<unknown> | undefined;

  constructor(private readonly out: Writable) {
    out.on('error', (err: NodeJS.ErrnoException) => {
      this.failure ??= new IcdError('E_INTERNAL', `cannot write output: ${err.code ?? err.message}`, { cause: err });
      this.ctrl.abort(this.failure);
    });
  }

  get signal(): AbortSignal {
    return this.ctrl.signal;
  }

  async write(line: string): Promise<void> {
    if (this.failure) throw this.failure;
    this.buffered.push(line);
    this.size += line.length;
    if (this.size >= 65_536) this.flush();
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
    const data = this.buffered.join('');
    this.buffered = [];
    this.size = 0;
    if (!this.out.write(data) && this.blocked === undefined) {
      this.blocked = Promise.race([once(this.out, 'drain'), once(this.ctrl.signal, 'abort')]).finally(() => {
        this.blocked = undefined;
      });
    }
  }
}

type Stats = { documents: number; errors: number; spans: number };

function rates(stats: Stats, counter: ByteCounter, started: number): { seconds: number; docsPerSec: number; mbPerSec: number } {
  const seconds = (performance.now() - started) / 1000;
  return { seconds, docsPerSec: stats.documents / Math.max(seconds, 1e-9), mbPerSec: counter.bytes / 1e6 / Math.max(seconds, 1e-9) };
}

function summary(stats: Stats, counter: ByteCounter, started: number, mode: 'detect' | 'code'): string {
  const r = rates(stats, counter, started);
  return (
    `icd10cm ${mode}: ${stats.documents} documents, ${stats.errors} errors, ${stats.spans} ${mode === 'code' ? 'codes' : 'spans'}, ` +
    `${r.seconds.toFixed(2)} s (${Math.round(r.docsPerSec)} documents/s, ${r.mbPerSec.toFixed(2)} MB/s)`
  );
}

function startProgress(stats: Stats, counter: ByteCounter, started: number): { stop: () => void } {
  const draw = () => {
    const r = rates(stats, counter, started);
    process.stderr.write(`\r${stats.documents} documents, ${stats.errors} errors, ${Math.round(r.docsPerSec)} documents/s, ${r.mbPerSec.toFixed(2)} MB/s\x1b[K`);
  };
  const timer = setInterval(draw, 500);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      process.stderr.write('\r\x1b[K');
    },
  };
}
