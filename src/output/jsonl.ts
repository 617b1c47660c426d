/**
 * One JSONL input line to a document or an error: UTF-8 check, JSON parse,
 * shape check. Worker threads run it on the raw line bytes the main thread
 * hands them; the main thread runs it only to name a document whose worker
 * died twice. Error messages give the line number and never quote the text.
 */
import type { RecordErrorInfo } from './format.js';

export interface JsonlFields {
  id: string;
  text: string;
}

export const DEFAULT_JSONL_FIELDS: Readonly<JsonlFields> = { id: 'id', text: 'text' };

/** A line read as a document, or the error record it becomes (`id` is `${prefix}line:N` when the line has no id). */
export type LineDocument = { id: unknown; text: string } | { id: unknown; error: RecordErrorInfo };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** JSON.parse messages quote the input; keep only the position so note text never reaches logs. */
function jsonProblem(err: unknown): string {
  const m = err instanceof Error ? /position (\d+)/.exec(err.message) : null;
  return m ? ` (at character ${m[1]})` : '';
}

/** Reads one non-blank JSONL line (without its terminator). `no` is its 1-based line number. */
export function readJsonlLine(bytes: Uint8Array, no: number, prefix: string, fields: JsonlFields): LineDocument {
  const lineId = `${prefix}line:${no}`;
  const invalid = (id: unknown, message: string): LineDocument => ({ id, error: { code: 'E_INPUT_INVALID', message } });
  let s: string;
  try {
    s = utf8.decode(bytes);
  } catch {
    return invalid(lineId, `line ${no} is not valid UTF-8`);
  }
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch (err) {
    return invalid(lineId, `line ${no} is not valid JSON${jsonProblem(err)}`);
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return invalid(lineId, `line ${no} is not a JSON object`);
  const record = v as Record<string, unknown>;
  const id = Object.hasOwn(record, fields.id) ? record[fields.id] : lineId;
  const text = record[fields.text];
  if (text === undefined) return invalid(id, `line ${no} has no "${fields.text}" field`);
  if (typeof text !== 'string') {
    return invalid(id, `line ${no}: "${fields.text}" must be a string, got ${text === null ? 'null' : Array.isArray(text) ? 'array' : typeof text}`);
  }
  return { id, text };
}
