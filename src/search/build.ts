/**
 * Builds the search index sections (build time only; see sections.ts for the
 * layout). The searched terms are the release's own: each code's long
 * description, short description, inclusion terms, Alphabetic Index paths
 * (with see-references resolved) and table rows, plus the project's
 * abbreviations. The phrasing variants the compiler adds for detection are not
 * searched: a result names the release term that matched, and the query side
 * reads synonyms and abbreviations instead (expansions).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TypedArray } from '../artifact/format.js';
import { StringTable, WordTable } from '../artifact/strings.js';
import type { CodeRecord, TermRecord } from '../lexicon/types.js';
import { PACKAGE_ROOT } from '../paths.js';
import { scanRaw } from '../text/tokenize.js';
import { termWords } from '../text/tokens.js';
import { normalizeWord, shapeOf } from '../text/word.js';
import { TERM_SOURCES, type TermSource } from '../types.js';
import { SEARCH, type ExpansionFile } from './sections.js';
import { foldSurface } from './surface.js';

/** Which term of a (code, words) pair is shown when several have the same words: the most literal. */
const SOURCE_ORDER: Record<TermSource, number> = {
  description: 0,
  index: 1,
  inclusion: 2,
  'short-description': 3,
  abbreviation: 4,
  'index-see': 5,
  neoplasm: 6,
  drug: 7,
  'external-cause': 8,
};

export interface SearchBuildInput {
  codes: readonly CodeRecord[];
  /** Release terms and the project's additions; only abbreviations are taken from the additions. */
  terms: readonly TermRecord[];
  /** Display term id of a compiled term text, or -1 when the compiler left the text out. */
  textId(text: string): number;
  /** The compiler's word cache (termWords), shared so each surface word is normalised once. */
  wordCache?: Map<string, string | null>;
}

interface Doc {
  code: number;
  text: number;
  source: TermSource;
  words: string[];
  billable: boolean;
}

export function searchSections(input: SearchBuildInput): Array<[string, TypedArray]> {
  const cache = input.wordCache ?? new Map<string, string | null>();
  const codeIndex = new Map(input.codes.map((c, i) => [c.code, i]));
  const byKey = new Map<string, Doc & { display: string }>();
  const surfaces = new Map<string, string>();
  const add = (code: number, text: number, display: string, source: TermSource) => {
    const words = [...new Set(termWords(display, cache))].sort();
    if (words.length === 0 || words.length > 255) return;
    const key = `${code}|${words.join(' ')}`;
    const seen = byKey.get(key);
    if (seen !== undefined && SOURCE_ORDER[seen.source] <= SOURCE_ORDER[source]) return;
    byKey.set(key, { code, text, display, source, words, billable: input.codes[code]?.billable ?? false });
    scanRaw(
      display,
      (s, e) => {
        const written = display.slice(s, e);
        const norm = normalizeWord(written.toLowerCase(), shapeOf(written));
        if (norm !== null) surfaces.set(`${foldSurface(written)}\0${norm}`, norm);
      },
      () => {},
    );
  };
  input.codes.forEach((c, i) => add(i, -1 - i, c.longDescription, 'description'));
  // Every code's short description is searched, also where detection leaves it out (the 7th-character
  // encounter titles): those texts get a table of their own.
  const own: string[] = [];
  input.codes.forEach((c, i) => {
    if (c.shortDescription === '' || c.shortDescription === c.longDescription) return;
    const id = input.textId(c.shortDescription);
    if (id >= 0) add(i, id, c.shortDescription, 'short-description');
    else {
      own.push(c.shortDescription);
      add(i, -1 - input.codes.length - (own.length - 1), c.shortDescription, 'short-description');
    }
  });
  for (const t of input.terms) {
    const code = codeIndex.get(t.code);
    const id = input.textId(t.text);
    if (code === undefined || id < 0) continue;
    add(code, id, t.text, t.source);
  }

  const docs = [...byKey.values()].sort(
    (a, b) =>
      a.words.length - b.words.length ||
      SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] ||
      Number(b.billable) - Number(a.billable) ||
      a.code - b.code ||
      (a.display < b.display ? -1 : a.display > b.display ? 1 : 0),
  );
  const normWords = [...new Set(docs.flatMap((d) => d.words))].sort();
  if (normWords.length > 0xffff) throw new Error(`search index: ${normWords.length} words; document words are stored as u16`);
  const normId = new Map(normWords.map((w, i) => [w, i]));

  const surfaceKeys = [...surfaces.keys()].sort();
  const surfaceWords = surfaceKeys.map((k) => k.slice(0, k.indexOf('\0')));
  const surfaceNorm = Int32Array.from(surfaceKeys.map((k) => normId.get(surfaces.get(k) as string) ?? -1));
  const reversed = surfaceWords.map((w) => [...w].reverse().join(''));
  const surfaceReversed = Uint32Array.from(
    surfaceWords.map((_, i) => i).sort((a, b) => (reversed[a] as string) < (reversed[b] as string) ? -1 : (reversed[a] as string) > (reversed[b] as string) ? 1 : a - b),
  );

  const docStart = new Uint32Array(docs.length + 1);
  let total = 0;
  docs.forEach((d, i) => {
    docStart[i] = total;
    total += d.words.length;
  });
  docStart[docs.length] = total;
  // u16 ids in a byte section, padded to an even length (the section type set has no u16).
  const wordBytes = new Uint8Array(total * 2);
  const wordView = new DataView(wordBytes.buffer);
  let at = 0;
  for (const d of docs) {
    for (const w of d.words) {
      wordView.setUint16(at, normId.get(w) as number, true);
      at += 2;
    }
  }

  const texts = WordTable.pack(own);
  const norm = StringTable.pack(normWords);
  const surface = StringTable.pack(surfaceWords);
  return [
    [SEARCH.normBytes, norm.bytes],
    [SEARCH.normOffsets, norm.offsets],
    [SEARCH.surfaceBytes, surface.bytes],
    [SEARCH.surfaceOffsets, surface.offsets],
    [SEARCH.surfaceNorm, surfaceNorm],
    [SEARCH.surfaceReversed, surfaceReversed],
    [SEARCH.docCode, Int32Array.from(docs.map((d) => d.code))],
    [SEARCH.docText, Int32Array.from(docs.map((d) => d.text))],
    [SEARCH.docSource, Uint8Array.from(docs.map((d) => TERM_SOURCES.indexOf(d.source)))],
    [SEARCH.docStart, docStart],
    [SEARCH.docWords, wordBytes],
    [SEARCH.textPieceBytes, texts.pieces.bytes],
    [SEARCH.textPieceOffsets, texts.pieces.offsets],
    [SEARCH.textSeq, texts.seq],
    [SEARCH.textBlocks, texts.blocks],
    [SEARCH.expansions, new TextEncoder().encode(JSON.stringify(readExpansions()))],
  ];
}

interface AbbreviationEntry {
  abbr: string;
  sense: string;
}
interface AmbiguousFile {
  abbreviations: Array<{ abbr: string; senses: Array<{ code: string | null; sense: string }> }>;
}
interface SynonymData {
  groups: Array<{ words: string[] }>;
  heads?: Array<{ words: string[]; noteOnly?: string[] }>;
}

/**
 * Query-side alternatives, from data the detector already uses: an
 * abbreviation stands for its sense (data/text/abbreviations.json, and every
 * diagnosis sense of data/text/ambiguous-abbreviations.json: a search has no
 * sentence to pick one by), a word the Index sends elsewhere for that entry's
 * wording (data/search/expansions.json: "cancer" is "malignant neoplasm"),
 * and a word for the other words of its synonym
 * group (data/text/synonyms.json; a `noteOnly` head is read into the others,
 * never out of them). A sense's bracketed note and a "/ alternative" tail are
 * dropped: they explain the sense, they are not its words.
 */
export function readExpansions(root: string = PACKAGE_ROOT): ExpansionFile {
  const read = <T>(f: string) => JSON.parse(readFileSync(join(root, 'data/text', f), 'utf8')) as T;
  const phrases: Record<string, Set<string>> = {};
  const synonyms: Record<string, Set<string>> = {};
  const phrase = (key: string, sense: string) => {
    const words = sense.replace(/\([^)]*\)/g, ' ').split(' / ')[0]?.replace(/\s+/g, ' ').trim() ?? '';
    const k = key.toLowerCase();
    if (k.includes(' ') || words === '' || words.toLowerCase() === k) return;
    (phrases[k] ??= new Set()).add(words.toLowerCase());
  };
  for (const e of read<{ entries: AbbreviationEntry[] }>('abbreviations.json').entries) phrase(e.abbr, e.sense);
  for (const a of read<AmbiguousFile>('ambiguous-abbreviations.json').abbreviations) {
    for (const s of a.senses) if (s.code !== null) phrase(a.abbr, s.sense);
  }
  const syn = read<SynonymData>('synonyms.json');
  const group = (words: readonly string[], into: readonly string[] = words) => {
    for (const w of words) {
      for (const o of into) {
        if (o === w) continue;
        if (w.includes(' ')) continue;
        if (o.includes(' ')) (phrases[w] ??= new Set()).add(o);
        else (synonyms[w] ??= new Set()).add(o);
      }
    }
  };
  for (const g of syn.groups) group(g.words);
  for (const h of syn.heads ?? []) {
    const noteOnly = new Set(h.noteOnly ?? []);
    group(h.words, h.words.filter((w) => !noteOnly.has(w)));
  }
  const own = JSON.parse(readFileSync(join(root, 'data/search/expansions.json'), 'utf8')) as { phrases: Array<{ word: string; phrase: string }> };
  for (const e of own.phrases) phrase(e.word, e.phrase);
  const sorted = (r: Record<string, Set<string>>) =>
    Object.fromEntries(Object.keys(r).sort().map((k) => [k, [...(r[k] as Set<string>)].sort()]));
  return { synonyms: sorted(synonyms), phrases: sorted(phrases) };
}
