/**
 * Span confidence: how likely the top candidate is the right code for the span.
 *
 * It starts from the top candidate's ranking score and multiplies in what makes
 * dictionary matches wrong in practice, each as a factor per class:
 * - length: one word matches inside larger phrases the lexicon does not know;
 * - ambiguity: a runner-up nearly as good as the top candidate;
 * - billable: a header is a weaker answer than a code;
 * - surface agreement (when known): the note's word is a derivation of the
 *   term's word rather than the same word ("painful" for "Pain");
 * - code class (when known): some parts of the classification are almost never
 *   what a lone word in a narrative means (a single word naming an encounter or
 *   status Z code, an external cause, an unspecified injury or poisoning).
 *
 * The factors were set from the calibration report (`eval codiesp --calibration`,
 * precision of the top code per class on the CodiEsp development set); they are
 * per class, never per word, so they carry to text none of us has seen. The
 * optional inputs default to the neutral class, so callers that know less get
 * the older estimate.
 */
import type { TermSource } from '../types.js';

/** How the matched words of a note relate to the words of the matched term. */
export type Agreement =
  /** Same words up to inflection ("fractures" / "Fracture"). */
  | 'same'
  /** A derived form of the same word: an adjective or participle for the noun ("painful" / "Pain"). */
  | 'derived'
  /** A different word that only stems alike ("cervical" / "Cervicitis", "observed" / "Observation"). */
  | 'contradicts';

export interface ConfidenceInput {
  topScore: number;
  secondScore: number;
  tokens: number;
  billable: boolean;
  /** Default 'same'. */
  agreement?: Agreement;
  /** Code of the top candidate, dotted. */
  code?: string;
  source?: TermSource;
}

export function spanConfidence(c: ConfidenceInput): number {
  const length = c.tokens >= 3 ? 1 : c.tokens === 2 ? 0.95 : 0.85;
  const margin = c.topScore - c.secondScore;
  const ambiguity = c.secondScore <= 0 ? 1 : margin >= 0.05 ? 0.95 : 0.8;
  const billable = c.billable ? 1 : 0.95;
  const agreement = AGREEMENT_FACTOR[c.agreement ?? 'same'];
  const codeClass = c.code === undefined ? 1 : codeClassFactor(c.code, c.tokens, c.source);
  return round3(Math.max(0, Math.min(1, c.topScore * length * ambiguity * billable * agreement * codeClass)));
}

export const AGREEMENT_FACTOR: Readonly<Record<Agreement, number>> = {
  same: 1,
  derived: 0.75,
  contradicts: 0.15,
};

/**
 * Factor for the part of the classification the top code is in, given how many
 * words matched. Measured precision of the top code on CodiEsp dev (one-word
 * spans): Z 0.1%, V-Y 0%, T 2.5% (against 43-63% for most disease chapters).
 */
export function codeClassFactor(code: string, tokens: number, source?: TermSource): number {
  const chapter = code.charAt(0);
  // External causes (V00-Y99) say how an injury happened; a lone phrase is never enough.
  if (chapter === 'V' || chapter === 'W' || chapter === 'X' || chapter === 'Y') return tokens >= 3 ? 0.6 : 0.25;
  if (source === 'abbreviation') return 1;
  // Z codes are encounters, statuses and histories: one word ("examination",
  // "screening", "donor") names the activity, not a fact about the patient.
  if (chapter === 'Z') return tokens === 1 ? 0.2 : 0.7;
  // Injury / poisoning codes from one generic word ("trauma", "wound", "toxic").
  if (chapter === 'T' && tokens === 1) return 0.5;
  return 1;
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
