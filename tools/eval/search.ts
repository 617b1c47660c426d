/**
 * `npm run eval -- search [QUERIES.tsv] [--short-descriptions] [--release DIR] [--errors FILE] [--json]`
 *
 * Code search against a TSV of queries (query, expected codes, form, source;
 * '#' lines are comments; default data/search/queries.tsv). A query is a hit
 * at rank k when one of its expected codes is the k-th result. Prints top-1,
 * top-5 and mean reciprocal rank (first expected code within the top 10, else
 * 0), for the whole set, for each of two folds (alternate rows) and for each
 * form. `--short-descriptions` also searches each billable code's short
 * description from the release order file and reports its top-5 rate.
 */
import { writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadEngine, type Engine } from '../../src/engine.js';
import { findReleaseFiles } from '../../src/lexicon/files.js';
import { parseOrderFile } from '../../src/lexicon/order.js';
import { findRelease, PACKAGE_ROOT } from '../../src/paths.js';
import { parseFlags } from './metrics.js';

export const SEARCH_HELP = `search [QUERIES.tsv] [--short-descriptions] [--release DIR] [--errors FILE] [--json]
  Code search: top-1, top-5 and MRR on a query set (default data/search/queries.tsv), both folds and each form;
  --short-descriptions also reports the top-5 rate of every billable code's short description as the query.`;

export interface SearchQuery {
  query: string;
  expected: string[];
  form: string;
  source: string;
}

export interface SearchScores {
  queries: number;
  top1: number;
  top5: number;
  mrr: number;
}

/** Ranks of the first expected code per query (0: not in the top 10). */
export function rankOf(results: readonly string[], expected: readonly string[]): number {
  const i = results.findIndex((c) => expected.includes(c));
  return i < 0 ? 0 : i + 1;
}

export function scores(ranks: readonly number[]): SearchScores {
  const n = ranks.length;
  const rate = (k: number) => (n === 0 ? 0 : ranks.filter((r) => r > 0 && r <= k).length / n);
  return { queries: n, top1: rate(1), top5: rate(5), mrr: n === 0 ? 0 : ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n };
}

export function readQueries(path: string): SearchQuery[] {
  const out: SearchQuery[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#') || line.startsWith('query\t')) return;
      const [query, expected, form, source] = line.split('\t');
      if (query === undefined || expected === undefined || expected === '') throw new Error(`${path}:${i + 1}: needs a query and expected codes`);
      out.push({ query, expected: expected.split(',').map((c) => c.trim()), form: form ?? '', source: source ?? '' });
    });
  return out;
}

const fmt = (s: SearchScores) => `top-1 ${s.top1.toFixed(3)}  top-5 ${s.top5.toFixed(3)}  MRR ${s.mrr.toFixed(3)}  (${s.queries} queries)`;

export async function searchCommand(args: readonly string[]): Promise<number> {
  const positional = args[0] !== undefined && !args[0].startsWith('--') ? args[0] : undefined;
  const flags = parseFlags(positional === undefined ? args : args.slice(1), ['release', 'errors'], ['short-descriptions', 'json']);
  const engine = await loadEngine();
  const queries = readQueries(positional ?? join(PACKAGE_ROOT, 'data', 'search', 'queries.tsv'));
  const ranks = queries.map((q) => rankOf(engine.search(q.query, { limit: 10 }).map((r) => r.code), q.expected));
  const report: Record<string, unknown> = { all: scores(ranks) };
  const lines = [`all       ${fmt(scores(ranks))}`];
  for (const fold of [0, 1]) {
    const s = scores(ranks.filter((_, i) => i % 2 === fold));
    report[`fold${fold + 1}`] = s;
    lines.push(`fold ${fold + 1}    ${fmt(s)}`);
  }
  const forms = [...new Set(queries.map((q) => q.form))];
  for (const form of forms) {
    const s = scores(ranks.filter((_, i) => queries[i]?.form === form));
    report[`form:${form}`] = s;
    lines.push(`  ${form.padEnd(16)} ${fmt(s)}`);
  }
  const misses = queries.map((q, i) => ({ ...q, rank: ranks[i] as number })).filter((q) => q.rank === 0 || q.rank > 5);
  lines.push(`not in the top 5 (${misses.length}):`);
  for (const m of misses) lines.push(`  ${m.query} -> ${m.expected.join(',')} (${m.rank === 0 ? 'not in the top 10' : `rank ${m.rank}`}); top: ${engine.search(m.query, { limit: 3 }).map((r) => r.code).join(', ')}`);
  if (flags.switches.has('short-descriptions')) {
    const short = await shortDescriptions(engine, flags.values.get('release'));
    report['shortDescriptions'] = { codes: short.codes, top5: short.top5 };
    lines.push(`short descriptions of billable codes: top-5 ${short.top5.toFixed(4)} (${short.codes} codes; ${short.missed.length} not in the top 5)`);
    for (const m of short.missed.slice(0, 25)) lines.push(`  ${m}`);
    const errors = flags.values.get('errors');
    if (errors !== undefined) writeFileSync(errors, `${short.missed.join('\n')}\n`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (flags.switches.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

async function shortDescriptions(engine: Engine, releaseDir: string | undefined): Promise<{ codes: number; top5: number; missed: string[] }> {
  const release = findRelease(releaseDir);
  if (release === undefined) throw new Error('no ICD-10-CM release found for --short-descriptions (use --release DIR)');
  const { chosen } = await findReleaseFiles(release.dir);
  const order = chosen.get('order');
  if (order === undefined) throw new Error(`${release.dir} has no order file`);
  const codes = parseOrderFile(order.text, order.source.name).filter((c) => c.billable);
  let hits = 0;
  const missed: string[] = [];
  for (const c of codes) {
    const found = engine.search(c.shortDescription, { limit: 5 }).map((r) => r.code);
    if (found.includes(c.code)) hits++;
    else missed.push(`${c.code}\t${c.shortDescription}\t${found.join(',')}`);
  }
  return { codes: codes.length, top5: codes.length === 0 ? 0 : hits / codes.length, missed };
}
