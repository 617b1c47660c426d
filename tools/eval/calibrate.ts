/**
 * `eval calibrate`: refits the span confidence model (src/scoring/confidence.ts)
 * on CodiEsp dev and, with --write, stores the coefficients in
 * data/scoring/calibration.json. A span is right when its top code is in its
 * document's gold set, read in the release's edition (see codiesp.ts). The
 * engine's own spans are scored, so the review's choices are what is fitted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../src/engine.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { surfaceAgreement } from '../../src/review/agreement.js';
import { CALIBRATION, FEATURES, calibrationFeatures, spanConfidence, type ConfidenceInput, type Feature } from '../../src/scoring/confidence.js';
import { termWords } from '../../src/text/tokens.js';
import type { Span } from '../../src/types.js';
import { editionOf, normCode, readCodiespGold, readCodiespTexts } from './codiesp.js';
import { fitLogistic, type LogisticItem } from './logistic.js';
import { calibrationTable, expectedCalibrationError, formatCalibration, numberFlag, parseFlags } from './metrics.js';

/** Classes that are not fitted: the reference class, and one the review never lets through. */
const FIXED: ReadonlySet<Feature> = new Set<Feature>(['source.description', 'contradicts']);
const CALIBRATION_FILE = join(PACKAGE_ROOT, 'data/scoring/calibration.json');

export const CALIBRATE_HELP = `eval calibrate --texts DIR --gold FILE [--lambda X] [--write] [--artifact FILE]
  Refits the span confidence model on CodiEsp dev (texts and trainD.tsv as for
  eval codiesp) and prints the calibration before and after; --write stores the
  new coefficients in data/scoring/calibration.json (rebuild with npm run build).
  --lambda X   pull of each coefficient towards its current value (default 2)`;

/** The model's input for a span, as the review computed it, read back from the span. */
export function confidenceInput(span: Span): ConfidenceInput | null {
  const top = span.concepts[0];
  if (top === undefined) return null;
  return {
    topScore: top.score,
    secondScore: span.concepts[1]?.score ?? 0,
    tokens: Math.max(1, termWords(span.text).length),
    billable: top.billable,
    agreement: surfaceAgreement(span.text, top.term),
    code: top.code,
    source: top.source,
  };
}

export async function calibrateCommand(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${CALIBRATE_HELP}\n`);
    return 0;
  }
  const flags = parseFlags(args, ['texts', 'gold', 'lambda', 'artifact'], ['write']);
  const texts = flags.values.get('texts');
  const goldFile = flags.values.get('gold');
  if (texts === undefined || goldFile === undefined) {
    process.stderr.write(`--texts and --gold are required\n${CALIBRATE_HELP}\n`);
    return 2;
  }
  const lambda = numberFlag(flags, 'lambda', 2, 0, 1e6);
  const { loadEngine } = await import('../../src/engine.js');
  const artifactPath = flags.values.get('artifact');
  const engine: Engine = await loadEngine(artifactPath === undefined ? {} : { artifactPath });
  const gold = readCodiespGold(goldFile);
  const edition = await editionOf(engine.buffer);

  const items: Array<LogisticItem & { score: number }> = [];
  let agreeing = 0;
  for (const doc of readCodiespTexts(texts, Infinity)) {
    const goldSet = gold.codes.get(doc.id) ?? new Set<string>();
    const inEdition = new Set([...goldSet].map(edition));
    for (const span of engine.detect(doc.text)) {
      const input = confidenceInput(span);
      if (input === null) continue;
      // The input is read back from the span: check it reproduces the score the review gave.
      if (spanConfidence(input) === span.score) agreeing++;
      const code = normCode(input.code as string);
      items.push({
        features: calibrationFeatures(input, input.code as string, input.source as NonNullable<ConfidenceInput['source']>).map((f) => FEATURES.indexOf(f)),
        label: goldSet.has(code) || inEdition.has(code),
        score: span.score,
      });
    }
  }
  const prior = FEATURES.map((f) => CALIBRATION[f]);
  const fixed = new Set([...FIXED].map((f) => FEATURES.indexOf(f)));
  const fitted = fitLogistic(items, prior, { lambda, fixed }).map((w) => Math.round(w * 100) / 100);
  const scoreWith = (w: readonly number[]) => (it: LogisticItem) => 1 / (1 + Math.exp(-it.features.reduce((z, j) => z + (w[j] as number), 0)));
  const before = calibrationTable(items.map((it) => ({ score: it.score, correct: { right: it.label } })));
  const after = calibrationTable(items.map((it) => ({ score: scoreWith(fitted)(it), correct: { right: it.label } })));

  const out = [
    `calibrate: ${items.length} spans; the review's score reproduced from the span for ${agreeing} (${((100 * agreeing) / Math.max(1, items.length)).toFixed(1)}%)`,
    '',
    `before (expected calibration error ${expectedCalibrationError(before, 'right').toFixed(3)}):`,
    formatCalibration(before, ['right']),
    '',
    `after (expected calibration error ${expectedCalibrationError(after, 'right').toFixed(3)}):`,
    formatCalibration(after, ['right']),
    '',
    'coefficient                 before   after',
    ...FEATURES.map((f, j) => `  ${f.padEnd(26)} ${(prior[j] as number).toFixed(2).padStart(6)}  ${(fitted[j] as number).toFixed(2).padStart(6)}${FIXED.has(f) ? '  (fixed)' : ''}`),
  ];
  process.stdout.write(`${out.join('\n')}\n`);
  if (flags.switches.has('write')) {
    const file = JSON.parse(readFileSync(CALIBRATION_FILE, 'utf8')) as { fitted: Record<string, unknown>; coefficients: Record<string, number> };
    file.fitted = { data: 'CodiEsp dev (official train), English texts, trainD.tsv', spans: items.length, date: new Date().toISOString().slice(0, 10), lambda };
    file.coefficients = Object.fromEntries(FEATURES.map((f, j) => [f, fitted[j] as number]));
    writeFileSync(CALIBRATION_FILE, `${JSON.stringify(file, null, 2)}\n`);
    process.stdout.write(`wrote ${CALIBRATION_FILE}\n`);
  }
  return 0;
}
