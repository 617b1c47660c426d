/**
 * The three scanners compared side by side, and the reference that says how
 * many matches they must find.
 *
 * Common ground: the artifact's own pattern list and the text as our tokenizer
 * reads it (normalised words, stopwords dropped, UNKNOWN for words outside the
 * vocabulary, BOUNDARY at sentence punctuation and line breaks).
 *
 * - ours: Automaton.findOverlapping over the token ids (word-level, typed arrays).
 * - peer: @monyone/aho-corasick, a character-level Aho-Corasick, given the same
 *   patterns and the same token stream rendered as text: every token becomes its
 *   normalised word (UNKNOWN -> "?", BOUNDARY -> "|", characters no pattern
 *   contains), joined by single spaces with a space at both ends; every pattern
 *   becomes " w1 w2 ... wk ". The padding spaces make the peer match whole words
 *   only, so its raw match list needs no boundary filter and its count equals
 *   ours. This is the peer's most favourable setup: no filter cost and no
 *   spurious in-word matches to report.
 * - floor: one loop reading every UTF-16 unit of the original text once
 *   (charCodeAt, summed into a sink), the least any scanner must do.
 *
 * The reference (NaiveMatcher) shares no search code with either: it holds the
 * pattern list (read back from the automaton's trie) in hash sets of patterns
 * and of their prefixes, and probes them at every token position.
 */
import { AhoCorasick as PeerAhoCorasick } from '@monyone/aho-corasick';
import type { CompiledLexicon } from '../src/artifact/model.js';
import { BOUNDARY, termWords, Tokenizer, UNKNOWN } from '../src/text/tokens.js';
import { Vocabulary } from '../src/text/vocabulary.js';

export const PEER_NAME = '@monyone/aho-corasick';
export const UNKNOWN_MARK = '?';
export const BOUNDARY_MARK = '|';

export interface TermList {
  /** Token ids of pattern p (pattern ids as in the automaton). */
  ids: Int32Array[];
  /** Pattern p rendered for the peer: " w1 w2 ... wk ". */
  rendered: string[];
}

/** The vocabulary and a fresh tokenizer over a compiled lexicon, as the engine builds them. */
export function scanParts(lexicon: CompiledLexicon): { vocab: Vocabulary; tokenizer: Tokenizer } {
  const words: string[] = [];
  for (let i = 0; i < lexicon.vocab.length; i++) words.push(lexicon.vocab.get(i));
  const vocab = new Vocabulary(words);
  return { vocab, tokenizer: new Tokenizer(vocab) };
}

/**
 * The automaton's pattern list, read back from its goto edges (the trie): the
 * exact term list the automaton holds, in pattern-id order. Only the trie edges
 * and `out` are read; failure links, dictionary links and the search loop, which
 * is what the reference checks, are not.
 */
export function termList(lexicon: CompiledLexicon, vocab: Vocabulary): TermList {
  const a = lexicon.automaton.arrays;
  const n = a.fail.length;
  const parent = new Int32Array(n).fill(-1);
  const token = new Int32Array(n).fill(-1);
  for (let t = 0; t < a.rootNext.length; t++) {
    const child = a.rootNext[t] as number;
    if (child !== 0) {
      parent[child] = 0;
      token[child] = t;
    }
  }
  for (let s = 1; s < n; s++) {
    for (let k = a.edgeStart[s] as number; k < (a.edgeStart[s + 1] as number); k++) {
      const child = a.edgeNext[k] as number;
      parent[child] = s;
      token[child] = a.edgeKey[k] as number;
    }
  }
  const ids: Int32Array[] = new Array<Int32Array>(a.patternLength.length);
  for (let s = 1; s < n; s++) {
    const p = a.out[s] as number;
    if (p < 0) continue;
    const path: number[] = [];
    for (let q = s; q > 0; q = parent[q] as number) path.push(token[q] as number);
    ids[p] = Int32Array.from(path.reverse());
  }
  const rendered: string[] = [];
  for (let p = 0; p < ids.length; p++) {
    const seq = ids[p];
    if (seq === undefined || seq.length !== a.patternLength[p]) throw new Error(`pattern ${p} is not spelled by the automaton's trie`);
    rendered.push(` ${Array.from(seq, (t) => vocab.wordOf(t) as string).join(' ')} `);
  }
  return { ids, rendered };
}

/**
 * Patterns whose stored top term no longer tokenizes to the pattern's words with
 * today's termWords: non-zero means the artifact was compiled by a different
 * tokenizer than the one scanning (rebuild it), and those terms cannot match as written.
 */
export function tokenizerDrift(lexicon: CompiledLexicon, list: TermList): { patterns: number; examples: string[] } {
  let patterns = 0;
  const examples: string[] = [];
  for (let p = 0; p < list.rendered.length; p++) {
    const row = lexicon.patStart[p] as number;
    if (row >= (lexicon.patStart[p + 1] as number)) continue;
    const term = lexicon.terms.get(lexicon.candTerm[row] as number);
    if (` ${termWords(term).join(' ')} ` !== list.rendered[p]) {
      patterns++;
      if (examples.length < 3) examples.push(`"${term}" -> [${(list.rendered[p] as string).trim()}]`);
    }
  }
  return { patterns, examples };
}

export interface TokenizedDoc {
  ids: Int32Array;
  count: number;
  /** The token stream rendered for the peer. */
  rendered: string;
}

export function renderTokens(vocab: Vocabulary, ids: Int32Array, count: number): string {
  const parts: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const t = ids[i] as number;
    parts[i] = t === BOUNDARY ? BOUNDARY_MARK : t === UNKNOWN ? UNKNOWN_MARK : (vocab.wordOf(t) ?? UNKNOWN_MARK);
  }
  return ` ${parts.join(' ')} `;
}

export function tokenizeDoc(tokenizer: Tokenizer, vocab: Vocabulary, text: string): TokenizedDoc {
  const t = tokenizer.tokenize(text);
  const ids = t.ids.slice(0, t.count);
  return { ids, count: t.count, rendered: renderTokens(vocab, ids, t.count) };
}

/** Straightforward reference matcher: hash sets of patterns and of their prefixes, probed at every position. */
export class NaiveMatcher {
  private readonly full = new Set<string>();
  private readonly prefixes = new Set<string>();

  constructor(patterns: readonly Int32Array[]) {
    for (const p of patterns) {
      let key = '';
      for (let i = 0; i < p.length; i++) {
        key += `${p[i]},`;
        this.prefixes.add(key);
      }
      this.full.add(key);
    }
  }

  /** Length of every pattern occurrence starting at `i`, shortest first. */
  private lengthsAt(ids: Int32Array, count: number, i: number): number[] {
    const out: number[] = [];
    let key = '';
    for (let j = i; j < count; j++) {
      const t = ids[j] as number;
      if (t < 0) break;
      key += `${t},`;
      if (!this.prefixes.has(key)) break;
      if (this.full.has(key)) out.push(j + 1 - i);
    }
    return out;
  }

  countOverlapping(ids: Int32Array, count: number): number {
    let n = 0;
    for (let i = 0; i < count; i++) n += this.lengthsAt(ids, count, i).length;
    return n;
  }

  /** Leftmost-longest: the longest occurrence at the leftmost start, then continue after it. */
  countLeftmostLongest(ids: Int32Array, count: number): number {
    let n = 0;
    let i = 0;
    while (i < count) {
      const lengths = this.lengthsAt(ids, count, i);
      const longest = lengths[lengths.length - 1];
      if (longest === undefined) i++;
      else {
        n++;
        i += longest;
      }
    }
    return n;
  }
}

/** The peer, built once from the rendered pattern list. */
export interface Peer {
  count(rendered: string): number;
}

export function buildPeer(rendered: readonly string[]): Peer {
  // Patterns are distinct word sequences, so the rendered strings are distinct too.
  const ac = new PeerAhoCorasick([...rendered]);
  return { count: (text) => ac.matchInText(text).length };
}

/** Keeps results observable so the JIT cannot drop the floor loop. */
export let sink = 0;

/** The raw-scan floor: reads every UTF-16 unit of `text` once. Returns the number read. */
export function scanFloor(text: string): number {
  let h = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) h = (h + text.charCodeAt(i)) | 0;
  sink ^= h;
  return n;
}
