/**
 * Span confidence: how likely the top candidate is the right code for the span.
 *
 * Two estimates, by what the caller knows:
 *
 * - Calibrated (the caller passes `source` and `code`; the span review in
 *   refine.ts does): a logistic model over classes of evidence, fitted to the
 *   precision of the top code per class on the CodiEsp development set
 *   (`eval calibrate`; data/scoring/calibration.json holds the coefficients and
 *   says what they were fitted on). Classes,
 *   never words: how many words matched, which kind of release term, whether
 *   the note's word is a derived form of the term's, whether the code is an
 *   encounter/status Z code, an external cause or a one-word injury, a header,
 *   and whether a runner-up candidate is nearly as good. A score of s means
 *   about s of such spans were right on that set; no class reaches 0.9 there
 *   (the best, three words or more from a code title, is about 0.85).
 * - Prior (only the ranking inputs are known): the top candidate's ranking
 *   score discounted for short terms, ambiguity and headers.
 */
import calibration from '../../data/scoring/calibration.json' with { type: 'json' };
import { TERM_SOURCES, type TermSource } from '../types.js';

/** How the matched words of a note relate to the words of the matched term. */
export type Agreement =
  /** Same words up to inflection or spelling ("fractures" / "Fracture", "oedema" / "Edema"). */
  | 'same'
  /** A derived form of the same word: an adjective for the noun ("painful" / "Pain"). */
  | 'derived'
  /** A different word that only stems alike ("cervical" / "Cervicitis", "observed" / "Observation"). */
  | 'contradicts';

export interface ConfidenceInput {
  /** Ranking score of the top candidate (build time, weights.ts). */
  topScore: number;
  /** Ranking score of the runner-up, 0 when there is none. */
  secondScore: number;
  /** Words matched (stopwords excluded). */
  tokens: number;
  billable: boolean;
  /** Default 'same'. */
  agreement?: Agreement;
  /** Dotted code of the top candidate; with `source`, selects the calibrated model. */
  code?: string;
  source?: TermSource;
}

export function spanConfidence(c: ConfidenceInput): number {
  if (c.code !== undefined && c.source !== undefined) return calibratedConfidence(c, c.code, c.source);
  const length = c.tokens >= 3 ? 1 : c.tokens === 2 ? 0.95 : 0.85;
  const margin = c.topScore - c.secondScore;
  const ambiguity = c.secondScore <= 0 ? 1 : margin >= 0.05 ? 0.95 : 0.8;
  const billable = c.billable ? 1 : 0.95;
  const agreement = c.agreement === 'contradicts' ? 0.15 : c.agreement === 'derived' ? 0.75 : 1;
  return clamp(c.topScore * length * ambiguity * billable * agreement);
}

/** The classes of evidence the calibrated model weighs; each is 0 or 1 for a span. */
export const FEATURES = [
  'intercept',
  'twoWords',
  'threeOrMoreWords',
  ...TERM_SOURCES.map((s) => `source.${s}` as const),
  /** One word from the index or an inclusion list: often the head of a phrase the lexicon does not know. */
  'oneWordIndexTerm',
  'derived',
  /** The word only stems like the term's: kept for callers that do not drop such spans. */
  'contradicts',
  /** Encounter, status and history codes: "examination", "screening", "donor". */
  'zCodeOneWord',
  'zCodeLonger',
  /** External causes (V00-Y99) say how an injury happened. */
  'externalCause',
  /** "trauma", "wound", "toxic". */
  'injuryOneWord',
  'notBillable',
  /** A runner-up within 0.05 of the top ranking score. */
  'closeRunnerUp',
] as const;

export type Feature = (typeof FEATURES)[number];

/**
 * Log-odds per class, from data/scoring/calibration.json (fitted by
 * `npm run eval -- calibrate`; the file says on what). The intercept is a
 * one-word match of a code title.
 */
export const CALIBRATION: Readonly<Record<Feature, number>> = checkCoefficients(calibration.coefficients);

function checkCoefficients(c: Record<string, number>): Record<Feature, number> {
  const missing = FEATURES.filter((f) => typeof c[f] !== 'number');
  const unknown = Object.keys(c).filter((k) => !(FEATURES as readonly string[]).includes(k));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`data/scoring/calibration.json: missing ${missing.join(', ') || 'none'}; unknown ${unknown.join(', ') || 'none'}`);
  }
  return c as Record<Feature, number>;
}

const SOURCE_FEATURE = Object.fromEntries(TERM_SOURCES.map((s) => [s, `source.${s}` as const])) as Record<TermSource, Feature>;

/**
 * Calls `visit` with each class a span falls in (value 1; every other feature
 * is 0). The scorer sums weights through it and the fitter lists them, so the
 * two cannot disagree, and scoring a span allocates nothing.
 */
function visitFeatures(c: ConfidenceInput, code: string, source: TermSource, visit: (f: Feature) => void): void {
  const one = c.tokens <= 1;
  const chapter = code.charAt(0);
  visit('intercept');
  visit(SOURCE_FEATURE[source]);
  if (c.tokens === 2) visit('twoWords');
  else if (c.tokens >= 3) visit('threeOrMoreWords');
  if (one && (source === 'index' || source === 'index-see' || source === 'inclusion')) visit('oneWordIndexTerm');
  if (c.agreement === 'derived') visit('derived');
  else if (c.agreement === 'contradicts') visit('contradicts');
  if (chapter === 'Z' && source !== 'abbreviation') visit(one ? 'zCodeOneWord' : 'zCodeLonger');
  if (chapter === 'V' || chapter === 'W' || chapter === 'X' || chapter === 'Y') visit('externalCause');
  if (chapter === 'T' && one) visit('injuryOneWord');
  if (!c.billable) visit('notBillable');
  if (c.secondScore > 0 && c.topScore - c.secondScore < 0.05) visit('closeRunnerUp');
}

/** The classes a span falls in (for the fitter, tools/eval/calibrate.ts). */
export function calibrationFeatures(c: ConfidenceInput, code: string, source: TermSource): Feature[] {
  const out: Feature[] = [];
  visitFeatures(c, code, source, (f) => out.push(f));
  return out;
}

// The sum `addWeight` builds; module state, as scoring is synchronous.
let logOdds = 0;
const addWeight = (f: Feature): void => {
  logOdds += CALIBRATION[f];
};

function calibratedConfidence(c: ConfidenceInput, code: string, source: TermSource): number {
  logOdds = 0;
  visitFeatures(c, code, source, addWeight);
  return clamp(1 / (1 + Math.exp(-logOdds)));
}

function clamp(x: number): number {
  return round3(Math.max(0, Math.min(1, x)));
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
