/**
 * A second opinion on adjectives, for build time only. The suffix rules of
 * text/word-class.ts miss adjectives of other endings ("febrile", "premature",
 * "inadequate", "senile", "dry"); wink-nlp's English model knows them from its
 * lexicon. A word is an adjective when either says so: the suffix rules keep
 * the medical adjectives a general-English lexicon tags as nouns ("thymic",
 * "fibrotic"), and the model adds the common ones the rules cannot see.
 *
 * Measured when it was added: of the 1,069 words of the Index's two-spelling
 * main terms ("Atrophy, atrophic"), the two agree on 946; the model adds 27
 * adjectives the rules missed. Compiled terms: 1,228 patterns more; Chia exact
 * spans +16 hits, -30 false alarms; CodiEsp unchanged. Reading notes with the
 * model at scan time would cost more than the whole detect pipeline, so it
 * never runs there (this module is build-only, like all of lexicon/).
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { isAbstractNoun, isAdjective as bySuffix } from '../text/word-class.js';

// The model is read once per build process (about 1 s); only its POS tagger is used.
const nlp = winkNLP(model, ['pos']);
const tagged = new Map<string, boolean>();

/** The model's part of speech for one word read alone: its lexicon's most frequent tag. */
function modelSaysAdjective(lower: string): boolean {
  let v = tagged.get(lower);
  if (v === undefined) {
    v = nlp.readDoc(lower).tokens().out(nlp.its.pos)[0] === 'ADJ';
    tagged.set(lower, v);
  }
  return v;
}

/** One word that reads as an adjective, by the suffix rules or by the English model. */
export function isAdjective(word: string): boolean {
  if (bySuffix(word)) return true;
  // The same shape the suffix rules accept: one plain word of four letters or more.
  if (!/^[A-Za-z][a-z-]*$/.test(word) || word.length < 4 || isAbstractNoun(word)) return false;
  return modelSaysAdjective(word.toLowerCase());
}
