/** ConText: negated, uncertain, hypothetical, historical and family mentions. */
export type {
  AssertionCategory,
  ContextCategory,
  ContextDirection,
  ContextRule,
  ContextTarget,
  RuleFile,
  TargetContext,
} from './types.js';
export { CONTEXT_CATEGORIES, CONTEXT_DIRECTIONS } from './types.js';
export {
  DEFAULT_RULES_FILE,
  MAX_WINDOW,
  loadContextRules,
  parseContextRules,
  safeParseContextRules,
  type RuleParseResult,
} from './rules.js';
export { compileContext, ContextEngine, type CompileContextOptions } from './engine.js';
export { expandPhrase, MAX_EXPANSIONS, type PhraseResult } from './phrase.js';
export { isSentenceEnd } from './sentences.js';
