/**
 * Lexicon -> artifact bytes (build time only). Terms are tokenized with the same
 * normaliser the scanner uses; identical word sequences become one automaton
 * pattern, and each pattern's candidate codes are ranked here, once, so a scan
 * only reads the top rows.
 */
import { gzipSync } from 'node:zlib';
import { AutomatonBuilder } from '../automaton/builder.js';
import { BUILDER_VERSION, type TypedArray } from '../artifact/format.js';
import { S } from '../artifact/model.js';
import { sectionsOf } from '../artifact/sections.js';
import { StringTable, WordTable } from '../artifact/strings.js';
import { writeArtifact } from '../artifact/write.js';
import { rankCandidates, type RankInput } from '../scoring/rank.js';
import { termWords } from '../text/tokens.js';
import { TERM_SOURCES } from '../types.js';
import { neoplasmTable } from './neoplasm-sites.js';
import { searchSections } from '../search/build.js';
import { reviewSections } from '../review/tables.js';
import { KnownWords } from '../text/known-words.js';
import type { FilterReason, TermFilter } from './term-filter.js';
import type { Lexicon, TabularInfo, TermRecord } from './types.js';

/** Candidates kept per pattern; more are never shown and only cost bytes. */
const MAX_CANDIDATES = 8;

export interface CompileResult {
  bytes: Uint8Array;
  terms: number;
  patterns: number;
  states: number;
  vocabulary: number;
  /** Terms that normalised to no words at all (e.g. only stopwords). */
  emptyTerms: number;
  /** Terms left out by the term filter, by reason (data/text/generic-terms.json). */
  filtered: Record<FilterReason, number>;
}

export interface CompileOptions {
  /** Terms compiled only inside longer terms (data/text/generic-terms.json); none when absent. */
  termFilter?: TermFilter;
  projectDataHash?: string;
  /** Other ways to write a site of the Table of Neoplasms ("kidney" -> "renal"); none when absent. */
  siteSynonyms?: (text: string) => string[];
}

export function compileLexicon(lexicon: Lexicon, extraTerms: readonly TermRecord[] = [], options: CompileOptions = {}): CompileResult {
  const codeIndex = new Map<string, number>();
  lexicon.codes.forEach((c, i) => codeIndex.set(c.code, i));

  const allTerms = [...lexicon.terms, ...extraTerms];
  // Tokenize every term once; the vocabulary is sorted so ids do not depend on term order.
  const tokenized: Array<{ words: string[]; term: TermRecord }> = [];
  const wordSet = new Set<string>();
  let emptyTerms = 0;
  const filtered: Record<FilterReason, number> = {};
  const wordCache = new Map<string, string | null>();
  for (const term of allTerms) {
    if (!codeIndex.has(term.code)) continue; // the reader guarantees this; stay safe for extra terms
    const words = termWords(term.text, wordCache);
    if (words.length === 0) {
      emptyTerms++;
      continue;
    }
    const reason = options.termFilter?.reason(words, term) ?? null;
    if (reason !== null) {
      filtered[reason] = (filtered[reason] ?? 0) + 1;
      continue;
    }
    for (const w of words) wordSet.add(w);
    tokenized.push({ words, term });
  }
  const vocabWords = [...wordSet].sort();
  const wordId = new Map(vocabWords.map((w, i) => [w, i]));

  const termTexts: string[] = [];
  const termId = new Map<string, number>();
  const internTerm = (t: string): number => {
    let id = termId.get(t);
    if (id === undefined) {
      id = termTexts.length;
      termTexts.push(t);
      termId.set(t, id);
    }
    return id;
  };

  const builder = new AutomatonBuilder(Math.max(1, vocabWords.length));
  const perPattern: RankInput[][] = [];
  for (const { words, term } of tokenized) {
    const p = builder.add(words.map((w) => wordId.get(w) as number));
    const code = codeIndex.get(term.code) as number;
    const rec = lexicon.codes[code];
    (perPattern[p] ??= []).push({
      code,
      codeText: term.code,
      billable: rec?.billable ?? false,
      source: term.source,
      term: internTerm(term.text),
    });
  }
  const arrays = builder.compile();

  // Term ids were handed out in term order, and ranking breaks ties on them, so
  // rank first, then renumber by text: neighbours in a sorted list share leading
  // words, which the WordTable front-codes away.
  const sortedTerms = termTexts.map((t, i) => [t, i] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const termRank = new Int32Array(termTexts.length);
  sortedTerms.forEach(([, old], i) => (termRank[old] = i));

  const patStart = new Uint32Array(builder.patterns + 1);
  const candCode: number[] = [];
  const candTerm: number[] = [];
  const candSource: number[] = [];
  const candScore: number[] = [];
  for (let p = 0; p < builder.patterns; p++) {
    patStart[p] = candCode.length;
    for (const r of rankCandidates(perPattern[p] ?? [], MAX_CANDIDATES)) {
      candCode.push(r.code);
      candTerm.push(termRank[r.term] as number);
      candSource.push(TERM_SOURCES.indexOf(r.source));
      candScore.push(r.score);
    }
  }
  patStart[builder.patterns] = candCode.length;

  const parent = new Int32Array(lexicon.codes.length).fill(-1);
  lexicon.codes.forEach((c, i) => {
    for (let len = c.code.replace('.', '').length - 1; len >= 3; len--) {
      const p = codeIndex.get(dotted(c.code.replace('.', '').slice(0, len)));
      if (p !== undefined) {
        parent[i] = p;
        break;
      }
    }
  });

  const lookup: Record<string, TabularInfo> = {};
  for (const [code, info] of [...lexicon.tabular.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lookup[code] = info;

  const vocab = StringTable.pack(vocabWords);
  const codes = StringTable.pack(lexicon.codes.map((c) => c.code));
  const desc = WordTable.pack(lexicon.codes.map((c) => c.longDescription));
  const terms = WordTable.pack(sortedTerms.map(([t]) => t));
  // Every spelling the terms above were read from, with the id it reads as (src/text/known-words.ts).
  const knownWords = KnownWords.listing(wordCache, (w) => wordId.get(w) ?? -1);
  const knownSpellings = StringTable.pack(knownWords.words);
  const billable = Uint8Array.from(lexicon.codes.map((c) => (c.billable ? 1 : 0)));
  const candCodes = Int32Array.from(candCode);
  const candTerms = Int32Array.from(candTerm);
  const sections: Array<[string, TypedArray]> = [
    [S.vocabBytes, vocab.bytes],
    [S.vocabOffsets, vocab.offsets],
    ...sectionsOf(S.known, { bytes: knownSpellings.bytes, offsets: knownSpellings.offsets, ids: knownWords.ids }),
    [S.codeBytes, codes.bytes],
    [S.codeOffsets, codes.offsets],
    [S.descPieceBytes, desc.pieces.bytes],
    [S.descPieceOffsets, desc.pieces.offsets],
    [S.descSeq, desc.seq],
    [S.descBlocks, desc.blocks],
    [S.codeSorted, sortedCodeIndex(lexicon.codes.map((c) => c.code))],
    [S.billable, billable],
    [S.parent, parent],
    [S.termPieceBytes, terms.pieces.bytes],
    [S.termPieceOffsets, terms.pieces.offsets],
    [S.termSeq, terms.seq],
    [S.termBlocks, terms.blocks],
    [S.patStart, patStart],
    [S.candCode, candCodes],
    [S.candTerm, candTerms],
    [S.candSource, Uint8Array.from(candSource)],
    [S.candScore, Float32Array.from(candScore)],
    // Lookup notes are read only by `lookup`; gzip keeps ~19 MB of JSON out of every load.
    [S.lookup, gzipSync(JSON.stringify(lookup), { level: 9 })],
    // Code search: the release's terms and the project's abbreviations (src/search/build.ts).
    ...searchSections({
      codes: lexicon.codes,
      terms: [...lexicon.terms, ...extraTerms.filter((t) => t.source === 'abbreviation')],
      textId: (t) => termRank[termId.get(t) ?? -1] ?? -1,
      wordCache,
    }),
    // The span review's answers for every code and candidate row, from the tables above (src/review/tables.ts).
    ...reviewSections({
      parent,
      billable,
      codes,
      descriptions: desc,
      vocab,
      candCode: candCodes,
      candTerm: candTerms,
      terms,
      codeIndex: (c) => codeIndex.get(c) ?? -1,
    }),
    ...sectionsOf(S.neoplasm, neoplasmTable(lexicon.neoplasmSites, (c) => codeIndex.get(c) ?? -1, (w) => wordId.get(w) ?? -1, options.siteSynonyms)),
    ...sectionsOf(S.ac, { ...arrays, patternLength: narrowPatternLengths(arrays.patternLength) }),
  ];

  const fiscalYears: Record<string, number> = {};
  for (const s of lexicon.sources) fiscalYears[s.role] = s.fiscalYear;
  const bytes = writeArtifact(
    {
      builder: BUILDER_VERSION,
      codesFiscalYear: lexicon.codesFiscalYear,
      fiscalYears,
      sources: lexicon.sources,
      projectDataHash: options.projectDataHash ?? '',
      counts: {
        codes: lexicon.codes.length,
        billableCodes: lexicon.codes.filter((c) => c.billable).length,
        terms: tokenized.length,
        patterns: builder.patterns,
        states: arrays.fail.length,
        vocabulary: vocabWords.length,
      },
    },
    sections,
  );
  return {
    bytes,
    terms: tokenized.length,
    patterns: builder.patterns,
    states: arrays.fail.length,
    vocabulary: vocabWords.length,
    emptyTerms,
    filtered,
  };
}

function dotted(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** Tokens per pattern as bytes (4x smaller; every byte is read at each cold start). */
function narrowPatternLengths(lengths: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(lengths.length);
  for (let p = 0; p < lengths.length; p++) {
    const n = lengths[p] as number;
    if (n > 255) throw new Error(`pattern ${p} has ${n} tokens; the artifact stores at most 255`);
    out[p] = n;
  }
  return out;
}

/**
 * Code indices ordered by dotless code, for CompiledLexicon.codeIndex. Codes are
 * ASCII (checked), so this order is the byte order the search compares in.
 */
function sortedCodeIndex(codes: readonly string[]): Uint32Array {
  const keys = codes.map((c) => {
    if (!/^[\x20-\x7e]*$/.test(c)) throw new Error(`code ${JSON.stringify(c)} is not printable ASCII`);
    return c.replace('.', '');
  });
  const order = keys.map((_, i) => i).sort((a, b) => {
    const x = keys[a] as string;
    const y = keys[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  return Uint32Array.from(order);
}
