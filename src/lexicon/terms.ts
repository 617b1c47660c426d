/**
 * Collects terms as the readers emit them: remaps each code, keeps one term per
 * (code, text ignoring case) and hands them out in a fixed order. The scanner
 * folds case, so case-only duplicates would be dead weight in the automaton.
 * When two sources give the same text for a code, the more authoritative one
 * (earlier in TERM_SOURCES) is kept; within a source the ordinally smaller text,
 * so the result does not depend on the order terms arrive in.
 */
import { TERM_SOURCES, type TermSource } from '../types.js';
import { cmp } from './files.js';
import type { Remapper } from './remap.js';
import type { CodeRecord, TermRecord } from './types.js';

const RANK = new Map<TermSource, number>(TERM_SOURCES.map((s, i) => [s, i]));

function rank(s: TermSource): number {
  return RANK.get(s) ?? TERM_SOURCES.length;
}

export class TermSink {
  /**
   * Terms live in parallel arrays until `finish`. Slots are found by lowercased
   * text, with a chain through `next` for the few texts that name several codes:
   * keying a Map by code + text built a new string per term and cost more than
   * the rest of the sink together.
   */
  private readonly byText = new Map<string, number>();
  private readonly next: number[] = [];
  private readonly texts: string[] = [];
  private readonly codes: string[] = [];
  private readonly sources: TermSource[] = [];

  constructor(private readonly remapper: Remapper) {}

  readonly emit = (text: string, raw: string, source: TermSource): void => {
    if (text.length === 0) return;
    const code = this.remapper.map(raw);
    if (code === undefined) return;
    const key = text.toLowerCase();
    const head = this.byText.get(key);
    let slot = head ?? -1;
    while (slot >= 0 && this.codes[slot] !== code) slot = this.next[slot] as number;
    if (slot < 0) {
      const id = this.texts.length;
      this.texts.push(text);
      this.codes.push(code);
      this.sources.push(source);
      this.next.push(head ?? -1);
      this.byText.set(key, id);
      return;
    }
    const prev = this.sources[slot] as TermSource;
    if (rank(source) < rank(prev) || (source === prev && text < (this.texts[slot] as string))) {
      this.texts[slot] = text;
      this.sources[slot] = source;
    }
  };

  /** Terms in order file order of their codes, then by source rank, then by text. */
  finish(codes: readonly CodeRecord[]): TermRecord[] {
    const codeOrder = new Map<string, number>(codes.map((c, i) => [c.code, i]));
    // Bucket by code (a counting sort), then sort each code's few terms.
    const n = this.texts.length;
    const bucket = new Int32Array(n);
    const starts = new Int32Array(codes.length + 1);
    for (let i = 0; i < n; i++) {
      const b = codeOrder.get(this.codes[i] as string) ?? 0;
      bucket[i] = b;
      (starts[b + 1] as number)++;
    }
    for (let b = 0; b < codes.length; b++) starts[b + 1] = (starts[b + 1] as number) + (starts[b] as number);
    const fill = starts.slice(0, codes.length);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[(fill[bucket[i] as number] as number)++] = i;
    const out: TermRecord[] = [];
    for (let b = 0; b < codes.length; b++) {
      const group = Array.from(order.subarray(starts[b] as number, starts[b + 1] as number));
      group.sort(
        (x, y) =>
          rank(this.sources[x] as TermSource) - rank(this.sources[y] as TermSource) ||
          cmp(this.texts[x] as string, this.texts[y] as string),
      );
      for (const i of group) out.push({ text: this.texts[i] as string, code: this.codes[i] as string, source: this.sources[i] as TermSource });
    }
    return out;
  }
}
