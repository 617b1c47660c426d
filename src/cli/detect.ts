/**
 * `icd10cm detect`: batch detection over files, directories and JSONL on
 * standard input, through the worker pool. Writes one JSONL record per input
 * document, in input order; a bad document becomes an error record and the
 * batch goes on. Memory stays flat: inputs are read only as fast as the pool
 * and the output take them.
 */
import { availableParallelism } from 'node:os';
import type { DetectOptions } from '../types.js';
import type { CodeOptions, Setting } from '../coding/index.js';
import { createPool } from '../index.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../output/format.js';
import { POOL_DEFAULTS, type DocumentInput, type JsonDetectRecord, type RecordInput } from '../workers/pool.js';
import { FLAG_OF, intOption, parse, threadsOption, UsageError, withFlagNames } from './args.js';
import { artifactLoadOptions } from './artifact.js';
import { EXIT } from './exit-codes.js';
import { OutputSink } from './output.js';
import { counted, globToRegExp, jsonlDocs, jsonlLines, pathDocs, streamTextDoc, type ByteCounter, type InputLimits, type JsonlFields } from './inputs.js';

const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/**
 * Input bytes per worker thread task. Larger than the pool's default: each hand-off
 * costs the main thread a message and the worker an idle moment, and a batch
 * job needs no short answers. Measured on 20 MB at --threads 2 (2 cores, 4
 * alternating rounds): 256 KB ran 8% faster than 64 KB, with 12% less
 * main-thread CPU.
 */
const CLI_BATCH_BYTES = 256 * 1024;

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
  --max-output-bytes N  largest record of one document; larger: an E_OUTPUT_TOO_LARGE record (default ${POOL_DEFAULTS.maxOutputBytes})
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
  SIGINT / SIGTERM stop the run between records: what is written is whole records, and a line
  says how many (exit 130 / 143).
  Exit: 0 all documents ok, 1 some became error records, 2 usage, 3 fatal (incl. any write failure).`;

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
    format: { type: 'string' },
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
    'max-output-bytes': { type: 'string' },
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
  const threads = threadsOption(values['threads']);
  const taskTimeout = intOption(values['task-timeout'], 'task-timeout', 0) ?? POOL_DEFAULTS.taskTimeout;
  const limits: InputLimits = {
    maxDocChars: intOption(values['max-doc-chars'], 'max-doc-chars') ?? POOL_DEFAULTS.maxDocumentChars,
    maxLineBytes: intOption(values['max-line-bytes'], 'max-line-bytes') ?? DEFAULT_MAX_LINE_BYTES,
  };
  if (limits.maxDocChars > 2 ** 29) throw new UsageError(`--max-doc-chars must be at most ${2 ** 29}`);
  const maxOutputBytes = intOption(values['max-output-bytes'], 'max-output-bytes', 1024) ?? POOL_DEFAULTS.maxOutputBytes;
  if (maxOutputBytes > 2 ** 29 - 24) throw new UsageError(`--max-output-bytes must be at most ${2 ** 29 - 24}`);
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
  const format = formatOption(values['format']);
  const quiet = values['quiet'] === true;

  const load = artifactLoadOptions(values['artifact'] as string | undefined);
  const sink = await OutputSink.open(values['output'] as string | undefined);
  const code = mode === 'code' ? codeOptions(values['setting'], detect.minScore ?? 0) : undefined;
  const queue = queueOption(values);
  if (queue !== undefined && code !== undefined) throw new UsageError('--queue is not available for icd10cm code yet: the workers detect spans only');
  const pool = await createPool({
    ...(queue === undefined ? { threads } : { queue }),
    maxDocumentChars: limits.maxDocChars,
    // A queue's batches are its jobs, sized for Redis and its window: left at the pool's default.
    ...(queue === undefined ? { batchChars: CLI_BATCH_BYTES } : {}),
    taskTimeout,
    maxOutputBytes,
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
    // Local threads read the JSONL lines themselves; a queue's workers take documents.
    raw: queue === undefined,
  });
  const stats = { documents: 0, errors: 0, spans: 0 };
  const started = performance.now();
  const progress = !quiet && process.stderr.isTTY === true ? startProgress(stats, counter, started) : undefined;
  try {
    if (queue === undefined) {
      // The worker threads parse the input lines, detect and serialise; this thread only orders and writes.
      const options = { signal: sink.signal, format, pretty, idField: fields.id, textField: fields.text, optionNames: FLAG_OF };
      // Written records go back to the pool, whose workers then reuse their buffers rather than allocate new ones.
      sink.afterWrite = (records) => {
        for (const r of records) if (typeof r !== 'string') pool.recycle(r);
      };
      for await (const record of pool.detectManyRecords(docs, options)) {
        stats.documents++;
        if (record.ok) stats.spans += record.spans;
        else stats.errors++;
        // The bytes as the worker wrote them: decoding them here only to encode them again cost this thread two passes over the output.
        await sink.write(record.bytes);
      }
    } else {
      for await (const record of pool.detectManyJson(docs as AsyncIterable<DocumentInput<unknown>>, { signal: sink.signal })) {
        stats.documents++;
        if (record.ok) stats.spans += record.spanCount;
        else stats.errors++;
        await sink.write(formatJson(record, pretty, mode === 'code' ? 'codes' : 'spans'));
      }
    }
    await sink.end();
  } catch (err) {
    if (sink.interrupted === undefined) throw sink.failure ?? err;
    // Stopped by a signal: the records handed over are written whole; say how many.
    await sink.finishInterrupted();
    process.stderr.write(`icd10cm detect: ${sink.interrupted}: stopped after ${sink.written} documents written to ${sink.name}\n`);
    return sink.signalExitCode as number;
  } finally {
    sink.dispose();
    progress?.stop();
    await pool.close();
  }
  if (!quiet) process.stderr.write(`${summary(stats, counter, started, mode)}\n`);
  return stats.errors > 0 ? EXIT.SOME_FAILED : EXIT.OK;
}

type StdinMode = 'auto' | 'jsonl' | 'text';

function formatOption(value: unknown): OutputFormat {
  if (value === undefined) return 'full';
  if (!(OUTPUT_FORMATS as readonly unknown[]).includes(value)) throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got ${String(value)}`);
  return value as OutputFormat;
}

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
  o: { mode: StdinMode; jsonl: boolean; glob: RegExp | undefined; globOnPath: boolean; limits: InputLimits; fields: JsonlFields; counter: ByteCounter; raw: boolean },
): AsyncGenerator<RecordInput<unknown>> {
  for (let i = 0; i < paths.length; ) {
    if (paths[i] === '-') {
      yield* stdinDocs(o.mode, o.limits, o.fields, o.counter, o.raw);
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
async function* stdinDocs(mode: StdinMode, limits: InputLimits, fields: JsonlFields, counter: ByteCounter, raw: boolean): AsyncGenerator<RecordInput<unknown>> {
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
  else yield* raw ? jsonlLines(all, limits) : jsonlDocs(all, limits, fields);
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

/** The pool names its options (maxDocumentChars); a CLI record names the flags (--max-doc-chars). */
function cliError(e: { code: string; message: string }): { code: string; message: string } {
  return { code: e.code, message: withFlagNames(e.message) };
}

/** `codes`: the worker serialised a code set object, whose keys join the record's. */
function formatJson(record: JsonDetectRecord<unknown>, pretty: boolean, body: 'spans' | 'codes'): string {
  // The worker already serialised the spans; splice them in rather than parse and re-stringify.
  const id = JSON.stringify(record.id === undefined ? null : record.id);
  if (!pretty) {
    if (!record.ok) return `{"id":${id},"ok":false,"error":${JSON.stringify(cliError(record.error))}}\n`;
    return body === 'spans' ? `{"id":${id},"ok":true,"spans":${record.spansJson}}\n` : `{"id":${id},"ok":true,${record.spansJson.slice(1)}\n`;
  }
  const parsed = record.ok ? (JSON.parse(record.spansJson) as unknown) : undefined;
  const ok = body === 'spans' ? { spans: parsed } : (parsed as object);
  const obj = record.ok ? { id: record.id ?? null, ok: true, ...ok } : { id: record.id ?? null, ok: false, error: cliError(record.error) };
  return `${JSON.stringify(obj, null, 2)}\n`;
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
