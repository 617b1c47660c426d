/**
 * A compiled, immutable, word-level Aho-Corasick automaton over token ids. All
 * state lives in flat Int32Arrays so it can be written to the artifact, mapped
 * back as views, and shared between worker threads without copying.
 *
 * Layout (N states, E non-root edges, P patterns, V alphabet size):
 * - rootNext[V]: the root's transitions, dense, 0 = stay at root. The root is hit
 *   on almost every token, so it gets O(1) lookups.
 * - edgeStart[N + 1], edgeKey[E], edgeNext[E]: other states' transitions, CSR,
 *   keys sorted per state for binary search (most states have 1-3 edges).
 * - fail[N]: failure links. out[N]: the pattern ending at the state, or -1.
 * - dict[N]: next state along the failure chain whose out is set, or -1, so that
 *   reporting every match costs one hop per match, not per failure link.
 * - patternLength[P]: tokens per pattern.
 */

export interface AutomatonArrays {
  rootNext: Int32Array;
  edgeStart: Int32Array;
  edgeKey: Int32Array;
  edgeNext: Int32Array;
  fail: Int32Array;
  out: Int32Array;
  dict: Int32Array;
  /** Uint8Array in the artifact (patterns are at most 255 tokens; the compiler checks). */
  patternLength: Int32Array | Uint8Array;
}

/**
 * Tokens in the longest pattern (the artifact stores lengths as bytes). No
 * failure or dictionary chain of a well-formed automaton is longer, so the scan
 * stops following one past it: a damaged artifact costs matches, not a hang.
 */
export const MAX_PATTERN_TOKENS = 255;

/** Named match semantics, as in BurntSushi's aho-corasick. */
export type MatchSemantics = 'leftmost-longest' | 'overlapping';

/** A match in token coordinates: tokens [start, end) spell pattern `pattern`. */
export interface TokenMatch {
  pattern: number;
  start: number;
  end: number;
}

/** Transition from `state` on `token`, or -1 when there is none. */
export function transition(a: AutomatonArrays, state: number, token: number): number {
  if (state === 0) {
    const next = token < a.rootNext.length ? (a.rootNext[token] as number) : 0;
    return next === 0 ? -1 : next;
  }
  let lo = a.edgeStart[state] as number;
  let hi = (a.edgeStart[state + 1] as number) - 1;
  const keys = a.edgeKey;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid] as number;
    if (k === token) return a.edgeNext[mid] as number;
    if (k < token) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export class Automaton {
  readonly alphabetSize: number;
  readonly stateCount: number;
  readonly patternCount: number;

  constructor(readonly arrays: AutomatonArrays) {
    this.alphabetSize = arrays.rootNext.length;
    this.stateCount = arrays.fail.length;
    this.patternCount = arrays.patternLength.length;
  }

  /**
   * Runs the automaton and offers every match to `sink` as (pattern, start,
   * end), overlapping, in order of end position (then longest first). Tokens
   * below 0 (unknown words, boundaries) reset the automaton. The sink is an
   * object rather than a callback: the few sink classes (LongestAtStart, the
   * overlapping list, the section finder) keep this call site polymorphic and
   * inlined, where closures from several places made it a call per match.
   */
  scan(tokens: Int32Array, count: number, sink: MatchSink): void {
    const { rootNext, fail, out, dict, patternLength } = this.arrays;
    let state = 0;
    for (let i = 0; i < count; i++) {
      const t = tokens[i] as number;
      if (t < 0) {
        state = 0;
        continue;
      }
      // Most tokens leave the root for nowhere; the root is never a match (artifact/bounds.ts checks it).
      if (state === 0 && (t >= rootNext.length || rootNext[t] === 0)) continue;
      let next = transition(this.arrays, state, t);
      for (let hops = 0; next < 0 && state !== 0 && hops < MAX_PATTERN_TOKENS; hops++) {
        state = fail[state] as number;
        next = transition(this.arrays, state, t);
      }
      state = next < 0 ? 0 : next;
      let s = (out[state] as number) >= 0 ? state : (dict[state] as number);
      for (let hops = 0; s >= 0 && hops < MAX_PATTERN_TOKENS; hops++) {
        const p = out[s] as number;
        const start = i + 1 - (patternLength[p] as number);
        if (p >= 0 && start >= 0) sink.offer(p, start, i + 1);
        s = dict[s] as number;
      }
    }
  }

  /** Every match, overlapping, in order of end position (then longest first). */
  findOverlapping(tokens: Int32Array, count: number = tokens.length): TokenMatch[] {
    const list = new MatchList();
    this.scan(tokens, count, list);
    return list.matches;
  }

  /**
   * Leftmost-longest without materialising every overlapping match: keep the
   * longest match per start token (lowest pattern id on ties), then sweep left
   * to right. Same result as leftmostLongest(findOverlapping(...)).
   */
  findLeftmostLongest(tokens: Int32Array, count: number = tokens.length): TokenMatch[] {
    const best = new LongestAtStart(count);
    this.scan(tokens, count, best);
    const chosen: TokenMatch[] = [];
    best.sweep((start, end, pattern) => {
      chosen.push({ pattern, start, end });
      return true;
    });
    return chosen;
  }

  find(tokens: Int32Array, count: number = tokens.length, semantics: MatchSemantics = 'leftmost-longest'): TokenMatch[] {
    return semantics === 'overlapping' ? this.findOverlapping(tokens, count) : this.findLeftmostLongest(tokens, count);
  }
}

/** What `scan` offers its matches to. */
export interface MatchSink {
  offer(pattern: number, start: number, end: number): void;
}

/** Every match offered, in order (overlapping matches). */
class MatchList implements MatchSink {
  readonly matches: TokenMatch[] = [];
  offer(pattern: number, start: number, end: number): void {
    this.matches.push({ pattern, start, end });
  }
}

/**
 * The two halves of leftmost-longest over a scan: `offer` every match, keeping
 * the longest per start token (lowest pattern id on ties); then `sweep` left to
 * right. Cheaper than sorting the matches on long texts.
 */
export class LongestAtStart implements MatchSink {
  private readonly bestEnd: Int32Array;
  private readonly bestPattern: Int32Array;

  constructor(private readonly count: number) {
    this.bestEnd = new Int32Array(count);
    this.bestPattern = new Int32Array(count);
  }

  offer(pattern: number, start: number, end: number): void {
    const e = this.bestEnd[start] as number;
    if (end > e || (end === e && pattern < (this.bestPattern[start] as number))) {
      this.bestEnd[start] = end;
      this.bestPattern[start] = pattern;
    }
  }

  /**
   * Calls `take` with each start's longest match that no match taken before
   * overlaps, left to right. `take` returns false to pass a match over; its
   * tokens then stay free for the matches that start inside it.
   */
  sweep(take: (start: number, end: number, pattern: number) => boolean): void {
    const bestEnd = this.bestEnd;
    for (let start = 0; start < this.count; start++) {
      const end = bestEnd[start] as number;
      // A taken match's tokens start nothing: go on from its end (end > start, so this always advances).
      if (end !== 0 && take(start, end, this.bestPattern[start] as number)) start = end - 1;
    }
  }
}

/**
 * Leftmost-longest selection: take the match that starts first (longest among
 * those), skip everything overlapping it, repeat. Equal spans keep the lower
 * pattern id so the choice is deterministic.
 */
export function leftmostLongest(matches: readonly TokenMatch[]): TokenMatch[] {
  const sorted = [...matches].sort((a, b) => a.start - b.start || b.end - a.end || a.pattern - b.pattern);
  const chosen: TokenMatch[] = [];
  let frontier = -1;
  for (const m of sorted) {
    if (m.start >= frontier) {
      chosen.push(m);
      frontier = m.end;
    }
  }
  return chosen;
}
