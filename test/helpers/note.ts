import type { CompiledLexicon } from '../../src/artifact/model.js';
import { Note } from '../../src/note.js';
import { DETECT_DEFAULTS, type ResolvedDetectOptions } from '../../src/options.js';
import { Tokenizer } from '../../src/text/tokens.js';
import { Vocabulary } from '../../src/text/vocabulary.js';

const tokenizers = new WeakMap<CompiledLexicon, Tokenizer>();

/** The lexicon's words, as a vocabulary a tokenizer can read with. */
export function lexiconVocabulary(lexicon: CompiledLexicon): Vocabulary {
  const words: string[] = [];
  for (let i = 0; i < lexicon.vocab.length; i++) words.push(lexicon.vocab.get(i));
  return new Vocabulary(words);
}

/** A note of `text` tokenized over `lexicon`'s words (or by `tokenizer`), as `detect` makes one. */
export function noteOf(lexicon: CompiledLexicon, text: string, options: ResolvedDetectOptions = DETECT_DEFAULTS, tokenizer?: Tokenizer): Note {
  let t = tokenizer ?? tokenizers.get(lexicon);
  if (t === undefined) {
    t = new Tokenizer(lexiconVocabulary(lexicon));
    tokenizers.set(lexicon, t);
  }
  return new Note(text, t.tokenize(text), options);
}
