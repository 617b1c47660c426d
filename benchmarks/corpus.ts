/**
 * Benchmark corpora. A corpus is a named list of documents with its size in
 * UTF-8 bytes (MB/s figures are UTF-8 megabytes, 10^6 bytes, of the original
 * text, whatever a matcher actually reads).
 *
 * - CodiEsp English: the 500 machine-translated clinical case reports in
 *   ../shared/eval/codiesp/official_train/text_en (CC BY 4.0), read in file-name order.
 * - Synthetic notes: tools/gen-notes.ts, generated in memory from a fixed seed
 *   and the loaded artifact's own terms, so nothing generated is committed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
import { generateNotes, type GenOptions } from '../tools/gen-notes.js';

export const EVAL_DIR = resolve(PACKAGE_ROOT, '..', 'shared', 'eval');
export const CODIESP_EN_DIR = join(EVAL_DIR, 'codiesp', 'official_train', 'text_en');

export interface Doc {
  id: string;
  text: string;
}

export interface Corpus {
  name: string;
  /** Where it came from, for the report. */
  description: string;
  docs: Doc[];
  /** UTF-8 bytes of all documents. */
  bytes: number;
}

export function makeCorpus(name: string, description: string, docs: Doc[]): Corpus {
  let bytes = 0;
  for (const d of docs) bytes += Buffer.byteLength(d.text, 'utf8');
  return { name, description, docs, bytes };
}

/** The CodiEsp English training texts; `limit` keeps the first N (quick runs). */
export function loadCodiEspEnglish(dir: string = CODIESP_EN_DIR, limit = Infinity): Corpus {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.txt'));
  } catch (cause) {
    throw new Error(`CodiEsp English texts not found in ${dir}`, { cause });
  }
  names.sort();
  const docs = names.slice(0, limit).map((n) => ({ id: n.replace(/\.txt$/, ''), text: readFileSync(join(dir, n), 'utf8') }));
  return makeCorpus('codiesp-en', `CodiEsp official_train text_en (${docs.length} case reports)`, docs);
}

export function syntheticCorpus(name: string, opts: GenOptions): Corpus {
  const docs = generateNotes(opts);
  const kb = (n: number): string => `${Math.round(n / 1024)} KB`;
  const range = opts.minBytes === opts.maxBytes ? `~${kb(opts.minBytes)}` : `${kb(opts.minBytes)}-${kb(opts.maxBytes)}`;
  return makeCorpus(name, `synthetic notes, tools/gen-notes.ts seed ${opts.seed}, ${docs.length} notes of ${range}`, docs);
}
