/**
 * Metric helpers shared by the evaluation subcommands: counts -> precision /
 * recall / F1, average precision of a ranked list, span overlap, calibration
 * bins, and small argument / output helpers. Pure functions; no engine imports.
 */

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 from counts; an empty denominator gives 0, never NaN. */
export function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, precision, recall, f1 };
}

/** Adds set-level counts of one document to running totals. */
export function addSetCounts<T>(acc: { tp: number; fp: number; fn: number }, predicted: ReadonlySet<T>, gold: ReadonlySet<T>): void {
  for (const p of predicted) {
    if (gold.has(p)) acc.tp++;
    else acc.fp++;
  }
  for (const g of gold) if (!predicted.has(g)) acc.fn++;
}

/**
 * Average precision of a ranked list against a gold set, as trec_eval and the
 * CodiEsp scorer define it: the sum of precision@k over the ranks k that hold a
 * gold item, divided by the size of the gold set (so gold items never retrieved
 * count as zeros). Duplicates in the ranking count once, at their first rank.
 * An empty gold set gives 0.
 */
export function averagePrecision<T>(ranked: readonly T[], gold: ReadonlySet<T>): number {
  if (gold.size === 0) return 0;
  const seen = new Set<T>();
  let hits = 0;
  let rank = 0;
  let sum = 0;
  for (const item of ranked) {
    if (seen.has(item)) continue;
    seen.add(item);
    rank++;
    if (gold.has(item)) {
      hits++;
      sum += hits / rank;
    }
  }
  return sum / gold.size;
}

/** Mean of a list; 0 for an empty list. */
export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** A half-open character range `[start, end)`. */
export interface Range {
  start: number;
  end: number;
}

/** True when two half-open ranges share at least one character. */
export function overlaps(a: Range, b: Range): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Characters shared by two half-open ranges. */
export function overlapLength(a: Range, b: Range): number {
  return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}

/** One row of a calibration table: predictions whose confidence falls in [lo, hi). */
export interface CalibrationBin {
  lo: number;
  hi: number;
  n: number;
  /** Mean confidence of the predictions in the bin. */
  meanScore: number;
  /** Fraction of the bin's predictions that were right, per correctness criterion. */
  precision: Record<string, number>;
}

/**
 * Bins (score, correct-by-criterion) pairs by score. `edges` are the inner bin
 * edges, ascending; the first bin starts at 0 and the last one includes 1.
 */
export function calibrationTable(
  items: ReadonlyArray<{ score: number; correct: Record<string, boolean> }>,
  edges: readonly number[] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
): CalibrationBin[] {
  const bounds = [0, ...edges, 1.000001];
  const bins: CalibrationBin[] = [];
  for (let b = 0; b + 1 < bounds.length; b++) {
    const lo = bounds[b] as number;
    const hi = bounds[b + 1] as number;
    const inBin = items.filter((i) => i.score >= lo && i.score < hi);
    const keys = new Set<string>();
    for (const i of inBin) for (const k of Object.keys(i.correct)) keys.add(k);
    const precision: Record<string, number> = {};
    for (const k of keys) precision[k] = inBin.length === 0 ? 0 : inBin.filter((i) => i.correct[k] === true).length / inBin.length;
    bins.push({ lo, hi: Math.min(1, hi), n: inBin.length, meanScore: mean(inBin.map((i) => i.score)), precision });
  }
  return bins;
}

/**
 * Expected calibration error: the bin-size-weighted mean gap between a bin's mean
 * confidence and its precision under `criterion`.
 */
export function expectedCalibrationError(bins: readonly CalibrationBin[], criterion: string): number {
  const total = bins.reduce((a, b) => a + b.n, 0);
  if (total === 0) return 0;
  return bins.reduce((a, b) => a + (b.n / total) * Math.abs(b.meanScore - (b.precision[criterion] ?? 0)), 0);
}

export function formatCalibration(bins: readonly CalibrationBin[], criteria: readonly string[]): string {
  const head = `confidence    n      mean   ${criteria.map((c) => c.padStart(10)).join(' ')}`;
  const rows = bins
    .filter((b) => b.n > 0)
    .map(
      (b) =>
        `[${b.lo.toFixed(2)}, ${b.hi.toFixed(2)}${b.hi >= 1 ? ']' : ')'} ${String(b.n).padStart(6)}  ${b.meanScore.toFixed(3)}  ${criteria
          .map((c) => (b.precision[c] ?? 0).toFixed(3).padStart(10))
          .join(' ')}`,
    );
  return [head, ...rows].join('\n');
}

export const pct = (x: number): string => x.toFixed(3);

export function formatPrf(label: string, m: Prf): string {
  return `${label.padEnd(28)} P ${pct(m.precision)}  R ${pct(m.recall)}  F1 ${pct(m.f1)}  (tp ${m.tp}, fp ${m.fp}, fn ${m.fn})`;
}

/** Parsed command-line flags: `--name value` pairs and bare `--flag`s. */
export interface Flags {
  values: Map<string, string>;
  switches: Set<string>;
}

/**
 * Parses `--name value` and `--switch` arguments. `valued` names the flags that
 * take a value; anything else starting with `--` must be in `switches`. Unknown
 * flags and missing values are errors that name the flag.
 */
export function parseFlags(args: readonly string[], valued: readonly string[], switches: readonly string[]): Flags {
  const values = new Map<string, string>();
  const on = new Set<string>();
  const problems: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const name = a.replace(/^--/, '');
    if (!a.startsWith('--')) problems.push(`unexpected argument ${a}`);
    else if (valued.includes(name)) {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) problems.push(`${a} needs a value`);
      else {
        values.set(name, v);
        i++;
      }
    } else if (switches.includes(name)) on.add(name);
    else problems.push(`unknown flag ${a}`);
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { values, switches: on };
}

/** A number flag in [lo, hi], or the default; an error names the flag. */
export function numberFlag(flags: Flags, name: string, def: number, lo: number, hi: number): number {
  const v = flags.values.get(name);
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < lo || n > hi) throw new Error(`--${name} must be a number in [${lo}, ${hi}], got ${v}`);
  return n;
}

/** JSONL text for an error dump: one JSON object per line. */
export function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
}

/**
 * The sentence around `[start, end)`: from the last line break or sentence end
 * (`. `, `? `, `! `, `; `) before `start` to the next one at or after `end`,
 * trimmed. For error dumps, so a reader sees the phrase in context.
 */
export function sentenceAround(text: string, start: number, end: number): string {
  let s = start;
  while (s > 0) {
    const c = text[s - 1] as string;
    if (c === '\n' || c === '\r') break;
    if ((c === ' ' || c === '\t') && s >= 2 && /[.?!;]/.test(text[s - 2] as string)) break;
    s--;
  }
  let e = end;
  while (e < text.length) {
    const c = text[e] as string;
    if (c === '\n' || c === '\r') break;
    if (/[.?!;]/.test(c) && (e + 1 >= text.length || /\s/.test(text[e + 1] as string))) {
      e++;
      break;
    }
    e++;
  }
  return text.slice(s, e).trim();
}
