/**
 * Output records as JSON text, one per document: the shape `icd10cm detect`
 * writes and the pool's record mode returns. Pure string work: the worker
 * threads call it (so the main thread never serialises a span), and the main
 * thread calls it only for documents that never reached a worker (input
 * errors, empty texts).
 *
 * Every format has the same envelope, `{"id", "ok": true, "spans": [...]}` or
 * `{"id", "ok": false, "error": {"code", "message"}}`; formats differ only in
 * what a span carries:
 * - `full`: the Span objects of `engine.detect` as they are;
 * - `compact`: offsets, text, confidence, context and ranked codes with their
 *   scores, no descriptions or matched release terms;
 * - `codes`: offsets and the ranked codes only.
 * Candidate lists are cut to `maxCandidates` by detect itself, so every format honours it.
 */
import type { Span } from '../types.js';

export const OUTPUT_FORMATS = ['full', 'compact', 'codes'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RecordFormat {
  format: OutputFormat;
  /** Indent with two spaces (a record then spans several lines). */
  pretty: boolean;
  /** Renames in error messages (pattern, replacement), e.g. option names to CLI flag names. */
  optionNames?: ReadonlyArray<readonly [RegExp | string, string]>;
}

export const DEFAULT_RECORD_FORMAT: Readonly<RecordFormat> = { format: 'full', pretty: false };

export interface RecordErrorInfo {
  code: string;
  message: string;
}

/** A document id as JSON (`undefined` becomes null, as in every record). */
export function idJson(id: unknown): string {
  return JSON.stringify(id === undefined ? null : id);
}

function compactSpan(s: Span): unknown {
  return {
    start: s.start,
    end: s.end,
    text: s.text,
    score: s.score,
    concepts: s.concepts.map((c) => ({ code: c.code, billable: c.billable, score: c.score })),
    assertions: s.assertions,
    rules: s.rules,
    section: s.section,
  };
}

function codesSpan(s: Span): unknown {
  return { start: s.start, end: s.end, codes: s.concepts.map((c) => c.code) };
}

function shaped(spans: readonly Span[], format: OutputFormat): unknown[] | readonly Span[] {
  if (format === 'full') return spans;
  return spans.map(format === 'compact' ? compactSpan : codesSpan);
}

/**
 * The record of a document detected without error, newline included. `id` is
 * the document id and `idText` its JSON (given when the caller already has it).
 */
export function okRecord(id: unknown, spans: readonly Span[], f: RecordFormat, idText: string = idJson(id)): string {
  return okRecordOf(id, spansJson(spans, f), f, idText);
}

/** The spans of a record as JSON, in the record's format (what an output bound measures). */
export function spansJson(spans: readonly Span[], f: RecordFormat): string {
  return JSON.stringify(shaped(spans, f.format));
}

/** The record around spans already serialised by `spansJson`. */
export function okRecordOf(id: unknown, json: string, f: RecordFormat, idText: string = idJson(id)): string {
  if (f.pretty) return `${JSON.stringify({ id: id ?? null, ok: true, spans: JSON.parse(json) as unknown }, null, 2)}\n`;
  return `{"id":${idText},"ok":true,"spans":${json}}\n`;
}

/**
 * The record of a coded document (`engine.code`, `icd10cm code`): the code
 * set's own keys (`codes`, `setAside`) in place of `spans`, whatever the format.
 */
export function codeSetRecord(id: unknown, set: object, f: RecordFormat, idText: string = idJson(id)): string {
  if (f.pretty) return `${JSON.stringify({ id: id ?? null, ok: true, ...set }, null, 2)}\n`;
  return `{"id":${idText},"ok":true,${JSON.stringify(set).slice(1)}\n`;
}

/** The record of a document that could not be detected, newline included; the same in every format. */
export function errorRecord(id: unknown, error: RecordErrorInfo, f: RecordFormat, idText: string = idJson(id)): string {
  let message = error.message;
  for (const [name, to] of f.optionNames ?? []) message = message.replace(name, to);
  const e = { code: error.code, message };
  if (f.pretty) return `${JSON.stringify({ id: id ?? null, ok: false, error: e }, null, 2)}\n`;
  return `{"id":${idText},"ok":false,"error":${JSON.stringify(e)}}\n`;
}
