/**
 * The pool's side of the record mode: which inputs go to a worker as they
 * are (raw JSONL lines, texts with their id as JSON), how a batch travels
 * (its lines packed into one buffer) and comes back (one moved buffer of
 * finished records), and the few records this thread writes itself: inputs
 * that never reach a worker, and a document whose worker died twice.
 */
import { errorRecord, idJson, type RecordErrorInfo } from '../output/format.js';
import { readJsonlLine } from '../output/jsonl.js';
import { emptyRecord, type RecordItem, type RecordJob } from '../output/records.js';
import { IcdError } from '../errors.js';
import { unpackRecords, type RecordResult, type RecordTask } from './messages.js';
import type { ByteRecord, JsonlLine, RecordError } from './options.js';

/** A record-mode input on its way to a worker: a JSONL line's bytes, or a text with its id as JSON. */
export type RecordWork = { line: Uint8Array; no: number; prefix: string } | { id: unknown; idJson: string; text: string };

type Checked = { id: unknown; text: string } | { id: unknown; error: RecordError };

const here = (s: string, spans: number): ByteRecord => ({ ok: spans >= 0, spans: Math.max(spans, 0), bytes: Buffer.from(s, 'utf8') });

function isJsonlLine(item: unknown): item is JsonlLine {
  return item !== null && typeof item === 'object' && (item as { jsonl?: unknown }).jsonl instanceof Uint8Array;
}

/** An input to work for a worker (JSONL lines always: the worker reads them), or to its record now. */
export function admitRecord(item: unknown, job: RecordJob, check: (item: unknown) => Checked): { result: ByteRecord } | { work: RecordWork; cost: number } {
  const f = job.format;
  if (isJsonlLine(item)) return { work: { line: item.jsonl, no: item.line, prefix: item.idPrefix ?? '' }, cost: item.jsonl.length };
  const doc = check(item);
  let idText: string;
  try {
    idText = idJson(doc.id);
  } catch {
    return { result: here(errorRecord(null, { code: 'E_INPUT_INVALID', message: 'the document id cannot be written as JSON' }, f), -1) };
  }
  if ('error' in doc) return { result: here(errorRecord(doc.id, doc.error, f, idText), -1) };
  if (doc.text.length === 0) return { result: here(emptyRecord(doc.id, job, idText), 0) };
  return { work: { id: doc.id, idJson: idText, text: doc.text }, cost: doc.text.length };
}

/** The task of a batch: its JSONL lines travel as one buffer. */
export function recordTask(batch: readonly RecordWork[], job: RecordJob): RecordTask {
  let size = 0;
  for (const w of batch) if ('line' in w) size += w.line.length;
  const lines = new Uint8Array(size);
  const items: RecordItem[] = [];
  let at = 0;
  for (const w of batch) {
    if ('idJson' in w) items.push({ idJson: w.idJson, text: w.text });
    else {
      lines.set(w.line, at);
      items.push({ no: w.no, prefix: w.prefix, start: at, end: at + w.line.length });
      at += w.line.length;
    }
  }
  return { kind: 'records', items, lines, job };
}

/** A task's result as one record per document, each a view of the one buffer that came back. */
export function recordsOf(count: number, result: RecordResult): ByteRecord[] {
  const r = unpackRecords(result);
  if (r.spans.length !== count) throw new IcdError('E_INTERNAL', `worker returned ${r.spans.length} records for ${count} documents`);
  const out: ByteRecord[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const spans = r.spans[i] as number;
    out[i] = { ok: spans >= 0, spans: Math.max(spans, 0), bytes: r.bytes.subarray(r.offsets[i], r.offsets[i + 1]) };
  }
  return out;
}

/** The error record of a document whose worker failed (a JSONL line is read here, only now, for its id). */
export function failedRecord(w: RecordWork, error: RecordErrorInfo, job: RecordJob): ByteRecord {
  if ('idJson' in w) return here(errorRecord(w.id, error, job.format, w.idJson), -1);
  const read = readJsonlLine(w.line, w.no, w.prefix, job.fields);
  return here(errorRecord(read.id, error, job.format), -1);
}
