/**
 * Words a note puts inside a term: a side or position ("edema of the upper
 * left eyelid"), a preposition of place where the release writes none ("mass
 * in the right kidney", "ulcer on the foot"), a possessive ("pain in her left
 * eye").
 * The automaton reads words in a row, so the term ("Edema, eyelid", "Mass,
 * kidney") is not found, and the note's words are read one by one ("edema",
 * nothing for the kidney).
 *
 * At each run of such words between two words, the words around it are read
 * again without the run: a pattern that starts before the run and ends after
 * it is a mention over the whole phrase, run included, so the review can read
 * the side it says. It replaces the shorter matches inside it; a kept match
 * as long or longer, or one that crosses it, keeps its own reading.
 *
 * A plain walk from the automaton's root from each start before the run, no
 * failure links: the pattern at a state is exactly the words walked. Nothing
 * is allocated per run.
 */
import { transition, type Automaton, type TokenMatch } from '../automaton/automaton.js';
import type { TokenStream } from '../text/tokens.js';
import interposedData from '../../data/text/interposed-words.json' with { type: 'json' };

/** Side and position words, prepositions of place and possessives, as written (data/text/interposed-words.json says why each). */
export const INTERPOSED_WORDS: readonly string[] = interposedData.words;

/** Words read on each side of a run, at most: the longest phrase of one side of most terms. */
const REACH = 5;

export class InterposedWords {
  private readonly skip: Uint8Array;
  private readonly buffer = new Int32Array(2 * REACH);
  private readonly origin = new Int32Array(2 * REACH);

  /** `ids`: vocabulary ids of the interposed words (-1 for any the vocabulary lacks). */
  constructor(
    private readonly automaton: Automaton,
    ids: readonly number[],
  ) {
    this.skip = new Uint8Array(Math.max(0, ...ids) + 1);
    for (const id of ids) if (id >= 0) this.skip[id] = 1;
  }

  private skippable(id: number): boolean {
    return id >= 0 && id < this.skip.length && this.skip[id] === 1;
  }

  /**
   * Matches, in token coordinates of `tokens`, that read through a run of
   * interposed words; `read` are the kept matches. At most one per run: the
   * longest, then the leftmost.
   */
  find(tokens: TokenStream, read: readonly TokenMatch[]): TokenMatch[] {
    const out: TokenMatch[] = [];
    const { ids, count } = tokens;
    for (let i = 1; i < count - 1; i++) {
      if (!this.skippable(ids[i] as number)) continue;
      let j = i + 1;
      while (j < count && this.skippable(ids[j] as number)) j++;
      const run = i;
      i = j - 1;
      if ((ids[run - 1] as number) < 0 || j >= count || (ids[j] as number) < 0) continue;
      const m = this.across(ids, run, j, count);
      if (m !== null && !covered(read, m)) out.push(m);
    }
    return out;
  }

  /** The longest pattern that starts before the run [run, after) and ends after it, words of the run left out. */
  private across(ids: Int32Array, run: number, after: number, count: number): TokenMatch | null {
    const buf = this.buffer;
    const origin = this.origin;
    let left = 0;
    for (let k = run - 1; k >= 0 && left < REACH && (ids[k] as number) >= 0; k--) left++;
    let n = 0;
    for (let k = run - left; k < run; k++, n++) {
      buf[n] = ids[k] as number;
      origin[n] = k;
    }
    for (let k = after; k < count && n < left + REACH && (ids[k] as number) >= 0; k++, n++) {
      buf[n] = ids[k] as number;
      origin[n] = k;
    }
    const a = this.automaton.arrays;
    let best: TokenMatch | null = null;
    for (let p = 0; p < left; p++) {
      let state = 0;
      for (let q = p; q < n; q++) {
        state = transition(a, state, buf[q] as number);
        if (state < 0) break;
        const pattern = a.out[state] as number;
        if (q < left || pattern < 0) continue;
        const start = origin[p] as number;
        const end = (origin[q] as number) + 1;
        if (best === null || end - start > best.end - best.start) best = { pattern, start, end };
      }
    }
    return best;
  }
}

/** Whether a kept match is as long as `m` over it, or crosses one of its ends: its reading stands. */
function covered(read: readonly TokenMatch[], m: TokenMatch): boolean {
  for (const r of read) {
    if (r.end <= m.start || r.start >= m.end) continue;
    if (r.start < m.start || r.end > m.end) return true;
    if (r.end - r.start >= m.end - m.start) return true;
  }
  return false;
}
