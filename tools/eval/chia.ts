/**
 * `eval chia`: condition-mention accuracy on Chia (clinical-trial eligibility
 * criteria, brat standoff; no codes).
 *
 * Gold: every `Condition` entity; a discontinuous entity is its fragments, and
 * its extent runs from the first start to the last end. Predicted: every span of
 * `engine.detect`. Texts are read without newline translation, so offsets count
 * `\r` as the annotations do.
 *
 * - exact:   a prediction and a gold condition have the same extent;
 * - overlap: a prediction shares a character with a fragment of the condition.
 * Precision counts predictions that match some condition, recall conditions
 * matched by some prediction (each side on its own, the usual lenient scoring).
 *
 * Negation accuracy is measured on the conditions a prediction overlaps (the
 * prediction with the most shared characters speaks for it). Gold negation:
 * a `Has_negation` relation from the condition (`direct`), or from a `Scope`
 * entity whose range contains the condition (`direct+scope`). Chia negates
 * about 4% of conditions, so the report gives negation precision / recall next
 * to accuracy and the accuracy of always answering "affirmed". A third line,
 * `no exceptions`, leaves out the cues that mark an exception to a criterion
 * (see EXCEPTION_CUES): Chia annotates them as Negation, ConText does not.
 *
 * The engine reads the texts as eligibility criteria (`genre: 'criteria'`, where
 * an exception cue sets `negated`: the criterion leaves the condition out) unless
 * `--genre clinical` is given. Negation is also scored on two folds of trials
 * (folds.ts, keyed by the NCT id so a trial's inclusion and exclusion texts stay
 * together): read fold A's errors, judge on fold B.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Genre, Span } from '../../src/types.js';
import { FOLDS, foldOf, type Fold } from './folds.js';
import { AssertionProvider, type AssertionSource } from './assertions.js';
import { DEFAULT_SWEEP, memoizeDetector, type Detector } from './codiesp.js';
import { formatPrf, numberFlag, overlapLength, overlaps, parseFlags, prf, sentenceAround, toJsonl, type Prf, type Range } from './metrics.js';

export interface BratEntity {
  id: string;
  type: string;
  fragments: Range[];
  start: number;
  end: number;
  text: string;
}

export interface BratRelation {
  type: string;
  arg1: string;
  arg2: string;
}

export interface ChiaCondition extends BratEntity {
  negatedDirect: boolean;
  negatedScope: boolean;
  /** Text of the Negation cues that negate it, directly or through a Scope (for error reports). */
  negationCues: string[];
}

/**
 * Chia's Negation entities also mark exceptions to a criterion: "malignancy other
 * than basal cell carcinoma", "except", "unless", "is allowed" (its README says
 * so). What follows such a cue is not denied to the patient: the criterion just
 * leaves it out, and in clinical prose "no complaints other than fatigue" affirms
 * fatigue, which is why ConText, NegEx and this engine (term.but) end a negation
 * there instead. Scoring them as negations would score the criterion's logic,
 * not the negation of a finding, so the `no exceptions` line counts a condition
 * as negated only through a cue outside this list. Lower case, blanks collapsed;
 * 'other' and 'exception' are the halves of discontinuous cues.
 */
export const EXCEPTION_CUES: ReadonlySet<string> = new Set([
  'except',
  'except for',
  'excepting',
  'exception',
  'with the exception of',
  'other',
  'other than',
  'besides',
  'apart from',
  'aside from',
  'in addition to',
  'excluding',
  'exclude',
  'excluded',
  'unless',
  'allowed',
  'is allowed',
  'are allowed',
  'allowable',
  'is allowable',
  'authorized',
  'permitted',
  'is permitted',
]);

export function isExceptionCue(cue: string): boolean {
  return EXCEPTION_CUES.has(cue.trim().toLowerCase().replace(/\s+/g, ' '));
}

export interface ChiaDoc {
  id: string;
  text: string;
  conditions: ChiaCondition[];
  /** Every other entity, to say what a false alarm hit instead. */
  others: BratEntity[];
}

/** Parses a brat .ann file: entities and binary relations (other lines are ignored). */
export function parseAnn(ann: string): { entities: BratEntity[]; relations: BratRelation[] } {
  const entities: BratEntity[] = [];
  const relations: BratRelation[] = [];
  for (const line of ann.split(/\r?\n/)) {
    const cells = line.split('\t');
    const id = cells[0] ?? '';
    if (id.startsWith('T')) {
      const head = cells[1] ?? '';
      const sp = head.indexOf(' ');
      if (sp < 0) continue;
      const type = head.slice(0, sp);
      const fragments: Range[] = [];
      for (const part of head.slice(sp + 1).split(';')) {
        const [s, e] = part.trim().split(/\s+/).map(Number);
        if (s !== undefined && e !== undefined && Number.isInteger(s) && Number.isInteger(e) && e >= s) fragments.push({ start: s, end: e });
      }
      if (fragments.length === 0) continue;
      entities.push({
        id,
        type,
        fragments,
        start: Math.min(...fragments.map((f) => f.start)),
        end: Math.max(...fragments.map((f) => f.end)),
        text: cells[2] ?? '',
      });
    } else if (id.startsWith('R')) {
      const m = /^(\S+)\s+Arg1:(\S+)\s+Arg2:(\S+)/.exec(cells[1] ?? '');
      if (m !== null) relations.push({ type: m[1] as string, arg1: m[2] as string, arg2: m[3] as string });
    }
  }
  return { entities, relations };
}

export function chiaDocFrom(id: string, text: string, ann: string): ChiaDoc {
  const { entities, relations } = parseAnn(ann);
  const byId = new Map(entities.map((e) => [e.id, e]));
  const negatedDirect = new Map<string, string[]>();
  const negatedScopes: Array<{ scope: BratEntity; cue: string }> = [];
  for (const r of relations) {
    if (r.type !== 'Has_negation') continue;
    const target = byId.get(r.arg1);
    if (target === undefined) continue;
    const cue = byId.get(r.arg2)?.text ?? '';
    if (target.type === 'Scope') negatedScopes.push({ scope: target, cue });
    else negatedDirect.set(target.id, [...(negatedDirect.get(target.id) ?? []), cue]);
  }
  const conditions: ChiaCondition[] = [];
  const others: BratEntity[] = [];
  for (const e of entities) {
    if (e.type !== 'Condition') {
      others.push(e);
      continue;
    }
    const scopes = negatedScopes.filter(({ scope }) => scope.start <= e.start && e.end <= scope.end);
    conditions.push({
      ...e,
      negatedDirect: negatedDirect.has(e.id),
      negatedScope: scopes.length > 0,
      negationCues: [...(negatedDirect.get(e.id) ?? []), ...scopes.map((s) => s.cue)],
    });
  }
  return { id, text, conditions, others };
}

export function readChiaDocs(dir: string, limit = Infinity): ChiaDoc[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .slice(0, limit)
    .map((f) => {
      const stem = basename(f, '.txt');
      // 'utf8' decoding keeps \r: Node never translates newlines.
      const text = readFileSync(join(dir, f), 'utf8');
      let ann = '';
      try {
        ann = readFileSync(join(dir, `${stem}.ann`), 'utf8');
      } catch {
        // a text without annotations has no gold conditions
      }
      return chiaDocFrom(stem, text, ann);
    });
}

export interface NegationScores {
  /** Conditions overlapped by a prediction, i.e. the ones scored. */
  n: number;
  accuracy: number;
  /** Accuracy of always answering "affirmed" on the same conditions. */
  majorityAccuracy: number;
  negation: Prf;
}

export interface ChiaReport {
  documents: number;
  goldConditions: number;
  predictedSpans: number;
  minScore: number;
  exact: Prf;
  overlap: Prf;
  assertions: AssertionSource;
  /** `noExceptions`: direct+scope, a condition negated only by exception cues counted as not negated. */
  negation: {
    direct: NegationScores;
    directOrScope: NegationScores;
    noExceptions: NegationScores;
    /** direct+scope and no-exceptions on each fold of trials. */
    folds: Record<Fold, { directOrScope: NegationScores; noExceptions: NegationScores }>;
  } | null;
  /**
   * Predictions that overlap no condition, by the type of gold entity they overlap
   * instead ('none': no entity); a prediction over several types counts for each.
   */
  falseAlarmsByEntityType: Record<string, number>;
  /** Span scores at other minimum scores, when asked for. */
  sweep?: Array<{ minScore: number; exact: Prf; overlap: Prf }>;
}

/** The fold of a Chia document: its trial's, so NCT..._inc and NCT..._exc go together. */
export function chiaFold(docId: string): Fold {
  return foldOf(docId.replace(/_(inc|exc)$/, ''));
}

export interface ChiaError {
  doc: string;
  fold: Fold;
  kind: 'miss' | 'false-alarm' | 'negation';
  text: string;
  start: number;
  end: number;
  sentence: string;
  /** False alarms: top code, its term and source; the gold entity types overlapped. */
  code?: string;
  term?: string;
  source?: string;
  score?: number;
  overlapsTypes?: string[];
  /** Misses: predictions that partly overlap the condition's extent. */
  partial?: string[];
  /** Negation errors: gold and predicted, the gold cues and the rules that fired on the prediction. */
  goldNegated?: boolean;
  predictedNegated?: boolean;
  goldCues?: string[];
  rules?: string[];
}

function negationScores(pairs: ReadonlyArray<[boolean, boolean]>): NegationScores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const [g, p] of pairs) {
    if (g && p) tp++;
    else if (p) fp++;
    else if (g) fn++;
    else tn++;
  }
  const n = pairs.length;
  return { n, accuracy: n === 0 ? 0 : (tp + tn) / n, majorityAccuracy: n === 0 ? 0 : (fp + tn) / n, negation: prf(tp, fp, fn) };
}

const overlapsCondition = (span: Range, c: BratEntity): boolean => c.fragments.some((f) => overlaps(span, f));
const sharedChars = (span: Range, c: BratEntity): number => c.fragments.reduce((a, f) => a + overlapLength(span, f), 0);

export function evaluateChia(
  detector: Detector,
  docs: readonly ChiaDoc[],
  opts: { minScore?: number; errors?: boolean; assertions?: AssertionProvider; sweep?: readonly number[] } = {},
): { report: ChiaReport; errors: ChiaError[] } {
  const minScore = opts.minScore ?? 0;
  const provider = opts.assertions ?? AssertionProvider.engineOnly();
  if (opts.sweep !== undefined && opts.sweep.length > 0) {
    // Detect each document once; every threshold reads the same spans.
    const cached = memoizeDetector(detector);
    const main = evaluateChia(cached, docs, { ...opts, sweep: [] });
    main.report.sweep = opts.sweep.map((t) => {
      const r = evaluateChia(cached, docs, { minScore: t, assertions: provider }).report;
      return { minScore: t, exact: r.exact, overlap: r.overlap };
    });
    return main;
  }
  let gold = 0;
  let predicted = 0;
  let exactPred = 0;
  let exactGold = 0;
  let overlapPred = 0;
  let overlapGold = 0;
  const direct: Array<[boolean, boolean]> = [];
  const scoped: Array<[boolean, boolean]> = [];
  const noExceptions: Array<[boolean, boolean]> = [];
  const foldPairs: Record<Fold, { scoped: Array<[boolean, boolean]>; noExceptions: Array<[boolean, boolean]> }> = {
    A: { scoped: [], noExceptions: [] },
    B: { scoped: [], noExceptions: [] },
  };
  const byType: Record<string, number> = {};
  const errors: ChiaError[] = [];

  for (const doc of docs) {
    const fold = chiaFold(doc.id);
    const spans = detector.detect(doc.text).filter((s) => s.score >= minScore);
    const assertions = provider.of(doc.text, spans);
    gold += doc.conditions.length;
    predicted += spans.length;
    spans.forEach((s) => {
      if (doc.conditions.some((c) => c.start === s.start && c.end === s.end)) exactPred++;
      if (doc.conditions.some((c) => overlapsCondition(s, c))) {
        overlapPred++;
        return;
      }
      const types = [...new Set(doc.others.filter((o) => o.type !== 'Scope' && o.fragments.some((f) => overlaps(s, f))).map((o) => o.type))].sort();
      for (const t of types.length === 0 ? ['none'] : types) byType[t] = (byType[t] ?? 0) + 1;
      if (opts.errors === true) {
        errors.push({
          doc: doc.id,
          fold,
          kind: 'false-alarm',
          text: s.text,
          start: s.start,
          end: s.end,
          sentence: sentenceAround(doc.text, s.start, s.end),
          code: s.concepts[0]?.code,
          term: s.term,
          source: s.source,
          score: s.score,
          overlapsTypes: types,
        });
      }
    });
    for (const c of doc.conditions) {
      if (spans.some((s) => s.start === c.start && s.end === c.end)) exactGold++;
      let best = -1;
      let bestShared = 0;
      spans.forEach((s, i) => {
        if (!overlapsCondition(s, c)) return;
        const shared = sharedChars(s, c);
        if (shared > bestShared) {
          best = i;
          bestShared = shared;
        }
      });
      if (best < 0) {
        if (opts.errors === true) {
          errors.push({
            doc: doc.id,
            fold,
            kind: 'miss',
            text: c.text,
            start: c.start,
            end: c.end,
            sentence: sentenceAround(doc.text, c.start, c.end),
            partial: spans.filter((s) => overlaps(s, c)).map((s) => (s as Span).text),
          });
        }
        continue;
      }
      overlapGold++;
      const a = assertions[best];
      if (a === undefined) continue;
      direct.push([c.negatedDirect, a.negated]);
      scoped.push([c.negatedDirect || c.negatedScope, a.negated]);
      const plain = c.negationCues.some((cue) => !isExceptionCue(cue));
      noExceptions.push([plain, a.negated]);
      foldPairs[fold].scoped.push([c.negatedDirect || c.negatedScope, a.negated]);
      foldPairs[fold].noExceptions.push([plain, a.negated]);
      if (opts.errors === true && a.negated !== (c.negatedDirect || c.negatedScope)) {
        errors.push({
          doc: doc.id,
          fold,
          kind: 'negation',
          text: c.text,
          start: c.start,
          end: c.end,
          sentence: sentenceAround(doc.text, c.start, c.end),
          goldNegated: c.negatedDirect || c.negatedScope,
          predictedNegated: a.negated,
          goldCues: c.negationCues,
          rules: (spans[best] as Span).rules ?? [],
        });
      }
    }
  }
  const source = provider.source;
  return {
    report: {
      documents: docs.length,
      goldConditions: gold,
      predictedSpans: predicted,
      minScore,
      exact: lenient(exactPred, predicted, exactGold, gold),
      overlap: lenient(overlapPred, predicted, overlapGold, gold),
      assertions: source,
      negation:
        source === 'unavailable'
          ? null
          : {
              direct: negationScores(direct),
              directOrScope: negationScores(scoped),
              noExceptions: negationScores(noExceptions),
              folds: {
                A: { directOrScope: negationScores(foldPairs.A.scoped), noExceptions: negationScores(foldPairs.A.noExceptions) },
                B: { directOrScope: negationScores(foldPairs.B.scoped), noExceptions: negationScores(foldPairs.B.noExceptions) },
              },
            },
      falseAlarmsByEntityType: Object.fromEntries(Object.entries(byType).sort((x, y) => y[1] - x[1])),
    },
    errors,
  };
}

/**
 * Lenient counts: precision from the predictions that match, recall from the
 * conditions that are matched. tp is reported as the matched conditions, fp as
 * the unmatched predictions and fn as the unmatched conditions.
 */
function lenient(predMatched: number, predicted: number, goldMatched: number, gold: number): Prf {
  const precision = predicted === 0 ? 0 : predMatched / predicted;
  const recall = gold === 0 ? 0 : goldMatched / gold;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp: goldMatched, fp: predicted - predMatched, fn: gold - goldMatched, precision, recall, f1 };
}

function formatNegation(label: string, s: NegationScores): string {
  return `  ${label.padEnd(14)} n ${s.n}  accuracy ${s.accuracy.toFixed(3)} (always-affirmed ${s.majorityAccuracy.toFixed(3)})  negated P ${s.negation.precision.toFixed(3)} R ${s.negation.recall.toFixed(3)} F1 ${s.negation.f1.toFixed(3)}`;
}

export function formatChiaReport(r: ChiaReport): string {
  const out: string[] = [];
  out.push(`Chia: ${r.documents} documents, ${r.goldConditions} gold conditions, ${r.predictedSpans} predicted spans, min score ${r.minScore}`);
  out.push(formatPrf('exact', r.exact));
  out.push(formatPrf('overlap', r.overlap));
  out.push('');
  if (r.negation === null) out.push('negation: unavailable (the engine did not set span.assertions; try --context-module)');
  else {
    out.push(`negation on overlapped conditions (assertions: ${r.assertions}):`);
    out.push(formatNegation('direct', r.negation.direct));
    out.push(formatNegation('direct+scope', r.negation.directOrScope));
    out.push(formatNegation('no exceptions', r.negation.noExceptions));
    for (const fold of FOLDS) {
      const f = r.negation.folds[fold];
      out.push(formatNegation(`${fold}: d+scope`, f.directOrScope));
      out.push(formatNegation(`${fold}: no exc.`, f.noExceptions));
    }
  }
  if (r.sweep !== undefined && r.sweep.length > 0) {
    out.push('');
    out.push('by minimum span score:   exact P / R / F1       overlap P / R / F1');
    for (const p of r.sweep) {
      const f = (m: Prf) => `${m.precision.toFixed(3)} / ${m.recall.toFixed(3)} / ${m.f1.toFixed(3)}`;
      out.push(`  min ${p.minScore.toFixed(2)}            ${f(p.exact)}    ${f(p.overlap)}`);
    }
  }
  out.push('');
  out.push(`false alarms by gold entity overlapped (top 12): ${Object.entries(r.falseAlarmsByEntityType)
    .slice(0, 12)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`);
  return out.join('\n');
}

export const CHIA_HELP = `eval chia --brat DIR [--genre G] [--min-score X] [--limit N] [--sweep] [--errors FILE] [--context-module] [--artifact FILE] [--json]
  Condition-mention accuracy on Chia (brat): exact and overlapping precision,
  recall and F1, and negation accuracy on the overlapped conditions (all
  trials, and each of two folds of trials).
  --genre G          detect's genre option: criteria (default) or clinical
  --brat DIR         folder of <doc>.txt + <doc>.ann (shared/eval/chia/brat)
  --min-score X      drop spans scored below X (default 0)
  --limit N          first N documents only (sorted by name)
  --sweep            also score minimum span scores ${DEFAULT_SWEEP.join(', ')}
  --errors FILE      write misses, false alarms and negation errors, one JSON object per line
  --context-module   when the engine sets no span.assertions, run the context module on the spans
  --artifact FILE    compiled lexicon (default data/icd10cm/icd10cm.bin)
  --json             print the metrics as one JSON object on the last line`;

export async function chiaCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${CHIA_HELP}\n`);
    return 0;
  }
  let flags;
  try {
    flags = parseFlags(args, ['brat', 'genre', 'min-score', 'limit', 'errors', 'artifact'], ['sweep', 'context-module', 'json']);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${CHIA_HELP}\n`);
    return 2;
  }
  const dir = flags.values.get('brat');
  if (dir === undefined) {
    process.stderr.write(`--brat is required\n${CHIA_HELP}\n`);
    return 2;
  }
  const genre = flags.values.get('genre') ?? 'criteria';
  if (genre !== 'criteria' && genre !== 'clinical') {
    process.stderr.write(`--genre: unknown genre ${genre} (criteria, clinical)\n${CHIA_HELP}\n`);
    return 2;
  }
  const { loadEngine } = await import('../../src/engine.js');
  const artifactPath = flags.values.get('artifact');
  const engine = await loadEngine(artifactPath === undefined ? {} : { artifactPath });
  const provider = await AssertionProvider.create(flags.switches.has('context-module'));
  const errorsFile = flags.values.get('errors');
  const detector = { detect: (text: string) => engine.detect(text, { genre: genre as Genre }), lookup: (code: string) => engine.lookup(code) };
  const { report, errors } = evaluateChia(detector, readChiaDocs(dir, numberFlag(flags, 'limit', Infinity, 1, Infinity)), {
    minScore: numberFlag(flags, 'min-score', 0, 0, 1),
    errors: errorsFile !== undefined,
    assertions: provider,
    sweep: flags.switches.has('sweep') ? DEFAULT_SWEEP : [],
  });
  process.stdout.write(`${formatChiaReport(report)}\n`);
  if (errorsFile !== undefined) {
    writeFileSync(errorsFile, toJsonl(errors));
    process.stdout.write(`errors: ${errors.length} rows -> ${errorsFile}\n`);
  }
  if (flags.switches.has('json')) process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}
