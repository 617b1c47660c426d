/**
 * Evaluates the context engine on the NegEx / ConText annotated test set (TSV as
 * in shared/eval/negex: id, condition, sentence, negation, temporality,
 * experiencer, target_start, target_end, sentence_group). Each row's sentence is
 * tokenized on its own and its one target assessed; rows whose target could not
 * be located (target_start -1) are counted and skipped.
 *
 * Classes scored (positive class in brackets):
 * - negation [Negated]            <- assertions.negated
 * - historical [Historical]       <- temporality label
 * - hypothetical [Not particular] <- temporality label
 * - experiencer [not Patient]     <- assertions.family
 * The predicted temporality label is `Not particular` when hypothetical, else
 * `Historical` when historical, else `Recent`, so the two temporal classes and
 * the confusion table agree.
 *
 * Folds: each sentence group goes to fold A or B by a hash of its key (folds.ts),
 * and every class is also scored per fold. Rules are written reading fold A's
 * errors (`--errors CLASS --fold A`) and judged on fold B.
 */
import { readFileSync } from 'node:fs';
import { compileContext, loadContextRules, type TargetContext } from '../../src/context/index.js';
import { loadSectionRules } from '../../src/sections/index.js';
import { Tokenizer } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';
import { FOLDS, foldOf, isFold, type Fold } from './folds.js';

export interface NegexOptions {
  /** Rule file (default: the repository's data/context/rules.json). */
  rulesPath?: string;
  /** Section file (default: the repository's data/context/sections.json). */
  sectionsPath?: string;
  /** Keep the misclassified rows of this class in the report (for finding error classes). */
  errorsFor?: NegexClass;
  /** List the errors of this fold only. */
  errorsFold?: Fold;
}

export type NegexClass = 'negation' | 'historical' | 'hypothetical' | 'experiencer';
export const NEGEX_CLASSES: readonly NegexClass[] = ['negation', 'historical', 'hypothetical', 'experiencer'];

export interface ClassScore {
  positive: string;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface NegexRow {
  id: string;
  condition: string;
  sentence: string;
  negation: string;
  temporality: string;
  experiencer: string;
  start: number;
  end: number;
  /**
   * Key of the row's sentence group: the `sentence_group` column when the file
   * has one, else the sentence itself, lower-cased with blanks collapsed (the
   * rule the column was derived by).
   */
  group: string;
}

export interface NegexError {
  id: string;
  fold: Fold;
  gold: string;
  predicted: string;
  rules: string[];
  sentence: string;
  condition: string;
}

export interface NegexReport {
  file: string;
  rows: number;
  evaluated: number;
  /** Rows with target_start -1 (condition not found in the sentence). */
  skipped: number;
  classes: Record<NegexClass, ClassScore>;
  /** The same scores on each fold of sentence groups (see folds.ts). */
  folds: Record<Fold, { evaluated: number; groups: number; classes: Record<NegexClass, ClassScore> }>;
  /** gold label -> predicted label -> count. */
  confusion: {
    negation: Record<string, Record<string, number>>;
    temporality: Record<string, Record<string, number>>;
    experiencer: Record<string, Record<string, number>>;
  };
  errors?: NegexError[];
}

const COLUMNS = ['id', 'condition', 'sentence', 'negation', 'temporality', 'experiencer', 'target_start', 'target_end'];

export function readNegexTsv(file: string): NegexRow[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const header = (lines[0] ?? '').split('\t');
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = COLUMNS.filter((c) => !col.has(c));
  if (missing.length > 0) throw new Error(`${file}: missing columns ${missing.join(', ')}`);
  const get = (cells: string[], name: string): string => cells[col.get(name) as number] ?? '';
  const rows: NegexRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const cells = line.split('\t');
    rows.push({
      id: get(cells, 'id'),
      condition: get(cells, 'condition'),
      sentence: get(cells, 'sentence'),
      negation: get(cells, 'negation'),
      temporality: get(cells, 'temporality'),
      experiencer: get(cells, 'experiencer'),
      start: Number(get(cells, 'target_start')),
      end: Number(get(cells, 'target_end')),
      group: col.has('sentence_group') ? get(cells, 'sentence_group') : get(cells, 'sentence').toLowerCase().replace(/\s+/g, ' ').trim(),
    });
  }
  return rows;
}

function temporalityOf(c: TargetContext): string {
  if (c.assertions.hypothetical) return 'Not particular';
  if (c.assertions.historical) return 'Historical';
  return 'Recent';
}

function score(positive: string, pairs: Array<[boolean, boolean]>): ClassScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const [gold, pred] of pairs) {
    if (gold && pred) tp++;
    else if (pred) fp++;
    else if (gold) fn++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { positive, tp, fp, fn, tn, precision, recall, f1 };
}

function count(table: Record<string, Record<string, number>>, gold: string, pred: string): void {
  const row = (table[gold] ??= {});
  row[pred] = (row[pred] ?? 0) + 1;
}

function scoreClasses(pairs: Record<NegexClass, Array<[boolean, boolean]>>): Record<NegexClass, ClassScore> {
  return {
    negation: score('Negated', pairs.negation),
    historical: score('Historical', pairs.historical),
    hypothetical: score('Not particular', pairs.hypothetical),
    experiencer: score('not Patient', pairs.experiencer),
  };
}

export function runNegex(file: string, opts: NegexOptions = {}): NegexReport {
  const rows = readNegexTsv(file);
  const vocab = new Vocabulary([]);
  const rules = loadContextRules(opts.rulesPath);
  const sections = loadSectionRules(opts.sectionsPath);
  // Compile first: it adds the rule words the tokenizer must know.
  // The set is clinical reports: the clinical genre's rules.
  const engine = compileContext(rules, vocab, { sections, genre: 'clinical' });
  const tokenizer = new Tokenizer(vocab);

  const emptyPairs = (): Record<NegexClass, Array<[boolean, boolean]>> => ({ negation: [], historical: [], hypothetical: [], experiencer: [] });
  const pairs = emptyPairs();
  const foldPairs: Record<Fold, Record<NegexClass, Array<[boolean, boolean]>>> = { A: emptyPairs(), B: emptyPairs() };
  const foldGroups: Record<Fold, Set<string>> = { A: new Set(), B: new Set() };
  const confusion: NegexReport['confusion'] = { negation: {}, temporality: {}, experiencer: {} };
  const errors: NegexError[] = [];
  let skipped = 0;
  for (const row of rows) {
    if (!(row.start >= 0) || !(row.end >= row.start)) {
      skipped++;
      continue;
    }
    const tokens = tokenizer.tokenize(row.sentence);
    const result = engine.assess(row.sentence, tokens, [{ start: row.start, end: row.end }])[0] as TargetContext;
    const negated = result.assertions.negated;
    const temporality = temporalityOf(result);
    const experiencer = result.assertions.family ? 'non-Patient' : 'Patient';
    const gold: Record<NegexClass, boolean> = {
      negation: row.negation === 'Negated',
      historical: row.temporality === 'Historical',
      hypothetical: row.temporality === 'Not particular',
      experiencer: row.experiencer !== 'Patient',
    };
    const pred: Record<NegexClass, boolean> = {
      negation: negated,
      historical: temporality === 'Historical',
      hypothetical: temporality === 'Not particular',
      experiencer: result.assertions.family,
    };
    const fold = foldOf(row.group);
    foldGroups[fold].add(row.group);
    for (const c of NEGEX_CLASSES) {
      pairs[c].push([gold[c], pred[c]]);
      foldPairs[fold][c].push([gold[c], pred[c]]);
    }
    count(confusion.negation, row.negation, negated ? 'Negated' : 'Affirmed');
    count(confusion.temporality, row.temporality, temporality);
    count(confusion.experiencer, row.experiencer, experiencer);
    const c = opts.errorsFor;
    if (c !== undefined && gold[c] !== pred[c] && (opts.errorsFold === undefined || opts.errorsFold === fold)) {
      const goldLabel = c === 'negation' ? row.negation : c === 'experiencer' ? row.experiencer : row.temporality;
      const predLabel = c === 'negation' ? (negated ? 'Negated' : 'Affirmed') : c === 'experiencer' ? experiencer : temporality;
      errors.push({ id: row.id, fold, gold: goldLabel, predicted: predLabel, rules: result.rules, sentence: row.sentence, condition: row.condition });
    }
  }
  const report: NegexReport = {
    file,
    rows: rows.length,
    evaluated: rows.length - skipped,
    skipped,
    classes: scoreClasses(pairs),
    folds: {
      A: { evaluated: foldPairs.A.negation.length, groups: foldGroups.A.size, classes: scoreClasses(foldPairs.A) },
      B: { evaluated: foldPairs.B.negation.length, groups: foldGroups.B.size, classes: scoreClasses(foldPairs.B) },
    },
    confusion,
  };
  if (opts.errorsFor !== undefined) report.errors = errors;
  return report;
}

const f3 = (x: number): string => x.toFixed(3);

function classTable(classes: Record<NegexClass, ClassScore>): string[] {
  const out = ['class         positive          P      R      F1     TP   FP   FN    TN'];
  for (const c of NEGEX_CLASSES) {
    const s = classes[c];
    out.push(
      `${c.padEnd(13)} ${s.positive.padEnd(15)} ${f3(s.precision)}  ${f3(s.recall)}  ${f3(s.f1)}  ${String(s.tp).padStart(4)} ${String(s.fp).padStart(4)} ${String(s.fn).padStart(4)} ${String(s.tn).padStart(5)}`,
    );
  }
  return out;
}

/** Human-readable report. */
export function formatNegexReport(r: NegexReport): string {
  const out: string[] = [];
  out.push(`NegEx evaluation: ${r.file}`);
  out.push(`rows ${r.rows}, evaluated ${r.evaluated}, skipped ${r.skipped} (target not located in the sentence: target_start -1)`);
  out.push('');
  out.push(...classTable(r.classes));
  for (const fold of FOLDS) {
    const f = r.folds[fold];
    out.push('');
    out.push(`fold ${fold}: ${f.evaluated} rows, ${f.groups} sentence groups`);
    out.push(...classTable(f.classes));
  }
  for (const [name, table] of Object.entries(r.confusion)) {
    out.push('');
    out.push(`confusion: ${name} (rows gold, columns predicted)`);
    const predicted = [...new Set(Object.values(table).flatMap((row) => Object.keys(row)))].sort();
    out.push(`${''.padEnd(16)}${predicted.map((p) => p.padStart(16)).join('')}`);
    for (const gold of Object.keys(table).sort()) {
      const row = table[gold] ?? {};
      out.push(`${gold.padEnd(16)}${predicted.map((p) => String(row[p] ?? 0).padStart(16)).join('')}`);
    }
  }
  if (r.errors !== undefined) {
    out.push('');
    out.push(`errors (${r.errors.length}):`);
    for (const e of r.errors) {
      out.push(`${e.id}\t${e.fold}\tgold=${e.gold}\tpred=${e.predicted}\t[${e.rules.join(',')}]\t${e.condition}\t${e.sentence}`);
    }
  }
  return out.join('\n');
}

export const NEGEX_HELP = `eval negex FILE [--json] [--errors CLASS [--fold A|B]] [--rules FILE] [--sections FILE]
  Scores the context rules on a NegEx-format TSV (negation, historical,
  hypothetical, experiencer: precision, recall, F1, confusion tables), on all
  rows and on each of two folds of sentence groups (split by a hash of the
  group). Write rules reading fold A's errors; judge them on fold B.
  --json           print the metrics as one JSON object on the last line
  --errors CLASS   list misclassified rows of CLASS (${NEGEX_CLASSES.join(', ')})
  --fold A|B       with --errors: list that fold's rows only
  --rules FILE     rule file (default data/context/rules.json)
  --sections FILE  section file (default data/context/sections.json)`;

/** CLI entry: returns the exit code. */
export function negexCommand(args: readonly string[]): number {
  let file: string | undefined;
  let json = false;
  const opts: NegexOptions = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--json') json = true;
    else if (a === '--errors' || a === '--rules' || a === '--sections' || a === '--fold') {
      const v = args[++i];
      if (v === undefined) {
        process.stderr.write(`${a} needs a value\n${NEGEX_HELP}\n`);
        return 2;
      }
      if (a === '--errors') {
        if (!(NEGEX_CLASSES as readonly string[]).includes(v)) {
          process.stderr.write(`--errors: unknown class ${v} (${NEGEX_CLASSES.join(', ')})\n`);
          return 2;
        }
        opts.errorsFor = v as NegexClass;
      } else if (a === '--fold') {
        if (!isFold(v)) {
          process.stderr.write(`--fold: unknown fold ${v} (${FOLDS.join(', ')})\n`);
          return 2;
        }
        opts.errorsFold = v;
      } else if (a === '--rules') opts.rulesPath = v;
      else opts.sectionsPath = v;
    } else if (a === '--help' || a === '-h') {
      process.stdout.write(`${NEGEX_HELP}\n`);
      return 0;
    } else if (a.startsWith('-')) {
      process.stderr.write(`unknown option ${a}\n${NEGEX_HELP}\n`);
      return 2;
    } else if (file === undefined) file = a;
    else {
      process.stderr.write(`unexpected argument ${a}\n${NEGEX_HELP}\n`);
      return 2;
    }
  }
  if (file === undefined) {
    process.stderr.write(`missing FILE\n${NEGEX_HELP}\n`);
    return 2;
  }
  const report = runNegex(file, opts);
  process.stdout.write(`${formatNegexReport(report)}\n`);
  if (json) {
    const { errors: _errors, ...metrics } = report;
    process.stdout.write(`${JSON.stringify(metrics)}\n`);
  }
  return 0;
}
