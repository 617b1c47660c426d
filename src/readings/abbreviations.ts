/**
 * Ambiguous abbreviations (PE, MS, RA...), resolved at scan time by the words
 * around them. They are not automaton terms: a term has one ranked code list,
 * and which sense "PE" has depends on its sentence, not on the two letters.
 *
 * Data: data/text/ambiguous-abbreviations.json, `{format: 1, description,
 * abbreviations: [{abbr, senses: [{code, sense, cues}]}]}`. An occurrence is the
 * abbreviation written exactly as listed (case-sensitive, whole word, an
 * optional plural "s"). Each sense scores one point per cue word or phrase
 * found in the occurrence's sentence (after the shared normaliser, so
 * inflections match); the highest score wins. No cue at all, or two senses
 * tied, gives nothing; so does a winning sense that is not a diagnosis
 * (`code: null`, e.g. PE = physical examination). Occurrences already covered
 * by a span of the automaton are left alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledLexicon } from '../artifact/model.js';
import { IcdError, type Issue } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { Span } from '../types.js';
import { round3, spanConfidence } from '../scoring/confidence.js';
import { normalizedWords } from '../review/agreement.js';
import { SOURCE_WEIGHT } from '../scoring/weights.js';

export interface AbbreviationSense {
  /** Dotted ICD-10-CM code, or null for a reading that is not a diagnosis. */
  code: string | null;
  sense: string;
  cues: string[];
}

export interface AmbiguousAbbreviationFile {
  format: 1;
  description: string;
  abbreviations: Array<{ abbr: string; senses: AbbreviationSense[] }>;
}

export const DEFAULT_AMBIGUOUS_FILE = join(PACKAGE_ROOT, 'data/text/ambiguous-abbreviations.json');

/** Validates the file, reporting every problem with its path. */
export function parseAmbiguousAbbreviations(data: unknown, file = 'ambiguous-abbreviations.json'): AmbiguousAbbreviationFile {
  const issues: Issue[] = [];
  const obj = data as Record<string, unknown> | null;
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new IcdError('E_RULES_INVALID', `${file}: not a JSON object`);
  const unknown = (o: Record<string, unknown>, keys: string[], path: string): void => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) issues.push({ path: path === '' ? k : `${path}.${k}`, message: 'unknown key' });
  };
  unknown(obj, ['format', 'description', 'abbreviations'], '');
  if (obj.format !== 1) issues.push({ path: 'format', message: 'unsupported format', expected: '1', received: String(obj.format) });
  if (typeof obj.description !== 'string' || obj.description.length === 0) issues.push({ path: 'description', message: 'provenance description required' });
  if (!Array.isArray(obj.abbreviations)) issues.push({ path: 'abbreviations', message: 'must be an array' });
  const seen = new Set<string>();
  (Array.isArray(obj.abbreviations) ? obj.abbreviations : []).forEach((a: unknown, i: number) => {
    const path = `abbreviations[${i}]`;
    const entry = a as Record<string, unknown> | null;
    if (entry === null || typeof entry !== 'object') return void issues.push({ path, message: 'must be an object' });
    unknown(entry, ['abbr', 'senses'], path);
    if (typeof entry.abbr !== 'string' || !/^[A-Za-z][A-Za-z0-9]{1,7}$/.test(entry.abbr)) issues.push({ path: `${path}.abbr`, message: 'two to eight letters or digits' });
    else if (seen.has(entry.abbr)) issues.push({ path: `${path}.abbr`, message: `duplicate ${entry.abbr}` });
    else seen.add(entry.abbr);
    if (!Array.isArray(entry.senses) || entry.senses.length < 2) return void issues.push({ path: `${path}.senses`, message: 'at least two senses' });
    entry.senses.forEach((s: unknown, j: number) => {
      const sp = `${path}.senses[${j}]`;
      const sense = s as Record<string, unknown> | null;
      if (sense === null || typeof sense !== 'object') return void issues.push({ path: sp, message: 'must be an object' });
      unknown(sense, ['code', 'sense', 'cues'], sp);
      if (!(sense.code === null || (typeof sense.code === 'string' && /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(sense.code)))) {
        issues.push({ path: `${sp}.code`, message: 'a dotted ICD-10-CM code or null', received: String(sense.code) });
      }
      if (typeof sense.sense !== 'string' || sense.sense.length === 0) issues.push({ path: `${sp}.sense`, message: 'required' });
      if (!Array.isArray(sense.cues) || sense.cues.length === 0 || !sense.cues.every((c) => typeof c === 'string' && c.trim().length > 0)) {
        issues.push({ path: `${sp}.cues`, message: 'a non-empty array of words or phrases' });
      }
    });
  });
  if (issues.length > 0) {
    throw new IcdError('E_RULES_INVALID', `${file}: ${issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`, { issues });
  }
  return obj as unknown as AmbiguousAbbreviationFile;
}

export function loadAmbiguousAbbreviations(path = DEFAULT_AMBIGUOUS_FILE): AmbiguousAbbreviationFile {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new IcdError('E_RULES_INVALID', `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseAmbiguousAbbreviations(data, path);
}

/** Appends the normalised words of `text[from, to)` to `out`, read by the shared tokenizer. */
function normalisedInto(out: string[], text: string, from: number, to: number): void {
  if (from < to) out.push(...normalizedWords(text.slice(from, to)));
}

/** Whether `needle` occurs in `haystack` at `at`. */
function occursAt(haystack: readonly string[], at: number, needle: readonly string[]): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let j = 0; j < needle.length; j++) if (haystack[at + j] !== needle[j]) return false;
  return true;
}

interface CompiledSense {
  code: number; // -1: not a diagnosis (or a code this release lacks)
  sense: string;
  cues: string[][];
}

/** The cues of one abbreviation, indexed by their first word so a sentence is read once. */
interface CompiledAbbreviation {
  senses: CompiledSense[];
  /** First cue word -> the cues starting with it: [sense index, cue id (over all senses), words]. */
  byFirstWord: Map<string, Array<[number, number, string[]]>>;
  cueCount: number;
}

function compileAbbreviation(senses: CompiledSense[]): CompiledAbbreviation {
  const byFirstWord = new Map<string, Array<[number, number, string[]]>>();
  let cueCount = 0;
  senses.forEach((sense, si) => {
    for (const cue of sense.cues) {
      const first = cue[0] as string;
      let list = byFirstWord.get(first);
      if (list === undefined) byFirstWord.set(first, (list = []));
      list.push([si, cueCount++, cue]);
    }
  });
  return { senses, byFirstWord, cueCount };
}

/**
 * Whether any of `taken` overlaps `[start, end)`: spans sorted by start with
 * the farthest end so far, so a test is a binary search (a note has hundreds of spans).
 */
function overlapTest(taken: readonly Span[]): (start: number, end: number) => boolean {
  const sorted = [...taken].sort((a, b) => a.start - b.start);
  const starts = sorted.map((t) => t.start);
  const reach: number[] = [];
  let far = -Infinity;
  for (const t of sorted) reach.push((far = Math.max(far, t.end)));
  return (start, end) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if ((starts[m] as number) < end) lo = m + 1;
      else hi = m;
    }
    return lo > 0 && (reach[lo - 1] as number) > start;
  };
}

export interface Resolution {
  abbr: string;
  sense: string;
  /** Code index in the lexicon; -1 when the winning sense is not a diagnosis. */
  code: number;
  /** Cues of the winning sense found in the sentence. */
  hits: number;
}

export class AbbreviationResolver {
  private readonly senses = new Map<string, CompiledAbbreviation>();
  private readonly pattern: RegExp | null;
  // Reused by resolve: the sentence's words, and the cues found in it.
  private readonly words: string[] = [];
  private found = new Uint8Array(0);
  private hits: number[] = [];

  constructor(
    file: AmbiguousAbbreviationFile,
    private readonly lexicon: CompiledLexicon,
  ) {
    for (const a of file.abbreviations) {
      const compiled = compileAbbreviation(
        a.senses.map((s) => ({
          code: s.code === null ? -1 : lexicon.codeIndex(s.code),
          sense: s.sense,
          cues: s.cues.map(normalizedWords).filter((c) => c.length > 0),
        })),
      );
      this.senses.set(a.abbr, compiled);
      if (compiled.cueCount > this.found.length) this.found = new Uint8Array(compiled.cueCount);
    }
    const names = [...this.senses.keys()].sort((x, y) => y.length - x.length);
    this.pattern = names.length === 0 ? null : new RegExp(`(?<![A-Za-z0-9-])(${names.join('|')})s?(?![A-Za-z0-9-])`, 'g');
  }

  /**
   * The sense of the abbreviation at `[start, end)` of `text` (`abbr` as listed),
   * or null when the sentence does not decide. `around` gives the sentence of a
   * range (the note's segmentation, Note.sentenceAround).
   */
  resolve(text: string, abbr: string, start: number, end: number, around: SentenceLocator): Resolution | null {
    const a = this.senses.get(abbr);
    if (a === undefined) return null;
    const s = around(start, end);
    // The abbreviation itself is not a cue for any sense.
    const words = this.words;
    words.length = 0;
    normalisedInto(words, text, s.start, start);
    normalisedInto(words, text, end, s.end);
    // Each cue counts once however often it occurs.
    const found = this.found.fill(0, 0, a.cueCount);
    const hits = this.hits;
    hits.length = 0;
    for (let i = 0; i < a.senses.length; i++) hits.push(0);
    for (let i = 0; i < words.length; i++) {
      const cues = a.byFirstWord.get(words[i] as string);
      if (cues === undefined) continue;
      for (const [sense, id, cue] of cues) {
        if (found[id] === 0 && occursAt(words, i, cue)) {
          found[id] = 1;
          hits[sense] = (hits[sense] as number) + 1;
        }
      }
    }
    let best = -1;
    let tie = false;
    for (let i = 0; i < a.senses.length; i++) {
      const h = hits[i] as number;
      if (h === 0) continue;
      if (best < 0 || h > (hits[best] as number)) {
        best = i;
        tie = false;
      } else if (h === hits[best]) tie = true;
    }
    if (best < 0 || tie) return null;
    const sense = a.senses[best] as CompiledSense;
    return { abbr, sense: sense.sense, code: sense.code, hits: hits[best] as number };
  }

  /** Spans for the ambiguous abbreviations of `text` that resolve to a diagnosis and overlap none of `taken`. */
  spans(text: string, taken: readonly Span[], around: SentenceLocator): Span[] {
    if (this.pattern === null) return [];
    const out: Span[] = [];
    const lx = this.lexicon;
    let overlaps: ((start: number, end: number) => boolean) | undefined;
    // exec over the one pattern rather than matchAll, which copies the regex per note.
    const pattern = this.pattern;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      overlaps ??= overlapTest(taken);
      if (overlaps(start, end)) continue;
      const r = this.resolve(text, m[1] as string, start, end, around);
      if (r === null || r.code < 0) continue;
      const code = lx.codes.get(r.code);
      const billable = lx.billable[r.code] === 1;
      const weight = SOURCE_WEIGHT.abbreviation;
      // One cue is weaker evidence than two.
      const score = round3(spanConfidence({ topScore: weight, secondScore: 0, tokens: 1, billable, code, source: 'abbreviation' }) * (r.hits >= 2 ? 1 : 0.85));
      out.push({
        start,
        end,
        text: m[0],
        score,
        term: r.abbr,
        source: 'abbreviation',
        concepts: [{ code, description: lx.descriptions.get(r.code), billable, score: round3(weight), term: r.abbr, source: 'abbreviation' }],
      });
    }
    return out;
  }
}

/** The characters of the sentence around a range of the note. */
export type SentenceLocator = (start: number, end: number) => { start: number; end: number };
