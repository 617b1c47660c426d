/**
 * The rule phrase syntax: literal words, plus groups of alternatives in
 * parentheses. `(was|were|has been) ruled out` stands for three phrases;
 * `(at |)risk (for|of)` for four (an empty alternative makes a group optional).
 * Groups do not nest. Each expansion is then normalised by the shared tokenizer
 * (termWords, in lower case and in capitals: see phraseForms), so the phrase
 * matches exactly what the scanner produces.
 */
import { phraseForms } from '../sections/rulefile.js';

/** Expansions above this are refused: a rule that big should be split. */
export const MAX_EXPANSIONS = 256;

export type PhraseResult =
  | { ok: true; sequences: string[][] }
  | { ok: false; message: string };

/** Expands and normalises a phrase into distinct word sequences. */
export function expandPhrase(phrase: string): PhraseResult {
  // Parse into parts: a literal string, or a list of alternatives.
  const parts: Array<string | string[]> = [];
  let literal = '';
  let group: string[] | null = null;
  let alt = '';
  for (const ch of phrase) {
    if (group === null) {
      if (ch === '(') {
        parts.push(literal);
        literal = '';
        group = [];
        alt = '';
      } else if (ch === ')' || ch === '|') {
        return { ok: false, message: `'${ch}' outside a group` };
      } else {
        literal += ch;
      }
    } else if (ch === '(') {
      return { ok: false, message: 'groups do not nest' };
    } else if (ch === '|') {
      group.push(alt);
      alt = '';
    } else if (ch === ')') {
      group.push(alt);
      parts.push(group);
      group = null;
    } else {
      alt += ch;
    }
  }
  if (group !== null) return { ok: false, message: "unclosed '('" };
  parts.push(literal);

  let variants = [''];
  for (const part of parts) {
    if (typeof part === 'string') {
      variants = variants.map((v) => v + part);
      continue;
    }
    const next: string[] = [];
    for (const v of variants) for (const a of part) next.push(v + a);
    if (next.length > MAX_EXPANSIONS) return { ok: false, message: `expands to more than ${MAX_EXPANSIONS} phrases` };
    variants = next;
  }

  const seen = new Set<string>();
  const sequences: string[][] = [];
  for (const v of variants) {
    // Spaces are word separators, so "(at |)risk" and "at risk" agree.
    const forms = phraseForms(v);
    if (forms.length === 0) {
      return { ok: false, message: `"${v.trim()}" normalises to no words (only stopwords or punctuation)` };
    }
    for (const words of forms) {
      const key = words.join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      sequences.push(words);
    }
  }
  return { ok: true, sequences };
}
