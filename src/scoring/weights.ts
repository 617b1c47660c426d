/**
 * How much each kind of release term is trusted to name its code. A code's own
 * long description is the strongest evidence. Where the Alphabetic Index and a
 * Tabular inclusion term give the same words different codes, the Index wins, as
 * it does for a coder, who looks a term up in the Index and checks the code in
 * the Tabular: "Hepatitis B" is the Index's B19.10, not B16.9, whose inclusion
 * list still says "Hepatitis B (acute) (viral) NOS". See-references, table
 * rows (drugs, neoplasms) and the external-cause index are weaker. Used at build
 * time to rank candidates within a pattern.
 */
import type { TermSource } from '../types.js';

export const SOURCE_WEIGHT: Readonly<Record<TermSource, number>> = {
  description: 1.0,
  index: 0.97,
  inclusion: 0.96,
  'short-description': 0.94,
  abbreviation: 0.92,
  'index-see': 0.88,
  'external-cause': 0.86,
  neoplasm: 0.86,
  drug: 0.82,
};

/**
 * Which term stands for a code that several terms of one pattern name: the
 * release's own wording first, so the scan-time review compares the note with
 * "Pulmonary infiltrate" (an inclusion term), not with the Index path
 * "pulmonary infiltration" that compiles to the same pattern.
 */
export const TERM_PREFERENCE: Readonly<Record<TermSource, number>> = {
  description: 9,
  inclusion: 8,
  'short-description': 7,
  index: 6,
  abbreviation: 5,
  'index-see': 4,
  'external-cause': 3,
  neoplasm: 2,
  drug: 1,
};

/** A header that cannot be billed is a weaker answer than a billable code. */
export const NON_BILLABLE_FACTOR = 0.9;
/** Extra credit when several independent sources name the same code. */
export const AGREEMENT_BONUS = 0.02;
