/**
 * One compiled context engine per genre of text. Genre is rule data (a rule's
 * `genres`), selected when the engine is compiled, so `detect` only picks the
 * engine its `genre` option names: no per-call filtering, and the scope stages
 * never look at a rule's genre.
 */
import { loadSectionRules } from '../sections/rules.js';
import type { Vocabulary } from '../text/vocabulary.js';
import { compileContext, type CompileContextOptions, type ContextEngine } from './engine.js';
import { GENRES, type Genre, type RuleFile } from './types.js';

export type GenreEngines = Readonly<Record<Genre, ContextEngine>>;

/**
 * Compiles `rules` once per genre against one vocabulary (see compileContext).
 * The section file is read and compiled once for all genres (the engines share
 * one SectionFinder): a replaced worker thread pays this at start-up.
 */
export function compileGenres(rules: RuleFile, vocab: Vocabulary, options: CompileContextOptions = {}): GenreEngines {
  const sections = options.sections === undefined ? loadSectionRules() : options.sections;
  const engines = {} as Record<Genre, ContextEngine>;
  // One section finder for all: the first genre compiles it, the others share it.
  let finder = options.finder;
  for (const genre of GENRES) {
    engines[genre] = compileContext(rules, vocab, { ...options, sections, genre, ...(finder === undefined ? {} : { finder }) });
    finder = engines[genre].sections;
  }
  return Object.freeze(engines);
}
