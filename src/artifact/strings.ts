/**
 * A packed string table: UTF-8 bytes plus offsets. Strings are decoded on
 * demand, so a loaded artifact holds ~100k descriptions without parsing them.
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
