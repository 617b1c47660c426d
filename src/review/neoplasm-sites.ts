/**
 * The review's site step for neoplasms. The Alphabetic Index codes a bare
 * "Tumor" to D49.9 and says "see also Neoplasm, unspecified behavior, by
 * site"; "cancer" and "malignancy" go to C80.1 the same way. Those are the
 * Table of Neoplasms' top row, the unspecified site. When the span's sentence
 * names a site of the table ("a tumor in the lower pole of the left kidney",
 * "renal ... malignancy"), the span takes that site's code in the same column:
 * D49.9 -> the unspecified-behavior column of "kidney" (D49.51), C80.1 -> the
 * malignant-primary column (C64). The side is then the usual refinement's
 * business (refine.ts), as for any header.
 *
 * The table comes from the artifact as typed arrays (lexicon/neoplasm-sites.ts
 * builds it): which codes are the unspecified site is read from its top row,
 * not listed here. Only spans with one of those six codes pay for the step;
 * the spellings are indexed at load by the vocabulary id of their first word,
 * so a sentence costs one pass over its words.
 */
import type { CompiledLexicon, NeoplasmTable } from '../artifact/model.js';
import type { SentenceWords } from './sentence-words.js';

/** A site found in a sentence: the code and the words of the site that chose it. */
export interface SiteCode {
  code: number;
  words: string[];
}

/**
 * Characters at most between the words of one level of a site and those of
 * the next: "tail of the pancreas", "lower lobe of the left lung" are a few
 * words apart; a "pelvis" at the other end of the sentence is another site.
 */
const PHRASE_GAP = 30;
/**
 * Characters at most from the middle of the mention to the farthest word of
 * its site: the site must be said with the mention ("renal tumor", "tumor of
 * the left kidney"), not anywhere in its sentence, where a site is mostly
 * another finding's ("calcifications in the tumor on the abdominal X-ray").
 * On CodiEsp dev, reaches of 20 to 30 characters scored alike and a
 * sentence-wide reach added about 30 false site codes for 4 right ones.
 */
const SITE_REACH = 30;

interface Found {
  /** Characters from the span's middle to the farther of the spelling's words. */
  distance: number;
  /** Where the first and the last of the spelling's words start. */
  lo: number;
  hi: number;
  /** The spelling. */
  alt: number;
}

export class NeoplasmSites {
  private readonly table: NeoplasmTable;
  private readonly columns: number;
  /** Spellings whose first word is vocabulary id w: firstAlts[firstStart[w] .. firstStart[w + 1]), in spelling order. */
  private readonly firstStart: Int32Array;
  private readonly firstAlts: Int32Array;

  /**
   * Per call of `find`, by word id: whether the word's spellings were read
   * (firstSeen === serial), and where the word's occurrence nearest to the
   * span starts (nearStamp === serial: nearAt holds it). A word's answer does
   * not depend on where in the sentence it is met, so a sentence that says
   * "left" three times reads the spellings that start with "left" once.
   */
  private readonly firstSeen: Int32Array;
  private readonly nearStamp: Int32Array;
  private readonly nearAt: Int32Array;
  private serial = 0;

  constructor(private readonly lx: CompiledLexicon) {
    this.table = lx.neoplasm;
    this.columns = this.table.unspecified.length;
    [this.firstStart, this.firstAlts] = this.index(lx.vocab.length);
    this.firstSeen = new Int32Array(lx.vocab.length);
    this.nearStamp = new Int32Array(lx.vocab.length);
    this.nearAt = new Int32Array(lx.vocab.length);
  }

  /**
   * Where the word's occurrence nearest to `mid` starts, once per word and call
   * of `find`; -1 when none starts within SITE_REACH of `mid`. A spelling with
   * a word farther than that is too far whatever else it says, and so is a
   * site above or below it, so only the few tokens around the span are read.
   */
  private nearestStart(sentence: SentenceWords, word: number, mid: number): number {
    if (this.nearStamp[word] === this.serial) return this.nearAt[word] as number;
    const at = sentence.nearestStartWithin(word, mid, SITE_REACH);
    this.nearStamp[word] = this.serial;
    this.nearAt[word] = at;
    return at;
  }

  /** The table column of code `code` when it is the unspecified site (D49.9: unspecified behavior), else -1. */
  column(code: number): number {
    return this.table.unspecified.indexOf(code);
  }

  /**
   * The code in `column` of the site the selected sentence names, or null when
   * it names none that has a code there. A deeper row wins ("renal pelvis"
   * over "kidney") when its levels are said together (PHRASE_GAP); among
   * rows of one depth, the one whose words are nearest to `mid` (characters
   * from the span's middle to the farthest word of the site, each word at its
   * nearest occurrence).
   */
  find(sentence: SentenceWords, mid: number, column: number): SiteCode | null {
    const t = this.table;
    const { firstStart, firstAlts } = this;
    const vocabSize = firstStart.length - 1;
    const ids = sentence.sentenceIds();
    // Each row whose own words the sentence has: where they are (each word at its
    // occurrence nearest to the span) and the spelling that said them.
    const found = new Map<number, Found>();
    if (this.serial === 0x7fffffff) {
      this.firstSeen.fill(0);
      this.nearStamp.fill(0);
      this.serial = 0;
    }
    const serial = ++this.serial;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      // Boundaries, unknown words and context-rule words start no spelling;
      // a word met before in this sentence gave its spellings already.
      if (id < 0 || id >= vocabSize || this.firstSeen[id] === serial) continue;
      this.firstSeen[id] = serial;
      // Every spelling this word starts needs the word near the span.
      if (firstStart[id] === firstStart[id + 1] || this.nearestStart(sentence, id, mid) < 0) continue;
      for (let f = firstStart[id] as number; f < (firstStart[id + 1] as number); f++) {
        const a = firstAlts[f] as number;
        const row = t.altRow[a] as number;
        let lo = Infinity;
        let hi = -Infinity;
        for (let k = t.altStart[a] as number; k < (t.altStart[a + 1] as number); k++) {
          const at = this.nearestStart(sentence, t.altWords[k] as number, mid);
          if (at < 0) {
            lo = Infinity;
            break;
          }
          lo = Math.min(lo, at);
          hi = Math.max(hi, at);
        }
        if (lo === Infinity) continue;
        const distance = Math.max(Math.abs(lo - mid), Math.abs(hi - mid));
        const seen = found.get(row);
        if (seen === undefined || distance < seen.distance) found.set(row, { distance, lo, hi, alt: a });
      }
    }
    let best = -1;
    let bestDepth = 0;
    let bestDistance = Infinity;
    for (const [row, own] of found) {
      if ((t.codes[row * this.columns + column] as number) < 0) continue;
      let depth = 1;
      let distance = own.distance;
      let below = own;
      let p = t.parent[row] as number;
      for (; p >= 0; p = t.parent[p] as number, depth++) {
        const up = found.get(p);
        // Each level of a site is said with the next, as one phrase: "tail of the pancreas", "renal pelvis".
        if (up === undefined || !this.saidNear(sentence, up.alt, below.lo - PHRASE_GAP, below.hi + PHRASE_GAP)) break;
        distance = Math.max(distance, up.distance);
        below = up;
      }
      if (p >= 0) continue; // a level of the row's site is not said with it
      if (distance > SITE_REACH) continue;
      if (depth > bestDepth || (depth === bestDepth && (distance < bestDistance || (distance === bestDistance && row < best)))) {
        best = row;
        bestDepth = depth;
        bestDistance = distance;
      }
    }
    if (best < 0) return null;
    const words: string[] = [];
    for (let r = best; r >= 0; r = t.parent[r] as number) {
      const a = (found.get(r) as { alt: number }).alt;
      const own: string[] = [];
      for (let k = t.altStart[a] as number; k < (t.altStart[a + 1] as number); k++) own.push(this.lx.vocab.get(t.altWords[k] as number));
      words.unshift(...own);
    }
    return { code: t.codes[best * this.columns + column] as number, words };
  }

  /** Whether every word of spelling `a` occurs in the sentence starting within `[from, to]`. */
  private saidNear(sentence: SentenceWords, a: number, from: number, to: number): boolean {
    const t = this.table;
    for (let k = t.altStart[a] as number; k < (t.altStart[a + 1] as number); k++) {
      if (!sentence.occursWithin(t.altWords[k] as number, from, to)) return false;
    }
    return true;
  }

  /** The spellings by first word, as firstStart and firstAlts (a counting sort keeps spelling order within a word). */
  private index(words: number): [Int32Array, Int32Array] {
    const t = this.table;
    const spellings = Math.max(0, t.altStart.length - 1);
    const start = new Int32Array(words + 1);
    const firstOf = (a: number): number => (t.altStart[a] === t.altStart[a + 1] ? -1 : (t.altWords[t.altStart[a] as number] as number));
    for (let a = 0; a < spellings; a++) {
      const w = firstOf(a);
      if (w >= 0 && w < words) start[w + 1] = (start[w + 1] as number) + 1;
    }
    for (let w = 0; w < words; w++) start[w + 1] = (start[w + 1] as number) + (start[w] as number);
    const fill = start.slice(0, words);
    const alts = new Int32Array(start[words] as number);
    for (let a = 0; a < spellings; a++) {
      const w = firstOf(a);
      if (w >= 0 && w < words) alts[(fill[w] as number)++] = a;
    }
    return [start, alts];
  }
}
