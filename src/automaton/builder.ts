/**
 * The one construction path: patterns go into a sparse trie, failure and
 * dictionary links are computed breadth-first, and the result is flattened into
 * AutomatonArrays. Identical token sequences share one pattern id.
 */
import { Automaton, transition, type AutomatonArrays } from './automaton.js';
import { IcdError } from '../errors.js';

export class AutomatonBuilder {
  // Sparse trie: one Map for all edges keyed by state * alphabet + token. A Map per
  // state costs ~10x the memory at a million states.
  private readonly edges = new Map<number, number>();
  private readonly patternState: number[] = [];
  private readonly patternLength: number[] = [];
  private readonly stateOut: number[] = [-1];
  private stateCount = 1;

  constructor(readonly alphabetSize: number) {
    if (!Number.isInteger(alphabetSize) || alphabetSize < 1) {
      throw new IcdError('E_OPTION_INVALID', `alphabetSize must be a positive integer, got ${alphabetSize}`);
    }
  }

  get patterns(): number {
    return this.patternState.length;
  }

  /** Adds a token sequence; returns its pattern id (the existing one when already added). */
  add(tokens: ArrayLike<number>): number {
    if (tokens.length === 0) throw new IcdError('E_OPTION_INVALID', 'a pattern needs at least one token');
    let state = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as number;
      if (!Number.isInteger(t) || t < 0 || t >= this.alphabetSize) {
        throw new IcdError('E_OPTION_INVALID', `token ${t} is outside the alphabet [0, ${this.alphabetSize})`);
      }
      const key = state * this.alphabetSize + t;
      let next = this.edges.get(key);
      if (next === undefined) {
        next = this.stateCount++;
        this.edges.set(key, next);
        this.stateOut.push(-1);
      }
      state = next;
    }
    const existing = this.stateOut[state] as number;
    if (existing >= 0) return existing;
    const id = this.patternState.length;
    this.patternState.push(state);
    this.patternLength.push(tokens.length);
    this.stateOut[state] = id;
    return id;
  }

  build(): Automaton {
    return new Automaton(this.compile());
  }

  compile(): AutomatonArrays {
    const n = this.stateCount;
    const v = this.alphabetSize;
    // Group edges by source state, keys ascending (CSR).
    const triples: number[][] = [];
    for (const [key, next] of this.edges) {
      triples.push([Math.floor(key / v), key % v, next]);
    }
    triples.sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
    const rootNext = new Int32Array(v);
    const edgeStart = new Int32Array(n + 1);
    const nonRoot = triples.filter((t) => t[0] !== 0);
    const edgeKey = new Int32Array(nonRoot.length);
    const edgeNext = new Int32Array(nonRoot.length);
    for (const [from, tok, to] of triples) {
      if (from === 0) rootNext[tok as number] = to as number;
    }
    let e = 0;
    for (let s = 0; s < n; s++) {
      edgeStart[s] = e;
      while (e < nonRoot.length && (nonRoot[e] as number[])[0] === s) {
        edgeKey[e] = (nonRoot[e] as number[])[1] as number;
        edgeNext[e] = (nonRoot[e] as number[])[2] as number;
        e++;
      }
    }
    edgeStart[n] = e;

    const out = Int32Array.from(this.stateOut);
    const fail = new Int32Array(n);
    const dict = new Int32Array(n).fill(-1);
    const arrays: AutomatonArrays = {
      rootNext,
      edgeStart,
      edgeKey,
      edgeNext,
      fail,
      out,
      dict,
      patternLength: Int32Array.from(this.patternLength),
    };

    // Breadth-first so that every state's failure target is final before its children.
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (let t = 0; t < v; t++) {
      const child = rootNext[t] as number;
      if (child !== 0) queue[tail++] = child; // fail = 0 already
    }
    while (head < tail) {
      const s = queue[head++] as number;
      const f = fail[s] as number;
      dict[s] = (out[f] as number) >= 0 ? f : (dict[f] as number);
      for (let k = edgeStart[s] as number; k < (edgeStart[s + 1] as number); k++) {
        const t = edgeKey[k] as number;
        const child = edgeNext[k] as number;
        let g = f;
        let target = transition(arrays, g, t);
        while (target < 0 && g !== 0) {
          g = fail[g] as number;
          target = transition(arrays, g, t);
        }
        fail[child] = target < 0 ? 0 : target;
        queue[tail++] = child;
      }
    }
    return arrays;
  }
}
