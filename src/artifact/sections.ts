/**
 * Section names, shared by the compiler and the reader, and the element type
 * each one must have.
 */
import type { SectionType, TypedArray } from './format.js';

/** Section names, shared by the compiler and this reader. */
export const S = {
  vocabBytes: 'vocab.bytes',
  vocabOffsets: 'vocab.offsets',
  codeBytes: 'code.bytes',
  codeOffsets: 'code.offsets',
  /** Long descriptions by code index, a WordTable (siblings share leading words). */
  descPieceBytes: 'desc.pieces.bytes',
  descPieceOffsets: 'desc.pieces.offsets',
  descSeq: 'desc.seq',
  descBlocks: 'desc.blocks',
  /** Code indices ordered by dotless code, for codeIndex's binary search. */
  codeSorted: 'code.sorted',
  billable: 'code.billable',
  parent: 'code.parent',
  /** Display terms, a WordTable (strings.ts): piece dictionary, id sequences, block index. */
  termPieceBytes: 'term.pieces.bytes',
  termPieceOffsets: 'term.pieces.offsets',
  termSeq: 'term.seq',
  termBlocks: 'term.blocks',
  patStart: 'pattern.start',
  candCode: 'cand.code',
  candTerm: 'cand.term',
  candSource: 'cand.source',
  candScore: 'cand.score',
  lookup: 'lookup.json',
  /** The Table of Neoplasms by site (NeoplasmTable). */
  neoplasm: {
    unspecified: 'neoplasm.unspecified',
    parent: 'neoplasm.parent',
    codes: 'neoplasm.codes',
    altRow: 'neoplasm.alt.row',
    altStart: 'neoplasm.alt.start',
    altWords: 'neoplasm.alt.words',
  },
  /** The terms' spellings and the token id each reads as (text/known-words.ts). */
  known: {
    bytes: 'token.known.bytes',
    offsets: 'token.known.offsets',
    ids: 'token.known.ids',
  },
  /** The span review's per-code answers, worked out at build time (review/tables.ts). */
  review: {
    flags: 'review.flags',
    defaults: 'review.defaults',
    encounter: 'review.encounter',
    optionStart: 'review.options.start',
    options: 'review.options',
    namedRow: 'review.named.row',
    namedCode: 'review.named.code',
  },
  ac: {
    rootNext: 'ac.rootNext',
    edgeStart: 'ac.edgeStart',
    edgeKey: 'ac.edgeKey',
    edgeNext: 'ac.edgeNext',
    fail: 'ac.fail',
    out: 'ac.out',
    dict: 'ac.dict',
    patternLength: 'ac.patternLength',
  },
} as const;

/**
 * A group of S (S.review, S.neoplasm, ...) paired with the arrays of the same
 * keys, in the group's order: what the compiler writes for the group.
 */
export function sectionsOf<K extends string>(names: Readonly<Record<K, string>>, arrays: Readonly<Record<K, TypedArray>>): Array<[string, TypedArray]> {
  return (Object.keys(names) as K[]).map((k) => [names[k], arrays[k]]);
}

/** The element type of every section the reader maps; another type is a corrupt header. */
export const SECTION_TYPES: Readonly<Record<string, SectionType>> = {
  [S.vocabBytes]: 'u8',
  [S.vocabOffsets]: 'u32',
  [S.codeBytes]: 'u8',
  [S.codeOffsets]: 'u32',
  [S.descPieceBytes]: 'u8',
  [S.descPieceOffsets]: 'u32',
  [S.descSeq]: 'u8',
  [S.descBlocks]: 'u32',
  [S.codeSorted]: 'u32',
  [S.billable]: 'u8',
  [S.parent]: 'i32',
  [S.termPieceBytes]: 'u8',
  [S.termPieceOffsets]: 'u32',
  [S.termSeq]: 'u8',
  [S.termBlocks]: 'u32',
  [S.patStart]: 'u32',
  [S.candCode]: 'i32',
  [S.candTerm]: 'i32',
  [S.candSource]: 'u8',
  [S.candScore]: 'f32',
  [S.lookup]: 'u8',
  ...Object.fromEntries(Object.values(S.neoplasm).map((n) => [n, 'i32'])),
  [S.known.bytes]: 'u8',
  [S.known.offsets]: 'u32',
  [S.known.ids]: 'i32',
  [S.review.flags]: 'u8',
  [S.review.defaults]: 'i32',
  [S.review.encounter]: 'i32',
  [S.review.optionStart]: 'u32',
  [S.review.options]: 'i32',
  [S.review.namedRow]: 'u32',
  [S.review.namedCode]: 'i32',
  ...Object.fromEntries(Object.values(S.ac).map((n) => [n, n === S.ac.patternLength ? 'u8' : 'i32'])),
};
