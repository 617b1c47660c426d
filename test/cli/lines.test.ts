/** The JSONL line splitter: LF, CRLF and lone CR, across any chunking, with the byte limit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/cli/inputs.js';

async function* chunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (const c of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (c > at && c < bytes.length) {
      yield bytes.subarray(at, c);
      at = c;
    }
  }
  yield bytes.subarray(at);
}

/** Reference: split the whole buffer at once. */
function reference(bytes: Buffer, max: number): Array<string | number> {
  const parts = bytes.toString('latin1').split(/\r\n|\n|\r/);
  if (parts.at(-1) === '') parts.pop();
  return parts.map((p) => (p.length > max ? p.length : p));
}

async function split(bytes: Buffer, cuts: number[], max: number): Promise<Array<string | number>> {
  const out: Array<string | number> = [];
  let no = 0;
  for await (const line of splitLines(chunks(bytes, cuts), max)) {
    expect(line.no).toBe(++no);
    out.push(line.bytes === undefined ? line.size : line.bytes.toString('latin1'));
  }
  return out;
}

describe('splitLines', () => {
  it('matches a whole-buffer split whatever the chunk boundaries', async () => {
    const ALPHABET = [0x61, 0x62, 0x0a, 0x0d, 0x20, 0x7b]; // few letters, many line ends
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 80 }).map((a) => Buffer.from(a.map((b) => ALPHABET[b % ALPHABET.length] as number))), fc.array(fc.nat(80)), fc.integer({ min: 1, max: 12 }), async (bytes, cuts, max) => {
        expect(await split(bytes, cuts, max)).toEqual(reference(bytes, max));
      }),
      { numRuns: 300 },
    );
  });

  it('treats CR LF split across chunks as one line end', async () => {
    expect(await split(Buffer.from('a\r\nb\rc\n\nd'), [2], 100)).toEqual(['a', 'b', 'c', '', 'd']);
  });
});
