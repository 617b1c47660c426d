/**
 * The body of `POST /code`: `{"text": "...", "options": {"setting", "minScore"}}`
 * -> `{"codes", "setAside"}`. Validation errors are IcdErrors (400 on the server);
 * the coding itself runs on a pool thread (`pool.code`).
 */
import { IcdError } from '../errors.js';
import type { CodeOptions } from './types.js';

export interface CodeRequest {
  text: string;
  options: CodeOptions;
}

/** The body checked: its text and code options (the options are validated where the coding runs). */
export function readCodeRequest(body: unknown): CodeRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new IcdError('E_INPUT_INVALID', 'request body must be a JSON object: {"text": ..., "options"?: {...}}');
  const o = body as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'text' && k !== 'options');
  if (unknown.length > 0) throw new IcdError('E_INPUT_INVALID', `unknown field ${unknown[0] as string}`, { issues: unknown.map((k) => ({ path: k, message: 'unknown field' })) });
  if (typeof o.text !== 'string') throw new IcdError('E_INPUT_INVALID', '"text" must be a string', { issues: [{ path: 'text', message: 'must be a string' }] });
  return { text: o.text, options: (o.options ?? {}) as CodeOptions };
}
