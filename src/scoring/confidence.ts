/**
 * Span confidence: how likely the top candidate is the right code for the span.
 *
 * Two estimates, by what the caller knows:
 *
 * - Calibrated (the caller passes `source` and `code`; the span review in
 *   refine.ts does): a logistic model over classes of evidence, fitted to the
 *   precision of the top code per class on the CodiEsp development set
 *   (`eval codiesp --calibration`, span correct when its code or the
 *   older-edition code it stands for is in the document's gold set). Classes,
 *   never words: how many words matched, which kind of release term, whether
 *   the note's word is a derived form of the term's, whether the code is an
 *   encounter/status Z code, an external cause or a one-word injury, a header,
 *   and whether a runner-up candidate is nearly as good. A score of s means
 *   about s of such spans were right on that set; no class reaches 0.9 there
 *   (the best, three words or more from a code title, is about 0.85).
 * - Prior (only the ranking inputs are known): the top candidate's ranking
 *   score discounted for short terms, ambiguity and headers.
 */
import type { TermSource } from '../types.js';

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

/**
 * Log-odds of the calibrated model, per class (fitted on 7,721 spans of CodiEsp
 * dev with the review applied; values rounded). The intercept is a one-word
 * match of a code title.
 */
export const CALIBRATION = {
  intercept: 1.2,
  twoWords: -0.4,
  threeOrMoreWords: 0.23,
  source: {
    description: 0,
    'short-description': -0.95,
    inclusion: -0.37,
    index: -0.51,
    'index-see': -0.56,
    'external-cause': -0.72,
    neoplasm: 0.54,
    drug: -0.72,
    abbreviation: -0.48,
  } satisfies Record<TermSource, number>,
  /** One word from the index or an inclusion list: often the head of a phrase the lexicon does not know. */
  oneWordIndexTerm: -1.03,
  derived: -1.0,
  /** The word only stems like the term's: kept for callers that do not drop such spans. */
  contradicts: -3.5,
  /** Encounter, status and history codes: "examination", "screening", "donor". */
  zCodeOneWord: -2.54,
  zCodeLonger: -1.9,
  /** External causes (V00-Y99) say how an injury happened. */
  externalCause: -1.59,
  /** "trauma", "wound", "toxic". */
  injuryOneWord: -0.69,
  notBillable: -0.77,
  /** A runner-up within 0.05 of the top ranking score. */
  closeRunnerUp: -0.87,
} as const;

function calibratedConfidence(c: ConfidenceInput, code: string, source: TermSource): number {
  const k = CALIBRATION;
  const one = c.tokens <= 1;
  const chapter = code.charAt(0);
  const listed = source === 'abbreviation';
  let z = k.intercept + k.source[source];
  if (c.tokens === 2) z += k.twoWords;
  else if (c.tokens >= 3) z += k.threeOrMoreWords;
  if (one && (source === 'index' || source === 'index-see' || source === 'inclusion')) z += k.oneWordIndexTerm;
  if (c.agreement === 'derived') z += k.derived;
  else if (c.agreement === 'contradicts') z += k.contradicts;
  if (chapter === 'Z' && !listed) z += one ? k.zCodeOneWord : k.zCodeLonger;
  if (chapter === 'V' || chapter === 'W' || chapter === 'X' || chapter === 'Y') z += k.externalCause;
  if (chapter === 'T' && one) z += k.injuryOneWord;
  if (!c.billable) z += k.notBillable;
  if (c.secondScore > 0 && c.topScore - c.secondScore < 0.05) z += k.closeRunnerUp;
  return clamp(1 / (1 + Math.exp(-z)));
}

function clamp(x: number): number {
  return round3(Math.max(0, Math.min(1, x)));
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
