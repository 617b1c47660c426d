/** Types of the ConText rule file (data/context/rules.json) and of the engine's output. */
import type { Assertions, Genre } from '../types.js';
import type { AssertionCategory } from '../sections/types.js';

export type { AssertionCategory, Genre };

export const GENRES: readonly Genre[] = ['clinical', 'criteria'];

/** An assertion category, or one of the two structural ones. */
export type ContextCategory = AssertionCategory | 'PSEUDO' | 'TERMINATE';

export const CONTEXT_CATEGORIES: readonly ContextCategory[] = [
  'NEGATED',
  'UNCERTAIN',
  'HYPOTHETICAL',
  'HISTORICAL',
  'FAMILY',
  'PSEUDO',
  'TERMINATE',
];

/**
 * - `forward`: the scope runs from the end of the phrase towards the sentence end.
 * - `backward`: from the start of the phrase back towards the sentence start.
 * - `bidirectional`: both.
 * - `terminate`: no scope; clips the scopes of the modifiers on either side.
 * - `pseudo`: no scope and no effect; it only wins the match over the shorter
 *   trigger it contains ("no increase" hides "no", "gram negative" hides "negative").
 */
export type ContextDirection = 'forward' | 'backward' | 'bidirectional' | 'terminate' | 'pseudo';

export const CONTEXT_DIRECTIONS: readonly ContextDirection[] = [
  'forward',
  'backward',
  'bidirectional',
  'terminate',
  'pseudo',
];

export interface ContextRule {
  /** Stable id reported in a target's `rules`, e.g. `neg.no`, `hist.history_of`. */
  id: string;
  /**
   * The trigger, matched as normalised words through the shared tokenizer (case,
   * stopwords and inflection do not matter). Alternatives go in parentheses,
   * separated by `|`; an empty alternative makes the group optional:
   * `(was|were|has been) ruled out`, `(at |)risk (for|of)`.
   */
  phrase: string;
  category: ContextCategory;
  direction: ContextDirection;
  /** Maximum scope, in tokens (stopwords are not tokens), on each side the rule looks. Default: the sentence. */
  window?: number;
  /**
   * The modifier applies only to a target that lies wholly inside its scope, not
   * to one that merely overlaps it. For a prefix that denies the one word it is
   * attached to: "non-pregnant" is not pregnant, but "non-allergic rhinitis" is a
   * rhinitis. Such a modifier does not end the scope of an earlier one of its
   * category either ("no fever, non-tender abdomen or rash" denies the rash).
   * Default: false (overlap is enough).
   */
  wholeTarget?: boolean;
  /** TERMINATE rules only: the categories whose scopes it clips. Default: all of them. */
  terminates?: AssertionCategory[];
  /**
   * The genres whose text the rule reads (`detect`'s `genre` option). Default:
   * every genre. "other than" ends a negation in a clinical note ("no complaints
   * other than fatigue") but carves an exception out of an eligibility criterion
   * ("malignancy other than basal cell carcinoma"), so each reading is a rule of
   * its own genre.
   */
  genres?: Genre[];
  /** Key into the file's `sources`. */
  source: string;
  note?: string;
}

export interface RuleFile {
  format: 1;
  description?: string;
  /** Provenance: source key -> citation. */
  sources: Record<string, string>;
  rules: ContextRule[];
}

/** A target to assess: a half-open UTF-16 range of the text. */
export interface ContextTarget {
  start: number;
  end: number;
}

export interface TargetContext {
  assertions: Assertions;
  /** Ids of the rules (and section rules) that set any assertion, in text order, each once. */
  rules: string[];
  /** Normalised name of the section the target is in, or null before any known header. */
  section: string | null;
  /** The target is part of a section header ("illness" in "History of present illness:"): it names the section, not a finding. */
  inHeader: boolean;
}
