/**
 * The search index's artifact sections (written by search/build.ts, mapped by
 * search/index.ts). They sit beside the detection sections and nothing else
 * reads them, so an artifact without them still detects; `search` then says the
 * artifact must be rebuilt.
 *
 * - Normalised words (`norm.*`): every word of a searched term after the
 *   detection normaliser (src/text/word.ts), sorted; a document's words are
 *   ids into this table.
 * - Surface words (`surface.*`): each word as a term writes it, lower-cased and
 *   without diacritics, sorted, with the normalised word it folds to. Prefix
 *   matching reads a range of this sorted table; `surface.reversed` orders it by
 *   the reversed spelling, so a one-edit neighbour is found through either half.
 * - Documents (`doc.*`): one per (code, set of normalised words), in order of
 *   length, then source, then billable first, so the first documents of any
 *   posting list are the ones most likely to rank: a query that matches a large
 *   part of the release reads them first and stops at a budget. `doc.text` is a
 *   display term id (>= 0), -1 - code for the code's long description, or
 *   -1 - codes - i for text i of `text.*`, the short descriptions detection
 *   does not compile.
 *   `doc.words` holds u16 normalised-word ids, little-endian, from `doc.start`.
 * - `expansions.json`: query-side alternatives for a typed word, from the
 *   project's abbreviation and synonym lists.
 */
export const SEARCH = {
  normBytes: 'search.norm.bytes',
  normOffsets: 'search.norm.offsets',
  surfaceBytes: 'search.surface.bytes',
  surfaceOffsets: 'search.surface.offsets',
  surfaceNorm: 'search.surface.norm',
  surfaceReversed: 'search.surface.reversed',
  docCode: 'search.doc.code',
  docText: 'search.doc.text',
  docSource: 'search.doc.source',
  docStart: 'search.doc.start',
  docWords: 'search.doc.words',
  /** Short descriptions the display-term table lacks (a WordTable). */
  textPieceBytes: 'search.text.pieces.bytes',
  textPieceOffsets: 'search.text.pieces.offsets',
  textSeq: 'search.text.seq',
  textBlocks: 'search.text.blocks',
  expansions: 'search.expansions.json',
} as const;

/** The expansions section: typed word (lower case) -> phrases it may stand for, each a list of words. */
export interface ExpansionFile {
  /** Single-word alternatives, read as the same word (synonyms). */
  synonyms: Record<string, string[]>;
  /** Phrases a typed word abbreviates; each makes an alternative query. */
  phrases: Record<string, string[]>;
}
