/**
 * Bounds checks over a mapped artifact. The body hash proves the bytes are the
 * ones a build wrote; these prove that whatever the bytes say can be read
 * safely: every offset and index stays in its table, every string decodes
 * within its bytes, and code and neoplasm parents form no cycle; the automaton
 * scan bounds its own link chains (automaton.ts). A hash is no signature, so
 * these run on every load, whether or not the hash was checked.
 */
import { MAX_PATTERN_TOKENS } from '../automaton/automaton.js';
import { TERM_SOURCES } from '../types.js';
import type { CompiledLexicon } from './model.js';
import { corrupt } from './read.js';
import { S } from './sections.js';
import { StringTable } from './strings.js';

/** Longest chain of code parents (D-codes have at most 7 characters, so 4 levels). */
const MAX_CODE_DEPTH = 16;

type Ints = ArrayLike<number>;

/** Throws E_ARTIFACT_INVALID naming the first section whose contents cannot be read safely. */
export function checkLexicon(lx: CompiledLexicon): void {
  const fail = (section: string, why: string | null): void => {
    if (why !== null) throw corrupt(section, why);
  };
  fail(S.vocabOffsets, lx.vocab.problem());
  fail(S.codeOffsets, lx.codes.problem());
  fail(S.descPieceOffsets, lx.descriptions.pieces.problem());
  fail(S.descSeq, lx.descriptions.problem());
  fail(S.termPieceOffsets, lx.terms.pieces.problem());
  fail(S.termSeq, lx.terms.problem());

  const codes = lx.codes.length;
  fail(S.descBlocks, lx.descriptions.length === codes ? null : `${lx.descriptions.length} descriptions for ${codes} codes`);
  fail(S.billable, lx.billable.length === codes ? null : `${lx.billable.length} entries for ${codes} codes`);
  fail(S.codeSorted, lx.codeSorted.length === codes ? null : `${lx.codeSorted.length} entries for ${codes} codes`);
  fail(S.codeSorted, inRange(lx.codeSorted, 0, codes));
  fail(S.parent, lx.parent.length === codes ? null : `${lx.parent.length} entries for ${codes} codes`);
  fail(S.parent, inRange(lx.parent, -1, codes) ?? acyclic(lx.parent, MAX_CODE_DEPTH));

  const a = lx.automaton.arrays;
  const patterns = a.patternLength.length;
  fail(S.patStart, lx.patStart.length === patterns + 1 ? null : `${lx.patStart.length} entries for ${patterns} patterns`);
  const rows = lx.candCode.length;
  fail(S.patStart, rising(lx.patStart, rows));
  for (const [name, arr] of [[S.candTerm, lx.candTerm], [S.candSource, lx.candSource], [S.candScore, lx.candScore]] as const) {
    fail(name, arr.length === rows ? null : `${arr.length} rows, ${S.candCode} has ${rows}`);
  }
  // One pass over the candidate rows (a pass per column cost twice the time, cold).
  const terms = lx.terms.length;
  const sources = TERM_SOURCES.length;
  const { candCode, candTerm, candSource, candScore } = lx;
  for (let i = 0; i < rows; i++) {
    const c = candCode[i] as number;
    const t = candTerm[i] as number;
    if (!(c >= 0 && c < codes)) fail(S.candCode, `row ${i} names code ${c} of ${codes}`);
    if (!(t >= 0 && t < terms)) fail(S.candTerm, `row ${i} names term ${t} of ${terms}`);
    if ((candSource[i] as number) >= sources) fail(S.candSource, `row ${i} names source ${String(candSource[i])}`);
    if (!Number.isFinite(candScore[i])) fail(S.candScore, `row ${i} is not a finite number`);
  }

  checkAutomaton(lx, fail);
  checkNeoplasm(lx, codes, fail);
  checkReview(lx, codes, rows, fail);
  const known = lx.knownWords;
  fail(S.known.offsets, new StringTable(known.bytes, known.offsets).problem());
  fail(S.known.ids, known.ids.length === known.offsets.length - 1 ? null : `${known.ids.length} ids for ${known.offsets.length - 1} words`);
  // A word reads as a vocabulary word or as a stopword (-3), never as unknown.
  fail(S.known.ids, inRange(known.ids, -3, lx.vocab.length) ?? (known.ids.some((id) => id === -1 || id === -2) ? 'an id of -1 or -2' : null));
}

function checkAutomaton(lx: CompiledLexicon, fail: (section: string, why: string | null) => void): void {
  const a = lx.automaton.arrays;
  const states = a.fail.length;
  const patterns = a.patternLength.length;
  if (states === 0) fail(S.ac.fail, 'no states');
  for (const [name, arr] of [[S.ac.out, a.out], [S.ac.dict, a.dict]] as const) {
    fail(name, arr.length === states ? null : `${arr.length} entries for ${states} states`);
  }
  fail(S.ac.edgeStart, a.edgeStart.length === states + 1 ? null : `${a.edgeStart.length} entries for ${states} states`);
  fail(S.ac.edgeNext, a.edgeNext.length === a.edgeKey.length ? null : `${a.edgeNext.length} edges, ${S.ac.edgeKey} has ${a.edgeKey.length}`);
  fail(S.ac.edgeStart, rising(a.edgeStart, a.edgeKey.length));
  fail(S.ac.rootNext, inRange(a.rootNext, 0, states));
  fail(S.ac.edgeNext, inRange(a.edgeNext, 1, states));
  const { out, dict } = a;
  for (let s = 0; s < states; s++) {
    const f = a.fail[s] as number;
    const o = out[s] as number;
    const d = dict[s] as number;
    if (!(f >= 0 && f < states)) fail(S.ac.fail, `state ${s} fails to ${f} of ${states}`);
    if (!(o >= -1 && o < patterns)) fail(S.ac.out, `state ${s} names pattern ${o} of ${patterns}`);
    if (!(d >= -1 && d < states)) fail(S.ac.dict, `state ${s} links to ${d} of ${states}`);
  }
  // Failure and dictionary chains are not walked here (a breadth-first pass cost
  // ~0.5 s cold): the scan bounds each chain by the longest pattern instead
  // (automaton.ts), so a damaged link costs matches, never a hang.
  for (let p = 0; p < patterns; p++) {
    const n = a.patternLength[p] as number;
    if (n < 1 || n > MAX_PATTERN_TOKENS) fail(S.ac.patternLength, `pattern ${p} has length ${n}`);
  }
  if ((a.out[0] as number) >= 0 || (a.dict[0] as number) >= 0) fail(S.ac.out, 'the root cannot be a match');
}

function checkNeoplasm(lx: CompiledLexicon, codes: number, fail: (section: string, why: string | null) => void): void {
  const t = lx.neoplasm;
  const rows = t.parent.length;
  const columns = t.unspecified.length;
  fail(S.neoplasm.unspecified, inRange(t.unspecified, -1, codes));
  fail(S.neoplasm.codes, t.codes.length === rows * columns ? null : `${t.codes.length} codes for ${rows} rows of ${columns} columns`);
  fail(S.neoplasm.codes, inRange(t.codes, -1, codes));
  // Rows are written parents first, which also rules out a cycle.
  for (let r = 0; r < rows; r++) {
    const p = t.parent[r] as number;
    if (p < -1 || p >= r) fail(S.neoplasm.parent, `row ${r}'s parent ${p} does not come before it`);
  }
  fail(S.neoplasm.altRow, inRange(t.altRow, 0, rows));
  fail(S.neoplasm.altStart, t.altStart.length === t.altRow.length + 1 ? null : `${t.altStart.length} entries for ${t.altRow.length} spellings`);
  fail(S.neoplasm.altStart, rising(t.altStart, t.altWords.length));
  fail(S.neoplasm.altWords, inRange(t.altWords, 0, lx.vocab.length));
}

/** The review's tables (review/tables.ts): every code, word and row they name exists, and each code's options end where the next code's start. */
function checkReview(lx: CompiledLexicon, codes: number, rows: number, fail: (section: string, why: string | null) => void): void {
  const r = lx.review;
  const n = S.review;
  fail(n.flags, r.flags.length === codes ? null : `${r.flags.length} entries for ${codes} codes`);
  fail(n.flags, inRange(r.flags, 0, 8));
  fail(n.defaults, r.defaults.length === codes ? null : `${r.defaults.length} entries for ${codes} codes`);
  fail(n.defaults, inRange(r.defaults, -1, codes));
  fail(n.encounter, r.encounter.length === 2 * codes ? null : `${r.encounter.length} entries for ${codes} codes`);
  fail(n.encounter, inRange(r.encounter, -1, codes));
  fail(n.optionStart, r.optionStart.length === codes + 1 ? null : `${r.optionStart.length} entries for ${codes} codes`);
  fail(n.optionStart, rising(r.optionStart, r.options.length));
  fail(n.optionStart, r.optionStart[codes] === r.options.length ? null : `ends at ${String(r.optionStart[codes])}, not at the ${r.options.length} options`);
  // Option layout (review/refinements.ts): CODE, WORDS, LOCAL, DIGIT_INTS, then the word ids and digit pairs.
  const data = r.options;
  const words = lx.vocab.length;
  for (let c = 0; c < codes; c++) {
    const end = r.optionStart[c + 1] as number;
    for (let at = r.optionStart[c] as number; at < end; ) {
      const wordCount = data[at + 1] as number;
      const local = data[at + 2] as number;
      const digitInts = data[at + 3] as number;
      const next = at + 4 + wordCount + digitInts;
      if (!(at + 4 <= end && wordCount >= 0 && digitInts >= 0 && digitInts % 2 === 0 && next <= end)) fail(n.options, `code ${c}'s option at ${at} runs past its end`);
      if (!((data[at] as number) >= 0 && (data[at] as number) < codes)) fail(n.options, `code ${c}'s option at ${at} names code ${String(data[at])}`);
      if (!(local >= -1 && local < wordCount)) fail(n.options, `code ${c}'s option at ${at} has word ${local} of ${wordCount} for 'localized'`);
      for (let k = at + 4; k < next; k++) {
        const id = data[k] as number;
        if (!(id >= -1 && id < words)) fail(n.options, `entry ${k} names word ${id} of ${words}`);
      }
      at = next;
    }
  }
  fail(n.namedCode, r.namedCode.length === r.namedRow.length ? null : `${r.namedCode.length} codes for ${r.namedRow.length} rows`);
  fail(n.namedCode, inRange(r.namedCode, 0, codes));
  for (let i = 0; i < r.namedRow.length; i++) {
    const row = r.namedRow[i] as number;
    if (!(row < rows && (i === 0 || row > (r.namedRow[i - 1] as number)))) fail(n.namedRow, `entry ${i} (${row}) is out of order or past ${rows} rows`);
  }
}

/** Null when every value is in [lo, hi). */
function inRange(arr: Ints, lo: number, hi: number): string | null {
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i] as number;
    if (!(v >= lo && v < hi)) return `entry ${i} (${v}) is outside [${lo}, ${hi})`;
  }
  return null;
}

/** Null when the values never fall, start at 0 or more and end at most at `max`. */
function rising(arr: Ints, max: number): string | null {
  let prev = 0;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i] as number;
    if (v < prev || v > max) return `entry ${i} (${v}) is out of order or past ${max}`;
    prev = v;
  }
  return null;
}

/** Null when following parents from any entry reaches -1 within `limit` steps. */
function acyclic(parent: Ints, limit: number): string | null {
  for (let i = 0; i < parent.length; i++) {
    let p = parent[i] as number;
    for (let n = 0; p >= 0; n++, p = parent[p] as number) if (n >= limit) return `entry ${i}'s parents form a cycle`;
  }
  return null;
}
