/**
 * String tables stored in the artifact, decoded on demand so a loaded artifact
 * holds ~100k descriptions and ~560k display terms without parsing them.
 *
 * - StringTable: UTF-8 bytes plus offsets. Simple; used for short or few strings.
 * - WordTable: each string is split on single spaces into pieces ("words as
 *   written", punctuation attached; empty pieces keep double, leading and trailing
 *   spaces), the pieces go into a StringTable sorted by frequency, and each string
 *   is a varint sequence of piece ids, front-coded against the string before it in
 *   blocks of 16. Display terms are mostly release words recombined, so this is
 *   ~6x smaller than UTF-8 (the bytes of a section are paid at every cold start:
 *   the artifact is read whole and first-touching memory costs ~7 ms/MB).
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class StringTable {
  constructor(
    readonly bytes: Uint8Array,
    readonly offsets: Uint32Array,
  ) {}

  get length(): number {
    return this.offsets.length - 1;
  }

  /** Why the offsets cannot be read safely, or null: they must rise and stay within the bytes. */
  problem(): string | null {
    const { offsets, bytes } = this;
    if (offsets.length === 0) return 'no offsets';
    let prev = 0;
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i] as number;
      if (o < prev || o > bytes.length) return `offset ${i} (${o}) is out of order or past the ${bytes.length} bytes`;
      prev = o;
    }
    return null;
  }

  get(i: number): string {
    const start = this.offsets[i];
    const end = this.offsets[i + 1];
    if (start === undefined || end === undefined) throw new RangeError(`string ${i} out of range`);
    // TextDecoder cannot read a view over a SharedArrayBuffer; copy the few bytes.
    return decoder.decode(this.bytes.slice(start, end));
  }

  static pack(strings: readonly string[]): StringTable {
    const parts = strings.map((s) => encoder.encode(s));
    const total = parts.reduce((n, p) => n + p.length, 0);
    const bytes = new Uint8Array(total);
    const offsets = new Uint32Array(strings.length + 1);
    let at = 0;
    parts.forEach((p, i) => {
      offsets[i] = at;
      bytes.set(p, at);
      at += p.length;
    });
    offsets[strings.length] = at;
    return new StringTable(bytes, offsets);
  }
}

/** Strings per front-coding block: a lookup decodes at most this many entries. */
const BLOCK = 16;
const BLOCK_SHIFT = 4;
const SPACE = 0x20;

/**
 * Layout of `seq`: for each string, varint(shared), varint(n), then n varint
 * piece ids; the string's pieces are the first `shared` pieces of the previous
 * string in its block (always 0 for a block's first string) followed by the n
 * ids. `blocks[b]` is the byte offset in `seq` of block b; the last element of
 * `blocks` is the string count.
 */
export class WordTable {
  readonly length: number;
  private ids = new Int32Array(64);
  private scratch = new Uint8Array(256);

  constructor(
    readonly pieces: StringTable,
    readonly seq: Uint8Array,
    readonly blocks: Uint32Array,
  ) {
    const n = blocks[blocks.length - 1];
    if (n === undefined || blocks.length - 1 !== (n + BLOCK - 1) >>> BLOCK_SHIFT) throw new RangeError('word table: bad block index');
    this.length = n;
  }

  get(i: number): string {
    if (!(i >= 0 && i < this.length)) throw new RangeError(`string ${i} out of range`);
    const seq = this.seq;
    let at = this.blocks[i >>> BLOCK_SHIFT] as number;
    let ids = this.ids;
    let count = 0;
    // Read a LEB128 varint at `at`; the bound keeps a damaged table from reading on forever.
    const varint = (): number => {
      let v = 0;
      let shift = 0;
      for (;;) {
        if (at >= seq.length) throw new RangeError('word table: sequence ends inside a string');
        const b = seq[at++] as number;
        v += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return v;
        shift += 7;
      }
    };
    for (let k = i & ~(BLOCK - 1); ; k++) {
      count = varint();
      const n = varint();
      if (count + n > ids.length) {
        const grown = new Int32Array(Math.max(ids.length * 2, count + n));
        grown.set(ids);
        this.ids = ids = grown;
      }
      for (let j = 0; j < n; j++) ids[count++] = varint();
      if (k === i) break;
    }
    const { bytes, offsets } = this.pieces;
    let total = count === 0 ? 0 : count - 1;
    for (let j = 0; j < count; j++) {
      const p = ids[j] as number;
      total += (offsets[p + 1] as number) - (offsets[p] as number);
    }
    if (total > this.scratch.length) this.scratch = new Uint8Array(Math.max(total, this.scratch.length * 2));
    const out = this.scratch;
    let w = 0;
    for (let j = 0; j < count; j++) {
      if (j > 0) out[w++] = SPACE;
      const p = ids[j] as number;
      const s = offsets[p] as number;
      const e = offsets[p + 1] as number;
      for (let b = s; b < e; b++) out[w++] = bytes[b] as number;
    }
    // The scratch buffer is a plain ArrayBuffer, which TextDecoder can read.
    return decoder.decode(out.subarray(0, w));
  }

  /**
   * Why some string cannot be decoded safely, or null: decodes every block
   * (every varint inside the sequence, every piece id a piece, no string over
   * 4,096 pieces, front-coding only within a block and the previous string).
   */
  problem(): string | null {
    const { seq, blocks } = this;
    const pieces = this.pieces.length;
    const end = seq.length;
    // One flat loop over the varints (a closure per varint cost ~0.5 s on the full release).
    for (let b = 0; b < blocks.length - 1; b++) {
      let at = blocks[b] as number;
      let prev = 0;
      const first = b * BLOCK;
      const last = Math.min(this.length, first + BLOCK);
      for (let k = first; k < last; k++) {
        // Per string: shared, n, then n piece ids; each a LEB128 varint of at most 4 bytes.
        let shared = -1;
        let n = -1;
        for (let field = 0; n < 0 || field < n + 2; field++) {
          let v = 0;
          let bytes = 0;
          let byte = 0x80;
          while (byte >= 0x80) {
            if (at >= end || bytes === 4) return `string ${k} runs past its sequence`;
            byte = seq[at++] as number;
            v |= (byte & 0x7f) << (7 * bytes++);
          }
          if (field === 0) shared = v;
          else if (field === 1) {
            n = v;
            if (shared > prev || (k === first && shared !== 0) || shared + n > 4096) return `string ${k} has a bad header`;
          } else if (v >= pieces) return `string ${k} names piece ${v} of ${pieces}`;
        }
        prev = shared + n;
      }
    }
    return null;
  }

  /**
   * Encodes `strings` and checks that every one decodes back to exactly itself;
   * throws otherwise (e.g. a lone surrogate, which UTF-8 cannot carry), so a
   * build never writes a table that would show a different text.
   */
  static pack(strings: readonly string[]): WordTable {
    const split = strings.map((s) => s.split(' '));
    const freq = new Map<string, number>();
    for (const parts of split) for (const p of parts) freq.set(p, (freq.get(p) ?? 0) + 1);
    // Most frequent first, so most ids fit one varint byte; ties by text, for determinism.
    const pieces = [...freq.keys()].sort((a, b) => (freq.get(b) as number) - (freq.get(a) as number) || (a < b ? -1 : a > b ? 1 : 0));
    const pieceId = new Map(pieces.map((p, i) => [p, i]));

    const out = new ByteWriter();
    const blocks = new Uint32Array(((strings.length + BLOCK - 1) >>> BLOCK_SHIFT) + 1);
    let prev: number[] = [];
    split.forEach((parts, i) => {
      const ids = parts.map((p) => pieceId.get(p) as number);
      let shared = 0;
      if (i % BLOCK === 0) blocks[i >>> BLOCK_SHIFT] = out.length;
      else while (shared < ids.length && shared < prev.length && ids[shared] === prev[shared]) shared++;
      out.varint(shared);
      out.varint(ids.length - shared);
      for (let j = shared; j < ids.length; j++) out.varint(ids[j] as number);
      prev = ids;
    });
    blocks[blocks.length - 1] = strings.length;
    const table = new WordTable(StringTable.pack(pieces), out.bytes(), blocks);
    let bad = 0;
    let first = -1;
    for (let i = 0; i < strings.length; i++) {
      if (table.get(i) !== strings[i]) {
        bad++;
        if (first < 0) first = i;
      }
    }
    if (bad > 0) throw new Error(`word table: ${bad} of ${strings.length} strings do not round-trip, first ${JSON.stringify(strings[first])}`);
    return table;
  }
}

class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  length = 0;

  varint(v: number): void {
    if (this.length + 10 > this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.length++] = v;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}
