/**
 * Span confidence: how likely the top candidate is the right code for the span.
 * Starts from the top candidate's ranking score and discounts the two things that
 * make dictionary matches wrong in practice: very short terms (one word matches
 * inside larger unrecognised phrases) and ambiguity (a runner-up nearly as good).
 * The factors are first estimates; the calibration report (eval tools) checks them.
 */
export interface ConfidenceInput {
  topScore: number;
  secondScore: number;
  tokens: number;
  billable: boolean;
}

export function spanConfidence(c: ConfidenceInput): number {
  const length = c.tokens >= 3 ? 1 : c.tokens === 2 ? 0.95 : 0.85;
  const margin = c.topScore - c.secondScore;
  const ambiguity = c.secondScore <= 0 ? 1 : margin >= 0.05 ? 0.95 : 0.8;
  const billable = c.billable ? 1 : 0.95;
  return round3(Math.max(0, Math.min(1, c.topScore * length * ambiguity * billable)));
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
