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
 * The table comes from the artifact (lexicon/neoplasm-sites.ts builds it):
 * which codes are the unspecified site is read from its top row, not listed
 * here. Only spans with one of those few codes pay for the step; the rows are
 * indexed on first use, by the vocabulary id of each spelling's first word,
 * so a sentence costs one pass over its words.
 */
import type { CompiledLexicon } from '../artifact/model.js';
import type { CodeFacts } from './code-facts.js';
import type { SentenceWords } from './sentence-words.js';

/** A site found in a sentence: the code and the words of the site that chose it. */
export interface SiteCode {
  code: number;
  words: string[];
}

interface Rows {
  parent: Int32Array;
  /** Code index of row r in column c at r * columns + c; -1 when none. */
  codes: Int32Array;
  /** Spelling a is the words altWords[altStart[a] .. altStart[a + 1]) of row altRow[a]. */
  altRow: Int32Array;
  altStart: Int32Array;
  altWords: Int32Array;
  /** Spellings by the vocabulary id of their first word. */
  byFirst: Map<number, number[]>;
  words: string[][];
}

export class NeoplasmSites {
  /** Column of each unspecified-site code, by code index. */
  private readonly columnOf = new Map<number, number>();
  private readonly columns: number;
  private rows: Rows | undefined;

  constructor(
    private readonly lx: CompiledLexicon,
    private readonly facts: CodeFacts,
  ) {
    const table = lx.neoplasmSites();
    this.columns = table.columns.length;
    table.unspecified.forEach((code, column) => {
      const i = code === '' ? -1 : lx.codeIndex(code);
      if (i >= 0 && !this.columnOf.has(i)) this.columnOf.set(i, column);
    });
  }

  /** The table column of code `code` when it is the unspecified site (D49.9: unspecified behavior), else -1. */
  column(code: number): number {
    return this.columnOf.get(code) ?? -1;
  }

  /**
   * The code in `column` of the site the selected sentence names, or null when
   * it names none that has a code there. A deeper row wins ("renal pelvis"
   * over "kidney"); among rows of one depth, the one whose words are nearest
   * to `mid` (characters from the span's middle to the farthest word of the
   * site, each word at its nearest occurrence).
   */
  find(sentence: SentenceWords, mid: number, column: number): SiteCode | null {
    const rows = (this.rows ??= this.index());
    const ids = sentence.sentenceIds();
    // Distance of each row whose own words the sentence has, and the spelling that said them.
    const found = new Map<number, { distance: number; alt: number }>();
    for (let i = 0; i < ids.length; i++) {
      const alts = rows.byFirst.get(ids[i] as number);
      if (alts === undefined) continue;
      for (const a of alts) {
        const row = rows.altRow[a] as number;
        let distance = 0;
        for (let k = rows.altStart[a] as number; k < (rows.altStart[a + 1] as number) && distance < Infinity; k++) {
          distance = Math.max(distance, sentence.nearest(rows.altWords[k] as number, mid));
        }
        const seen = found.get(row);
        if (distance < Infinity && (seen === undefined || distance < seen.distance)) found.set(row, { distance, alt: a });
      }
    }
    let best = -1;
    let bestDepth = 0;
    let bestDistance = Infinity;
    for (const [row, own] of found) {
      const code = rows.codes[row * this.columns + column] as number;
      if (code < 0) continue;
      let depth = 1;
      let distance = own.distance;
      let p = rows.parent[row] as number;
      for (; p >= 0; p = rows.parent[p] as number, depth++) {
        const up = found.get(p);
        if (up === undefined) break;
        distance = Math.max(distance, up.distance);
      }
      if (p >= 0) continue; // a level of the row's site is not said
      if (depth > bestDepth || (depth === bestDepth && (distance < bestDistance || (distance === bestDistance && row < best)))) {
        best = row;
        bestDepth = depth;
        bestDistance = distance;
      }
    }
    if (best < 0) return null;
    const words: string[] = [];
    for (let r = best; r >= 0; r = rows.parent[r] as number) words.unshift(...(rows.words[(found.get(r) as { alt: number }).alt] as string[]));
    return { code: rows.codes[best * this.columns + column] as number, words };
  }

  private index(): Rows {
    const table = this.lx.neoplasmSites();
    const n = table.rows.length;
    const parent = new Int32Array(n);
    const codes = new Int32Array(n * this.columns).fill(-1);
    const altRow: number[] = [];
    const altStart: number[] = [0];
    const altWords: number[] = [];
    const byFirst = new Map<number, number[]>();
    const words: string[][] = [];
    table.rows.forEach((r, i) => {
      parent[i] = r.parent;
      r.codes.forEach((code, c) => {
        if (code !== '') codes[i * this.columns + c] = this.lx.codeIndex(code);
      });
      for (const alt of r.alts) {
        const ids = alt.map((w) => this.facts.vocabId(w));
        // A word no term has is never in a note's token stream: the spelling cannot be said.
        if (ids.some((id) => id < 0)) continue;
        const a = altRow.length;
        altRow.push(i);
        altWords.push(...ids);
        altStart.push(altWords.length);
        words.push(alt);
        const list = byFirst.get(ids[0] as number);
        if (list === undefined) byFirst.set(ids[0] as number, [a]);
        else list.push(a);
      }
    });
    return { parent, codes, altRow: Int32Array.from(altRow), altStart: Int32Array.from(altStart), altWords: Int32Array.from(altWords), byFirst, words };
  }
}
