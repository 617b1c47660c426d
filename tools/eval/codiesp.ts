/**
 * `eval codiesp`: document-level coding accuracy on CodiEsp-D (English machine
 * translation of the case reports, gold ICD-10 diagnosis codes per document).
 *
 * A document's predicted codes are the top codes of its spans; each code's
 * confidence is the best span score naming it, and that confidence orders the
 * ranked list for MAP. Codes compare upper-cased without the dot; categories are
 * their first three characters.
 *
 * Prediction sets scored:
 * - all:          every span (the gold includes negated mentions, see the data README);
 * - non-negated:  spans whose assertions say not negated;
 * - affirmed:     spans affirmed for the patient now (no assertion set at all).
 * The last two need assertions (engine, or the context module with
 * `--context-module`); without them they are reported as unavailable.
 *
 * Metrics: micro precision / recall / F1 over (document, code) pairs, on full
 * codes and on categories; MAP as the CodiEsp scorer computes it (trec_eval
 * average precision per document with at least one gold code, unretrieved gold
 * codes counting zero, averaged over those documents). A second full-code line
 * applies the data set's 7th-character convention: the coders wrote injury
 * codes without their 7th character (`s02.0xx`), so a predicted S02.0XXA
 * counts for a gold s02.0xx of the same document (reported apart, never mixed
 * into the headline numbers). A third line converts the gold to the codes of
 * the release the engine was built from, with the same completion rules the
 * lexicon builder applies to the release's own incomplete codes (src/lexicon/
 * remap.ts): CodiEsp was coded with an older edition, in which some of today's
 * headers were codes (R51 is now R51.9, M54.5 is M54.50, T14.90 is T14.90XA).
 * A fourth, diagnostic line lets a predicted code count for any gold code that
 * is its ancestor, which is more lenient than any edition change.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DetectOptions, Span } from '../../src/types.js';
import { AssertionProvider, isAffirmed, type AssertionSource } from './assertions.js';
import {
  addSetCounts,
  averagePrecision,
  calibrationTable,
  expectedCalibrationError,
  formatCalibration,
  formatPrf,
  mean,
  numberFlag,
  parseFlags,
  prf,
  sentenceAround,
  toJsonl,
  type CalibrationBin,
  type Prf,
} from './metrics.js';

/** What the evaluation needs from an engine (the real Engine satisfies it). */
export interface Detector {
  detect(text: string, options?: DetectOptions): Span[];
  lookup?(code: string): { description: string } | null;
}

/** A detector that runs once per distinct text, so a threshold sweep re-reads the same spans. */
export function memoizeDetector(detector: Detector): Detector {
  const cache = new Map<string, Span[]>();
  return {
    detect: (text) => {
      let spans = cache.get(text);
      if (spans === undefined) cache.set(text, (spans = detector.detect(text)));
      return spans;
    },
    lookup: (code) => detector.lookup?.(code) ?? null,
  };
}

export interface CodiespDoc {
  id: string;
  text: string;
}

/** Gold codes per document (normalised: upper case, no dot) and, when known, Spanish evidence per code. */
export interface CodiespGold {
  codes: Map<string, Set<string>>;
  evidence: Map<string, Map<string, string[]>>;
}

export const VARIANTS = ['all', 'nonNegated', 'affirmed'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface VariantScores {
  available: boolean;
  full: Prf;
  /** Full codes with the gold 7th-character convention applied (see the module comment). */
  fullSeventhLenient: Prf;
  /** Gold codes converted to the release's edition (see the module comment); absent without a code list. */
  fullEdition?: Prf;
  /** Diagnostic: a predicted code also counts for a gold ancestor of it (older-edition codes). */
  fullAncestorLenient: Prf;
  category: Prf;
  map: number;
  mapCategory: number;
}

export interface ClassCalibration {
  n: number;
  meanScore: number;
  full: number;
  lenient: number;
  category: number;
}

export interface CodiespReport {
  documents: number;
  goldCodes: number;
  minScore: number;
  assertions: AssertionSource;
  variants: Record<Variant, VariantScores>;
  /** Span-level: does the span's top code (or its category) occur in the document's gold set? */
  calibration: {
    spans: number;
    bins: CalibrationBin[];
    eceFull: number;
    eceLenient: number;
    eceCategory: number;
    bySource: Record<string, ClassCalibration>;
    byLength: Record<string, ClassCalibration>;
  };
  /** Scores at other minimum scores, when asked for. */
  sweep?: SweepPoint[];
}

export interface CodiespError {
  doc: string;
  kind: 'miss' | 'false-alarm';
  code: string;
  description: string;
  /** False alarms: best span score; misses: 0. */
  score: number;
  /** False alarms: span text, matched release term and its source; the sentence; how many spans named the code. */
  span?: string;
  term?: string;
  source?: string;
  sentence?: string;
  spans?: number;
  negated?: boolean;
  /** False alarms: the category is in the gold set; misses: predicted codes of the same category. */
  categoryInGold?: boolean;
  sameCategoryPredicted?: string[];
  /** Misses: the Spanish evidence text(s) from CodiEsp-X. */
  evidence?: string[];
}

export const normCode = (c: string): string => c.trim().toUpperCase().replace('.', '');
const category = (c: string): string => c.slice(0, 3);

export function readCodiespGold(goldFile: string, evidenceFile?: string): CodiespGold {
  const codes = new Map<string, Set<string>>();
  for (const line of readFileSync(goldFile, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const [doc, code] = line.split('\t');
    if (doc === undefined || code === undefined) throw new Error(`${goldFile}: malformed row ${JSON.stringify(line)}`);
    let set = codes.get(doc);
    if (set === undefined) codes.set(doc, (set = new Set()));
    set.add(normCode(code));
  }
  const evidence = new Map<string, Map<string, string[]>>();
  if (evidenceFile !== undefined && existsSync(evidenceFile)) {
    for (const line of readFileSync(evidenceFile, 'utf8').split(/\r?\n/)) {
      const [doc, label, code, ref] = line.split('\t');
      if (doc === undefined || label !== 'DIAGNOSTICO' || code === undefined || ref === undefined) continue;
      let m = evidence.get(doc);
      if (m === undefined) evidence.set(doc, (m = new Map()));
      const c = normCode(code);
      m.set(c, [...(m.get(c) ?? []), ref]);
    }
  }
  return { codes, evidence };
}

export function readCodiespTexts(dir: string, limit = Infinity): CodiespDoc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, limit)
    .map((f) => ({ id: basename(f, '.txt'), text: readFileSync(join(dir, f), 'utf8') }));
}

interface Prediction {
  code: string;
  score: number;
  /** Text order of the first span naming the code: the tie-break for equal scores. */
  first: number;
  spans: Span[];
  negated: boolean;
}

/** Codes of the spans, best confidence first (ties: earlier in the text first). */
function rankCodes(spans: readonly Span[], keep: (i: number) => boolean, negated: (i: number) => boolean): Prediction[] {
  const byCode = new Map<string, Prediction>();
  spans.forEach((s, i) => {
    if (!keep(i)) return;
    const top = s.concepts[0];
    if (top === undefined) return;
    const code = normCode(top.code);
    const p = byCode.get(code);
    if (p === undefined) byCode.set(code, { code, score: s.score, first: i, spans: [s], negated: negated(i) });
    else {
      p.score = Math.max(p.score, s.score);
      p.spans.push(s);
      p.negated &&= negated(i);
    }
  });
  return [...byCode.values()].sort((a, b) => b.score - a.score || a.first - b.first);
}

/**
 * Maps a predicted 7-character code to the gold code written without its 7th
 * character (and without trailing X placeholders), when the document has one:
 * S02.0XXA -> s02.0xx or s02.0, T14.90XA -> t14.90.
 */
function seventhLenient(code: string, gold: ReadonlySet<string>): string {
  if (code.length !== 7 || gold.has(code)) return code;
  const six = code.slice(0, 6);
  if (gold.has(six)) return six;
  const bare = six.replace(/X+$/, '');
  return gold.has(bare) ? bare : code;
}

/**
 * Maps a predicted code to a gold code that is its ancestor (a prefix), when the
 * document has one: the coders used an older edition in which some of today's
 * headers were codes (R51 before R51.9 existed). A diagnostic only.
 */
function ancestorLenient(code: string, gold: ReadonlySet<string>): string {
  if (gold.has(code)) return code;
  for (let len = code.length - 1; len >= 3; len--) {
    const p = code.slice(0, len);
    if (gold.has(p)) return p;
  }
  return code;
}

function emptyAcc(): { tp: number; fp: number; fn: number } {
  return { tp: 0, fp: 0, fn: 0 };
}

export interface CodiespOptions {
  minScore?: number;
  /** Collect the per-error dump. */
  errors?: boolean;
  /** Fall back to the context module for assertions (see assertions.ts). */
  assertions?: AssertionProvider;
  /** Also score these minimum scores (each document is detected once). */
  sweep?: readonly number[];
  /** Maps a gold code (upper case, no dot) to the release's billable code for it, for the edition line. */
  goldEdition?: (code: string) => string;
}

/** Full-code and category scores of one prediction set at one minimum score. */
export interface SweepPoint {
  minScore: number;
  variant: Variant;
  full: Prf;
  category: Prf;
  map: number;
}

export const DEFAULT_SWEEP: readonly number[] = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];

export function evaluateCodiesp(
  detector: Detector,
  docs: readonly CodiespDoc[],
  gold: CodiespGold,
  opts: CodiespOptions = {},
): { report: CodiespReport; errors: CodiespError[] } {
  const minScore = opts.minScore ?? 0;
  const provider = opts.assertions ?? AssertionProvider.engineOnly();
  if (opts.sweep !== undefined && opts.sweep.length > 0) {
    // Detect each document once; every threshold reads the same spans.
    const cached = memoizeDetector(detector);
    const main = evaluateCodiesp(cached, docs, gold, { ...opts, sweep: [] });
    const sweep: SweepPoint[] = [];
    for (const t of opts.sweep) {
      const r = evaluateCodiesp(cached, docs, gold, { minScore: t, assertions: provider, ...(opts.goldEdition ? { goldEdition: opts.goldEdition } : {}) }).report;
      for (const v of VARIANTS) {
        const x = r.variants[v];
        if (x.available) sweep.push({ minScore: t, variant: v, full: x.full, category: x.category, map: x.map });
      }
    }
    main.report.sweep = sweep;
    return main;
  }
  const acc = Object.fromEntries(
    VARIANTS.map((v) => [
      v,
      { full: emptyAcc(), lenient: emptyAcc(), edition: emptyAcc(), ancestor: emptyAcc(), cat: emptyAcc(), ap: [] as number[], apCat: [] as number[] },
    ]),
  ) as Record<Variant, Record<'full' | 'lenient' | 'edition' | 'ancestor' | 'cat', ReturnType<typeof emptyAcc>> & { ap: number[]; apCat: number[] }>;
  const calibrationItems: Array<{ score: number; correct: Record<string, boolean>; source: string; tokens: string }> = [];
  const errors: CodiespError[] = [];
  let goldCodes = 0;
  const describe = (code: string): string => detector.lookup?.(code)?.description ?? '';

  for (const doc of docs) {
    const goldSet = gold.codes.get(doc.id) ?? new Set<string>();
    goldCodes += goldSet.size;
    const goldCats = new Set([...goldSet].map(category));
    const editionGold = opts.goldEdition === undefined ? goldSet : new Set([...goldSet].map(opts.goldEdition));
    const spans = detector.detect(doc.text).filter((s) => s.score >= minScore);
    const assertions = provider.of(doc.text, spans);
    const have = assertions.every((a) => a !== undefined);
    const negated = (i: number): boolean => assertions[i]?.negated === true;

    for (const s of spans) {
      const top = s.concepts[0];
      if (top === undefined) continue;
      const code = normCode(top.code);
      const words = s.text.split(/\s+/).filter((w) => w.length > 0).length;
      calibrationItems.push({
        score: s.score,
        correct: {
          full: goldSet.has(code),
          // What `eval calibrate` fits: the gold read in the release's edition, when the code list is known.
          lenient:
            opts.goldEdition === undefined
              ? goldSet.has(seventhLenient(code, goldSet)) || goldSet.has(ancestorLenient(code, goldSet))
              : goldSet.has(code) || editionGold.has(code),
          category: goldCats.has(category(code)),
        },
        source: top.source,
        tokens: words >= 3 ? '3+ words' : `${words} word${words === 1 ? '' : 's'}`,
      });
    }

    for (const v of VARIANTS) {
      const a = acc[v];
      const keep =
        v === 'all'
          ? () => true
          : v === 'nonNegated'
            ? (i: number) => assertions[i] !== undefined && !negated(i)
            : (i: number) => assertions[i] !== undefined && isAffirmed(assertions[i] as NonNullable<(typeof assertions)[number]>);
      const ranked = rankCodes(spans, keep, negated);
      const predicted = new Set(ranked.map((p) => p.code));
      addSetCounts(a.full, predicted, goldSet);
      addSetCounts(a.lenient, new Set(ranked.map((p) => seventhLenient(p.code, goldSet))), goldSet);
      addSetCounts(a.edition, predicted, editionGold);
      addSetCounts(a.ancestor, new Set(ranked.map((p) => ancestorLenient(p.code, goldSet))), goldSet);
      addSetCounts(a.cat, new Set(ranked.map((p) => category(p.code))), goldCats);
      if (goldSet.size > 0) {
        a.ap.push(averagePrecision(ranked.map((p) => p.code), goldSet));
        a.apCat.push(averagePrecision(ranked.map((p) => category(p.code)), goldCats));
      }
      if (v === 'all' && opts.errors === true) {
        for (const p of ranked) {
          if (goldSet.has(p.code)) continue;
          const s = p.spans[0] as Span;
          errors.push({
            doc: doc.id,
            kind: 'false-alarm',
            code: p.code,
            description: describe(p.code),
            score: p.score,
            span: s.text,
            term: s.term,
            source: s.source,
            sentence: sentenceAround(doc.text, s.start, s.end),
            spans: p.spans.length,
            negated: have ? p.negated : undefined,
            categoryInGold: goldCats.has(category(p.code)),
          });
        }
        for (const g of goldSet) {
          if (predicted.has(g)) continue;
          errors.push({
            doc: doc.id,
            kind: 'miss',
            code: g,
            description: describe(g),
            score: 0,
            sameCategoryPredicted: [...predicted].filter((c) => category(c) === category(g)),
            evidence: gold.evidence.get(doc.id)?.get(g) ?? [],
          });
        }
      }
    }
  }
  const assertionSource = provider.source;

  const variants = {} as Record<Variant, VariantScores>;
  for (const v of VARIANTS) {
    const a = acc[v];
    variants[v] = {
      available: v === 'all' || assertionSource !== 'unavailable',
      full: prf(a.full.tp, a.full.fp, a.full.fn),
      fullSeventhLenient: prf(a.lenient.tp, a.lenient.fp, a.lenient.fn),
      ...(opts.goldEdition === undefined ? {} : { fullEdition: prf(a.edition.tp, a.edition.fp, a.edition.fn) }),
      fullAncestorLenient: prf(a.ancestor.tp, a.ancestor.fp, a.ancestor.fn),
      category: prf(a.cat.tp, a.cat.fp, a.cat.fn),
      map: mean(a.ap),
      mapCategory: mean(a.apCat),
    };
  }
  const bins = calibrationTable(calibrationItems);
  const classTable = (key: 'source' | 'tokens'): Record<string, ClassCalibration> => {
    const out: Record<string, ClassCalibration> = {};
    const groups = new Map<string, typeof calibrationItems>();
    for (const it of calibrationItems) groups.set(it[key], [...(groups.get(it[key]) ?? []), it]);
    for (const [k, items] of [...groups.entries()].sort((x, y) => y[1].length - x[1].length)) {
      out[k] = {
        n: items.length,
        meanScore: mean(items.map((i) => i.score)),
        full: mean(items.map((i) => (i.correct.full === true ? 1 : 0))),
        lenient: mean(items.map((i) => (i.correct.lenient === true ? 1 : 0))),
        category: mean(items.map((i) => (i.correct.category === true ? 1 : 0))),
      };
    }
    return out;
  };
  return {
    report: {
      documents: docs.length,
      goldCodes,
      minScore,
      assertions: assertionSource,
      variants,
      calibration: {
        spans: calibrationItems.length,
        bins,
        eceFull: expectedCalibrationError(bins, 'full'),
        eceLenient: expectedCalibrationError(bins, 'lenient'),
        eceCategory: expectedCalibrationError(bins, 'category'),
        bySource: classTable('source'),
        byLength: classTable('tokens'),
      },
    },
    errors,
  };
}

export function formatCodiespReport(r: CodiespReport, withCalibration: boolean): string {
  const out: string[] = [];
  out.push(`CodiEsp-D: ${r.documents} documents, ${r.goldCodes} gold codes, min score ${r.minScore}, assertions: ${r.assertions}`);
  for (const v of VARIANTS) {
    const s = r.variants[v];
    out.push('');
    if (!s.available) {
      out.push(`${v}: unavailable (no assertions: the engine did not set span.assertions; try --context-module)`);
      continue;
    }
    out.push(`${v}:`);
    out.push(formatPrf('  full codes', s.full));
    out.push(formatPrf('  full, gold 7th-char conv.', s.fullSeventhLenient));
    if (s.fullEdition !== undefined) out.push(formatPrf('  full, gold in release ed.', s.fullEdition));
    out.push(formatPrf('  full, gold ancestor (diag.)', s.fullAncestorLenient));
    out.push(formatPrf('  categories (3 chars)', s.category));
    out.push(`  MAP ${s.map.toFixed(3)}  (categories ${s.mapCategory.toFixed(3)})`);
  }
  if (r.sweep !== undefined && r.sweep.length > 0) {
    out.push('');
    out.push('by minimum span score:   variant       full P / R / F1          category F1   MAP');
    for (const p of r.sweep) {
      out.push(
        `  min ${p.minScore.toFixed(2)}  ${p.variant.padEnd(12)}  ${p.full.precision.toFixed(3)} / ${p.full.recall.toFixed(3)} / ${p.full.f1.toFixed(3)}    ${p.category.f1.toFixed(3)}       ${p.map.toFixed(3)}`,
      );
    }
  }
  if (withCalibration) {
    const c = r.calibration;
    out.push('');
    out.push(`calibration (${c.spans} spans; correct = top code in the document's gold set: exactly (full), or with the`);
    out.push(`gold read in the release's edition (lenient; what \`eval calibrate\` fits), or by its category):`);
    out.push(formatCalibration(c.bins, ['full', 'lenient', 'category']));
    out.push(`expected calibration error: full ${c.eceFull.toFixed(3)}, lenient ${c.eceLenient.toFixed(3)}, category ${c.eceCategory.toFixed(3)}`);
    for (const [name, table] of [
      ['by source of the top term', c.bySource],
      ['by span length', c.byLength],
    ] as const) {
      out.push('');
      out.push(`${name}:          n   mean    full  lenient category`);
      for (const [k, t] of Object.entries(table)) {
        out.push(`  ${k.padEnd(22)} ${String(t.n).padStart(6)}  ${t.meanScore.toFixed(3)}  ${t.full.toFixed(3)}  ${t.lenient.toFixed(3)}   ${t.category.toFixed(3)}`);
      }
    }
  }
  return out.join('\n');
}

export const CODIESP_HELP = `eval codiesp --texts DIR --gold FILE [--evidence FILE] [--min-score X] [--limit N]
             [--calibration] [--sweep] [--errors FILE] [--context-module] [--artifact FILE] [--json]
             [--mode span|code] [--setting outpatient|inpatient]
  Document-level ICD-10 coding on CodiEsp-D: micro P/R/F1 on full codes and on
  3-character categories, and MAP (codes ranked by confidence), for all spans,
  non-negated spans and affirmed spans.
  --texts DIR        folder of <doc_id>.txt (e.g. shared/eval/codiesp/official_train/text_en)
  --gold FILE        doc_id<TAB>code rows (trainD.tsv)
  --evidence FILE    CodiEsp-X rows for the error dump (default: trainX.tsv next to --gold)
  --min-score X      drop spans scored below X (default 0)
  --limit N          first N documents only (sorted by id)
  --calibration      print confidence bins vs precision of the top code
  --sweep            also score minimum span scores ${DEFAULT_SWEEP.join(', ')}
  --errors FILE      write misses and false alarms, one JSON object per line
  --context-module   when the engine sets no span.assertions, run the context module on the spans
  --artifact FILE    compiled lexicon (default data/icd10cm/icd10cm.bin)
  --json             print the metrics as one JSON object on the last line
  --mode code        score the document's code set (engine.code) beside the span mode, on two folds
                     and all documents, with the codes each Guidelines rule set aside (tools/eval/codiesp-code.ts)
  --setting S        with --mode code: outpatient (default) or inpatient`;

export async function codiespCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${CODIESP_HELP}\n`);
    return 0;
  }
  let flags;
  try {
    flags = parseFlags(args, ['texts', 'gold', 'evidence', 'min-score', 'limit', 'errors', 'artifact', 'mode', 'setting'], ['calibration', 'sweep', 'context-module', 'json']);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${CODIESP_HELP}\n`);
    return 2;
  }
  const texts = flags.values.get('texts');
  const goldFile = flags.values.get('gold');
  if (texts === undefined || goldFile === undefined) {
    process.stderr.write(`--texts and --gold are required\n${CODIESP_HELP}\n`);
    return 2;
  }
  const minScore = numberFlag(flags, 'min-score', 0, 0, 1);
  const limit = numberFlag(flags, 'limit', Infinity, 1, Infinity);
  const evidenceFile = flags.values.get('evidence') ?? join(dirname(goldFile), basename(goldFile).replace(/D\.tsv$/, 'X.tsv'));
  const { loadEngine } = await import('../../src/engine.js');
  const artifactPath = flags.values.get('artifact');
  const engine = await loadEngine(artifactPath === undefined ? {} : { artifactPath });
  const mode = flags.values.get('mode') ?? 'span';
  const setting = flags.values.get('setting') ?? 'outpatient';
  if ((mode !== 'span' && mode !== 'code') || (setting !== 'outpatient' && setting !== 'inpatient')) {
    process.stderr.write(`--mode is span or code, --setting outpatient or inpatient\n${CODIESP_HELP}\n`);
    return 2;
  }
  if (mode === 'code') {
    const { evaluateCodeMode, formatCodeMode } = await import('./codiesp-code.js');
    const report = evaluateCodeMode(engine, readCodiespTexts(texts, limit), readCodiespGold(goldFile, evidenceFile), { setting, goldEdition: await editionOf(engine.buffer) });
    process.stdout.write(`${formatCodeMode(report)}\n`);
    if (flags.switches.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  }
  const provider = await AssertionProvider.create(flags.switches.has('context-module'));
  const errorsFile = flags.values.get('errors');
  const { report, errors } = evaluateCodiesp(engine, readCodiespTexts(texts, limit), readCodiespGold(goldFile, evidenceFile), {
    minScore,
    errors: errorsFile !== undefined,
    assertions: provider,
    sweep: flags.switches.has('sweep') ? DEFAULT_SWEEP : [],
    goldEdition: await editionOf(engine.buffer),
  });
  process.stdout.write(`${formatCodiespReport(report, flags.switches.has('calibration'))}\n`);
  if (errorsFile !== undefined) {
    writeFileSync(errorsFile, toJsonl(errors));
    process.stdout.write(`errors: ${errors.length} rows -> ${errorsFile}\n`);
  }
  if (flags.switches.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

/**
 * Gold code -> the billable code of the engine's release that stands for it,
 * by the lexicon builder's own completion rules (7th character 'A', the
 * unspecified child, the nearest existing ancestor). Codes that are billable
 * already, or that no rule completes, stay as they are.
 */
export async function editionOf(buffer: ArrayBufferLike): Promise<(code: string) => string> {
  const { CompiledLexicon } = await import('../../src/artifact/model.js');
  const { CodeTree } = await import('../../src/lexicon/remap.js');
  const lx = new CompiledLexicon(buffer);
  const records = [];
  for (let i = 0; i < lx.billable.length; i++) {
    const description = lx.descriptions.get(i);
    records.push({ code: lx.codes.get(i), billable: lx.billable[i] === 1, shortDescription: description, longDescription: description });
  }
  const tree = new CodeTree(records);
  const billable = new Set(records.filter((r) => r.billable).map((r) => normCode(r.code)));
  return (code) => {
    const r = tree.resolve(code);
    if (!r.ok) return code;
    const converted = normCode(r.code);
    return billable.has(converted) ? converted : code;
  };
}
