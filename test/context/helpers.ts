import { compileContext, loadContextRules, type ContextEngine, type RuleFile, type TargetContext } from '../../src/context/index.js';
import type { SectionFile } from '../../src/sections/index.js';
import { Tokenizer } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';
import type { Assertions, Genre } from '../../src/types.js';

export interface Harness {
  engine: ContextEngine;
  tokenizer: Tokenizer;
  vocab: Vocabulary;
  /** Context of the first occurrence of `target` (case-sensitive) in `text`. */
  at(text: string, target: string, occurrence?: number): TargetContext;
}

export function harness(rules: RuleFile = loadContextRules(), sections?: SectionFile | null, words: string[] = [], genre?: Genre): Harness {
  const vocab = new Vocabulary(words);
  const engine = compileContext(rules, vocab, { ...(sections === undefined ? {} : { sections }), ...(genre === undefined ? {} : { genre }) });
  const tokenizer = new Tokenizer(vocab);
  return {
    engine,
    tokenizer,
    vocab,
    at(text, target, occurrence = 0) {
      let start = -1;
      for (let k = 0; k <= occurrence; k++) start = text.indexOf(target, start + 1);
      if (start < 0) throw new Error(`fixture error: "${target}" not in "${text}"`);
      const [result] = engine.assess(text, tokenizer.tokenize(text), [{ start, end: start + target.length }]);
      return result as TargetContext;
    },
  };
}

export const NONE: Assertions = { negated: false, uncertain: false, hypothetical: false, historical: false, family: false };

/** Assertions with the named flags set. */
export function flags(...names: Array<keyof Assertions>): Assertions {
  const a = { ...NONE };
  for (const n of names) a[n] = true;
  return a;
}

/** A small rule file for scope tests, independent of the shipped rules. */
export function ruleFile(rules: RuleFile['rules']): RuleFile {
  return { format: 1, sources: { test: 'test fixture' }, rules };
}
