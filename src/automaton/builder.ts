/**
 * The one construction path: patterns go into a sparse trie, failure and
 * dictionary links are computed breadth-first, and the result is flattened into
 * AutomatonArrays. Identical token sequences share one pattern id.
 */
import { Automaton, transition, type AutomatonArrays } from './automaton.js';
import { IcdError } from '../errors.js';

/** Growable Int32 column; the builder holds ~10^6 edges and plain arrays of numbers cost GC time. */
class IntColumn {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class AutomatonBuilder {
  // Sparse trie edges in an open-addressing hash table keyed by (state, token).
  // A JS Map keyed by state * alphabet + token overflows small integers and
  // spent a quarter of the build in the garbage collector.
  private slotState = new Int32Array(1 << 16).fill(-1);
  private slotToken = new Int32Array(1 << 16);
  private slotNext = new Int32Array(1 << 16);
  private used = 0;
  private readonly edgeFrom = new IntColumn();
  private readonly edgeToken = new IntColumn();
  private readonly edgeTo = new IntColumn();
  private readonly patternLength = new IntColumn();
  private readonly stateOut = new IntColumn();
  private stateCount = 1;

  constructor(readonly alphabetSize: number) {
    if (!Number.isInteger(alphabetSize) || alphabetSize < 1) {
      throw new IcdError('E_OPTION_INVALID', `alphabetSize must be a positive integer, got ${alphabetSize}`);
    }
    this.stateOut.push(-1);
  }

  get patterns(): number {
    return this.patternLength.length;
  }

  private slot(state: number, token: number): number {
    const mask = this.slotState.length - 1;
    let h = (Math.imul(state, 0x9e3779b1) ^ Math.imul(token, 0x85ebca77)) & mask;
    for (;;) {
      const s = this.slotState[h] as number;
      if (s === -1 || (s === state && this.slotToken[h] === token)) return h;
      h = (h + 1) & mask;
    }
  }

  private grow(): void {
    const oldState = this.slotState;
    const oldToken = this.slotToken;
    const oldNext = this.slotNext;
    this.slotState = new Int32Array(oldState.length * 2).fill(-1);
    this.slotToken = new Int32Array(oldState.length * 2);
    this.slotNext = new Int32Array(oldState.length * 2);
    for (let i = 0; i < oldState.length; i++) {
      const st = oldState[i] as number;
      if (st === -1) continue;
      const h = this.slot(st, oldToken[i] as number);
      this.slotState[h] = st;
      this.slotToken[h] = oldToken[i] as number;
      this.slotNext[h] = oldNext[i] as number;
    }
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
      let h = this.slot(state, t);
      if (this.slotState[h] === -1) {
        if ((this.used + 1) * 2 > this.slotState.length) {
          this.grow();
          h = this.slot(state, t);
        }
        const next = this.stateCount++;
        this.slotState[h] = state;
        this.slotToken[h] = t;
        this.slotNext[h] = next;
        this.used++;
        this.edgeFrom.push(state);
        this.edgeToken.push(t);
        this.edgeTo.push(next);
        this.stateOut.push(-1);
      }
      state = this.slotNext[h] as number;
    }
    const existing = this.stateOut.data[state] as number;
    if (existing >= 0) return existing;
    const id = this.patternLength.length;
    this.patternLength.push(tokens.length);
    this.stateOut.data[state] = id;
    return id;
  }

  build(): Automaton {
    return new Automaton(this.compile());
  }

  compile(): AutomatonArrays {
    const n = this.stateCount;
    const v = this.alphabetSize;
    const from = this.edgeFrom.data;
    const tok = this.edgeToken.data;
    const to = this.edgeTo.data;
    const total = this.edgeFrom.length;
    // CSR by counting sort on the source state; each state's few edges are then
    // insertion-sorted by token so lookups can binary-search.
    const rootNext = new Int32Array(v);
    const edgeStart = new Int32Array(n + 1);
    for (let e = 0; e < total; e++) {
      if (from[e] === 0) rootNext[tok[e] as number] = to[e] as number;
      else {
        const j = (from[e] as number) + 1;
        edgeStart[j] = (edgeStart[j] as number) + 1;
      }
    }
    for (let s = 0; s < n; s++) edgeStart[s + 1] = (edgeStart[s + 1] as number) + (edgeStart[s] as number);
    const nonRoot = edgeStart[n] as number;
    const edgeKey = new Int32Array(nonRoot);
    const edgeNext = new Int32Array(nonRoot);
    const fill = edgeStart.slice(0, n);
    for (let e = 0; e < total; e++) {
      const f = from[e] as number;
      if (f === 0) continue;
      let k = fill[f] as number;
      fill[f] = k + 1;
      const key = tok[e] as number;
      const next = to[e] as number;
      const lo = edgeStart[f] as number;
      while (k > lo && (edgeKey[k - 1] as number) > key) {
        edgeKey[k] = edgeKey[k - 1] as number;
        edgeNext[k] = edgeNext[k - 1] as number;
        k--;
      }
      edgeKey[k] = key;
      edgeNext[k] = next;
    }

    const out = this.stateOut.data.slice(0, n);
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
      patternLength: this.patternLength.data.slice(0, this.patternLength.length),
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
