/**
 * Input to finished output bytes: documents (raw JSONL lines or texts with
 * their ids) in, UTF-8 records out, one per document, in order. This is what
 * a worker thread runs for the CLI and the pool's record mode, and what a
 * queue worker can call as is: it is a pure function of its input, the engine
 * and the options, with no thread, pool or I/O in it.
 *
 * The checks are the batch contract's: a line that is not UTF-8, not JSON or
 * not an object, a missing or non-string text, a text over the size limit or
 * with NUL characters each become an error record in place, and an exception
 * in detect becomes one too; nothing is skipped.
 */
import type { CodeSet, ResolvedCodeOptions } from '../coding/index.js';
import { toIcdError } from '../errors.js';
import type { ResolvedDetectOptions } from '../options.js';
import type { Span } from '../types.js';
import { codeSetRecord, errorRecord, idJson, okRecord, okRecordOf, spansJson, type RecordErrorInfo, type RecordFormat } from './format.js';
import { readJsonlLine, type JsonlFields } from './jsonl.js';

/** What the records need of an engine (an `Engine` is one). */
export interface Detector {
  /** `limits.maxSpans`: detect may stop once it has found more spans than this (the output would be too large anyway). */
  detect(text: string, options: ResolvedDetectOptions, limits?: { maxSpans: number }): Span[];
  /** For jobs with `code` set: the document's code set (an `Engine` has it). */
  code?(text: string, options: ResolvedCodeOptions): CodeSet;
}

export interface RecordJob {
  options: ResolvedDetectOptions;
  format: RecordFormat;
  /** Field names of JSONL lines. */
  fields: JsonlFields;
  /** Longest text, in UTF-16 code units; longer ones get E_INPUT_TOO_LARGE. */
  maxDocumentChars: number;
  /** Longest JSON of a document's spans (or code set); longer gets E_OUTPUT_TOO_LARGE. Default: no limit. */
  maxOutputBytes?: number;
  /** Code each document (`engine.code`) and write its code set instead of its spans; `spans` then counts codes. */
  code?: ResolvedCodeOptions;
}

/**
 * One document of a batch: a JSONL line (its bytes are `lines.subarray(start, end)`;
 * `no` is its line number, `prefix` goes before `line:N` ids), or a text with its id as JSON.
 */
export type RecordItem = { no: number; prefix: string; start: number; end: number } | { idJson: string; text: string };

export interface EncodedRecords {
  /** The records, UTF-8, back to back; record i is `bytes.subarray(offsets[i], offsets[i + 1])`. */
  bytes: Uint8Array;
  offsets: Uint32Array;
  /** Spans per record; -1 for an error record. */
  spans: Int32Array;
}

/** The size check every document passes (the same message in every path). */
export function sizeProblem(chars: number, maxDocumentChars: number): RecordErrorInfo | undefined {
  if (chars <= maxDocumentChars) return undefined;
  return { code: 'E_INPUT_TOO_LARGE', message: `document is ${chars} characters; the limit (maxDocumentChars) is ${maxDocumentChars}` };
}

/** One text to its record text and span count (-1: error). */
export function textRecord(detector: Detector, id: unknown, idText: string, text: string, job: RecordJob): { record: string; spans: number } {
  const fail = (e: RecordErrorInfo) => ({ record: errorRecord(id, e, job.format, idText), spans: -1 });
  const tooLarge = sizeProblem(text.length, job.maxDocumentChars);
  if (tooLarge !== undefined) return fail(tooLarge);
  if (text.length === 0) return { record: emptyRecord(id, job, idText), spans: 0 };
  // NUL never occurs in text; it means a binary file or a wrong encoding (UTF-16).
  if (text.includes('\u0000')) return fail({ code: 'E_INPUT_INVALID', message: 'binary content: the text contains NUL characters' });
  try {
    const max = job.maxOutputBytes ?? Infinity;
    const tooLarge = (bytes: number) => fail({ code: 'E_OUTPUT_TOO_LARGE', message: `the result is ${bytes} bytes of JSON; the limit (maxOutputBytes) is ${max}` });
    if (job.code !== undefined) {
      if (detector.code === undefined) throw new Error('this detector cannot code documents');
      const set = detector.code(text, job.code);
      const length = max === Infinity ? 0 : JSON.stringify(set).length;
      if (length > max) return tooLarge(length);
      return { record: codeSetRecord(id, set, job.format, idText), spans: set.codes.length };
    }
    if (max === Infinity) {
      const spans = detector.detect(text, job.options);
      return { record: okRecord(id, spans, job.format, idText), spans: spans.length };
    }
    // The span floor holds for full spans only; compact and codes spans are measured, not bounded up front.
    const spans = job.format.format === 'full' ? detector.detect(text, job.options, { maxSpans: Math.floor(max / MIN_SPAN_JSON_BYTES) }) : detector.detect(text, job.options);
    const json = spansJson(spans, job.format);
    if (json.length > max) return tooLarge(json.length);
    return { record: okRecordOf(id, json, job.format, idText), spans: spans.length };
  } catch (err) {
    const e = toIcdError(err);
    return fail({ code: e.code, message: e.message });
  }
}

const EMPTY_CODE_SET: CodeSet = { codes: [], setAside: [] };

/**
 * No full span serialises to fewer bytes (offsets, text, score, term, source
 * and one concept with its description), so more than maxOutputBytes / 128
 * spans is surely too large, and detect can stop there.
 */
const MIN_SPAN_JSON_BYTES = 128;

/** The record of an empty text: no spans, or an empty code set. */
export function emptyRecord(id: unknown, job: RecordJob, idText: string = idJson(id)): string {
  return job.code === undefined ? okRecord(id, [], job.format, idText) : codeSetRecord(id, EMPTY_CODE_SET, job.format, idText);
}

/**
 * A growing UTF-8 buffer. A worker keeps one for all its batches (`reset`
 * between them), so a batch's records are encoded without growing and copying
 * a fresh buffer several times over: full records run to several times the
 * input's size.
 */
export class Utf8Sink {
  bytes: Uint8Array;
  length = 0;
  private static readonly encoder = new TextEncoder();
  private static readonly START_BYTES = 64 * 1024;
  constructor(capacity = Utf8Sink.START_BYTES) {
    this.bytes = new Uint8Array(Math.max(capacity, 1024));
  }
  /** Empties the sink; a buffer grown past `keep` bytes (one huge document) is let go rather than held for good. */
  reset(keep = 16 * 1024 * 1024): void {
    this.length = 0;
    if (this.bytes.length > keep) this.bytes = new Uint8Array(Utf8Sink.START_BYTES);
  }
  push(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.bytes.length - this.length < s.length * 3) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + s.length * 3));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.length += Utf8Sink.encoder.encodeInto(s, this.bytes.subarray(this.length)).written;
  }
}

/**
 * Records of a batch of items, encoded as UTF-8 into one buffer. With `sink`
 * given, the records go there (after a reset) and `bytes` is a view of it,
 * valid until the sink's next use.
 */
export function encodeRecords(detector: Detector, items: readonly RecordItem[], lines: Uint8Array, job: RecordJob, sink?: Utf8Sink): EncodedRecords {
  const offsets = new Uint32Array(items.length + 1);
  const spans = new Int32Array(items.length);
  // Full records run several times the input's size; compact and codes far less.
  const out = sink ?? new Utf8Sink(lines.length * (job.format.format === 'full' ? 3 : 1) + 4096);
  if (sink !== undefined) sink.reset();
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as RecordItem;
    let r: { record: string; spans: number };
    if ('idJson' in item) {
      const id = job.format.pretty ? (JSON.parse(item.idJson) as unknown) : undefined;
      r = textRecord(detector, id, item.idJson, item.text, job);
    } else {
      const doc = readJsonlLine(lines.subarray(item.start, item.end), item.no, item.prefix, job.fields);
      const idText = idJson(doc.id);
      r = 'error' in doc ? { record: errorRecord(doc.id, doc.error, job.format, idText), spans: -1 } : textRecord(detector, doc.id, idText, doc.text, job);
    }
    out.push(r.record);
    spans[i] = r.spans;
    offsets[i + 1] = out.length;
  }
  return { bytes: out.bytes.subarray(0, out.length), offsets, spans };
}

/**
 * A whole JSONL text (lines ended by LF, CRLF or CR; blank lines skipped) to
 * its output records as UTF-8: one record per non-blank line, in order.
 * `firstLine` numbers the first line (for `line:N` ids of a chunk cut from a longer stream).
 */
export function detectJsonl(detector: Detector, input: Uint8Array, job: RecordJob, firstLine = 1, prefix = ''): Uint8Array {
  const items: RecordItem[] = [];
  let no = firstLine;
  for (let pos = 0; pos < input.length; no++) {
    let end = pos;
    while (end < input.length && input[end] !== 0x0a && input[end] !== 0x0d) end++;
    if (!isBlank(input, pos, end)) items.push({ no, prefix, start: pos, end });
    pos = end + (input[end] === 0x0d && input[end + 1] === 0x0a ? 2 : 1);
  }
  return encodeRecords(detector, items, input, job).bytes;
}

/** True when bytes [start, end) are only spaces, tabs and line ends (a blank JSONL line). */
export function isBlank(b: Uint8Array, start = 0, end = b.length): boolean {
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}
