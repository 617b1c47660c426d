/** Types of the section rule file (data/context/sections.json). */

/** The assertion a modifier or a section can set; each maps to one flag of `Assertions`. */
export type AssertionCategory = 'NEGATED' | 'UNCERTAIN' | 'HYPOTHETICAL' | 'HISTORICAL' | 'FAMILY';

export const ASSERTION_CATEGORIES: readonly AssertionCategory[] = [
  'NEGATED',
  'UNCERTAIN',
  'HYPOTHETICAL',
  'HISTORICAL',
  'FAMILY',
];

export interface SectionRule {
  /** Stable id reported in a target's `rules` when the section sets an assertion, e.g. `sec.family_history`. */
  id: string;
  /** Normalised section name reported for every target in the section, e.g. `family_history`. */
  name: string;
  /** Header phrases, matched as normalised words like rule phrases. */
  headers: string[];
  /** Assertion set on every target in the section (family history -> FAMILY). */
  category?: AssertionCategory;
  /** Key into the file's `sources`. */
  source: string;
  note?: string;
}

export interface SectionFile {
  format: 1;
  description?: string;
  /** Provenance: source key -> citation. */
  sources: Record<string, string>;
  sections: SectionRule[];
}
