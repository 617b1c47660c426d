/**
 * The scan-time view of a compiled lexicon: every table is a typed-array view
 * over the artifact buffer; nothing is copied or parsed except the header and,
 * on first use, the lookup notes.
 */
import { gunzipSync } from 'node:zlib';
import { Automaton } from '../automaton/automaton.js';
import { TERM_SOURCES, type TermSource } from '../types.js';
import type { ArtifactHeader, TabularInfo } from './format.js';
import { corrupt, mapArtifact } from './read.js';
import { S } from './sections.js';
import { checkLexicon } from './bounds.js';
import { StringTable, WordTable } from './strings.js';
import type { KnownWordArrays } from '../text/known-words.js';

export { S } from './sections.js';

/**
 * The Table of Neoplasms by site, for the review's site step
 * (review/neoplasm-sites.ts). Columns are the table's code columns in
 * heading order (malignant primary, secondary, in situ, benign, uncertain
 * behavior, unspecified behavior). Codes are code indices, -1 where the table
 * has none; a table code ending in '-' is the header it names ("D49.51-" ->
 * D49.51). Words are vocabulary ids: a spelling with a word no term has could
 * never be in a note's token stream, so it is left out.
 */
export interface NeoplasmTable {
  /** The top row's code per column ("Neoplasm, neoplastic": the unspecified site). */
  unspecified: Int32Array;
  /**
   * Row r's parent row (-1 at the first level). A row's site is its parent's
   * words and then its own.
   */
  parent: Int32Array;
  /** Row r's code in column c at r * columns + c. */
  codes: Int32Array;
  /** Spelling a of row altRow[a] is the words altWords[altStart[a] .. altStart[a + 1]). */
  altRow: Int32Array;
  altStart: Int32Array;
  altWords: Int32Array;
}

/** The span review's per-code answers (`review.*` sections; review/tables.ts says what each holds). */
export interface ReviewArrays {
  flags: Uint8Array;
  defaults: Int32Array;
  encounter: Int32Array;
  optionStart: Uint32Array;
  options: Int32Array;
  namedRow: Uint32Array;
  namedCode: Int32Array;
}

export class CompiledLexicon {
  readonly header: ArtifactHeader;
  readonly buffer: ArrayBufferLike;
  readonly automaton: Automaton;
  readonly vocab: StringTable;
  readonly codes: StringTable;
  readonly descriptions: WordTable;
  /** Display terms, ids sorted by text; candTerm rows point here. */
  readonly terms: WordTable;
  readonly billable: Uint8Array;
  /** Code indices by dotless code (codeIndex's binary search). */
  readonly codeSorted: Uint32Array;
  readonly parent: Int32Array;
  /** Candidates of pattern p are rows patStart[p] .. patStart[p + 1] - 1, best first. */
  readonly patStart: Uint32Array;
  readonly candCode: Int32Array;
  readonly candTerm: Int32Array;
  readonly candSource: Uint8Array;
  readonly candScore: Float32Array;
  private readonly lookupBytes: Uint8Array;
  private lookupCache: Record<string, TabularInfo> | undefined;
  readonly neoplasm: NeoplasmTable;
  readonly review: ReviewArrays;
  /** The terms' spellings with their token ids, for the tokenizer (text/known-words.ts). */
  readonly knownWords: KnownWordArrays;

  /**
   * Maps the sections and checks that every index and offset in them stays in
   * range (artifact/bounds.ts), so that no damaged file can make a lookup read
   * out of bounds or a scan loop forever. `check: false` skips that pass, for a
   * buffer this process has already checked (a worker thread's).
   */
  constructor(buffer: ArrayBufferLike, options: { check?: boolean } = {}) {
    const a = mapArtifact(buffer);
    this.header = a.header;
    this.buffer = buffer;
    this.automaton = new Automaton({
      rootNext: a.section(S.ac.rootNext),
      edgeStart: a.section(S.ac.edgeStart),
      edgeKey: a.section(S.ac.edgeKey),
      edgeNext: a.section(S.ac.edgeNext),
      fail: a.section(S.ac.fail),
      out: a.section(S.ac.out),
      dict: a.section(S.ac.dict),
      patternLength: a.section(S.ac.patternLength),
    });
    this.vocab = new StringTable(a.section(S.vocabBytes), a.section(S.vocabOffsets));
    this.codes = new StringTable(a.section(S.codeBytes), a.section(S.codeOffsets));
    const words = (bytes: string, offsets: string, seq: string, blocks: string): WordTable => {
      try {
        return new WordTable(new StringTable(a.section(bytes), a.section(offsets)), a.section(seq), a.section(blocks));
      } catch (err) {
        throw err instanceof RangeError ? corrupt(blocks, err.message) : err;
      }
    };
    this.descriptions = words(S.descPieceBytes, S.descPieceOffsets, S.descSeq, S.descBlocks);
    this.terms = words(S.termPieceBytes, S.termPieceOffsets, S.termSeq, S.termBlocks);
    this.codeSorted = a.section(S.codeSorted);
    this.billable = a.section(S.billable);
    this.parent = a.section(S.parent);
    this.patStart = a.section(S.patStart);
    this.candCode = a.section(S.candCode);
    this.candTerm = a.section(S.candTerm);
    this.candSource = a.section(S.candSource);
    this.candScore = a.section(S.candScore);
    this.lookupBytes = a.section(S.lookup);
    this.neoplasm = {
      unspecified: a.section(S.neoplasm.unspecified),
      parent: a.section(S.neoplasm.parent),
      codes: a.section(S.neoplasm.codes),
      altRow: a.section(S.neoplasm.altRow),
      altStart: a.section(S.neoplasm.altStart),
      altWords: a.section(S.neoplasm.altWords),
    };
    this.knownWords = { bytes: a.section(S.known.bytes), offsets: a.section(S.known.offsets), ids: a.section(S.known.ids) };
    this.review = {
      flags: a.section(S.review.flags),
      defaults: a.section(S.review.defaults),
      encounter: a.section(S.review.encounter),
      optionStart: a.section(S.review.optionStart),
      options: a.section(S.review.options),
      namedRow: a.section(S.review.namedRow),
      namedCode: a.section(S.review.namedCode),
    };
    if (options.check !== false) checkLexicon(this);
  }

  sourceOf(row: number): TermSource {
    return TERM_SOURCES[this.candSource[row] as number] as TermSource;
  }

  /**
   * Index of a dotted or dotless code (any case), or -1. A binary search over
   * the sorted index the compiler wrote, comparing bytes in place: building a
   * Map of 98k code strings on first use cost ~170 ms of the first detect.
   */
  codeIndex(code: string): number {
    const q = code.trim().toUpperCase().replace('.', '');
    const { bytes, offsets } = this.codes;
    const sorted = this.codeSorted;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = sorted[mid] as number;
      // Compare q with the code's bytes, skipping its dot.
      let b = offsets[c] as number;
      const end = offsets[c + 1] as number;
      let k = 0;
      let cmp = 0;
      for (;;) {
        if (b < end && bytes[b] === 0x2e) b++;
        if (k === q.length || b === end) {
          cmp = (k === q.length ? 0 : 1) - (b === end ? 0 : 1);
          break;
        }
        const d = q.charCodeAt(k++) - (bytes[b++] as number);
        if (d !== 0) {
          cmp = d;
          break;
        }
      }
      if (cmp === 0) return c;
      if (cmp < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return -1;
  }

  /** Tabular facts for a dotted code, parsed from the artifact on first use. */
  tabular(code: string): TabularInfo | undefined {
    if (this.lookupCache === undefined) {
      // Not checked at load (inflating it costs more than the rest of the checks): a
      // damaged file that skipped the hash check fails here, naming the section.
      try {
        this.lookupCache = JSON.parse(gunzipSync(this.lookupBytes.slice()).toString('utf8')) as Record<string, TabularInfo>;
      } catch (err) {
        throw corrupt(S.lookup, err instanceof Error ? err.message : String(err), err);
      }
      if (this.lookupCache === null || typeof this.lookupCache !== 'object') throw corrupt(S.lookup, 'not a JSON object');
    }
    return this.lookupCache[code];
  }
}
