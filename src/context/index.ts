/** ConText: negated, uncertain, hypothetical, historical and family mentions. */
export type {
  AssertionCategory,
  ContextCategory,
  ContextDirection,
  ContextRule,
  ContextTarget,
  Genre,
  RuleFile,
  TargetContext,
} from './types.js';
export { CONTEXT_CATEGORIES, CONTEXT_DIRECTIONS, GENRES } from './types.js';
export {
  DEFAULT_RULES_FILE,
  MAX_WINDOW,
  loadContextRules,
  parseContextRules,
  rulesForGenre,
  safeParseContextRules,
  type RuleParseResult,
} from './rules.js';
export { compileContext, ContextEngine, type CompileContextOptions } from './engine.js';
export { compileGenres, type GenreEngines } from './genres.js';
export { expandPhrase, MAX_EXPANSIONS, type PhraseResult } from './phrase.js';
export { isSentenceEnd } from './sentences.js';
