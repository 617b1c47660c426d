/**
 * How much each kind of release term is trusted to name its code. A code's own
 * long description is the strongest evidence; index paths are built by us from
 * nested subterms and are a little weaker; table rows (drugs, neoplasms) are the
 * most generic. Used at build time to rank candidates within a pattern.
 */
import type { TermSource } from '../types.js';

export const SOURCE_WEIGHT: Readonly<Record<TermSource, number>> = {
  description: 1.0,
  inclusion: 0.96,
  'short-description': 0.94,
  index: 0.93,
  abbreviation: 0.92,
  'index-see': 0.88,
  'external-cause': 0.86,
  neoplasm: 0.86,
  drug: 0.82,
};

/** A header that cannot be billed is a weaker answer than a billable code. */
export const NON_BILLABLE_FACTOR = 0.9;
/** Extra credit when several independent sources name the same code. */
export const AGREEMENT_BONUS = 0.02;
