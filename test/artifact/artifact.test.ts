import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { mapArtifact, readHeader, verifyArtifact } from '../../src/artifact/read.js';
import { FORMAT_VERSION } from '../../src/artifact/format.js';
import { StringTable, WordTable } from '../../src/artifact/strings.js';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { syntheticLexicon } from '../helpers/synthetic-lexicon.js';

describe('artifact', () => {
  it('is deterministic: same lexicon, same bytes', () => {
    const a = compileLexicon(syntheticLexicon()).bytes;
    const b = compileLexicon(syntheticLexicon()).bytes;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('round-trips header, counts and sections through a SharedArrayBuffer', () => {
    const { bytes, patterns } = compileLexicon(syntheticLexicon());
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    const header = readHeader(shared);
    expect(header.format).toBe(FORMAT_VERSION);
    expect(header.codesFiscalYear).toBe(2026);
    expect(header.counts.codes).toBe(9);
    expect(header.counts.patterns).toBe(patterns);
    for (const s of header.sections) expect(s.offset % 8).toBe(0);
    const lx = new CompiledLexicon(shared);
    expect(lx.codes.get(lx.codeIndex('e1122'))).toBe('E11.22');
    // codeIndex is a binary search over a sorted index: every code, dotted or not, any case.
    for (let i = 0; i < lx.codes.length; i++) {
      const c = lx.codes.get(i);
      expect(lx.codeIndex(c)).toBe(i);
      expect(lx.codeIndex(` ${c.replace('.', '').toLowerCase()} `)).toBe(i);
      expect(lx.codeIndex(`${c}9Z`)).toBe(-1);
    }
    for (const missing of ['', 'E', 'E1', 'Z99.99', '000', 'É11', 'E1.1.22']) expect(lx.codeIndex(missing)).toBe(-1);
    expect(lx.tabular('I10')?.inclusionTerms).toEqual(['high blood pressure']);
    expect(() => verifyArtifact(shared)).not.toThrow();
  });

  it('rejects a bad magic, a newer format, truncation and a corrupt body with specific errors', () => {
    const { bytes } = compileLexicon(syntheticLexicon());
    const bad = bytes.slice();
    bad[0] = 0x58;
    expect(() => readHeader(bad.buffer)).toThrow(expect.objectContaining({ code: 'E_ARTIFACT_INVALID' }));
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, FORMAT_VERSION + 1, true);
    expect(() => readHeader(newer.buffer)).toThrow(expect.objectContaining({ code: 'E_ARTIFACT_VERSION' }));
    expect(() => mapArtifact(bytes.slice(0, bytes.length - 100).buffer)).toThrow(expect.objectContaining({ code: 'E_ARTIFACT_INVALID' }));
    const corrupt = bytes.slice();
    const at = corrupt.length - 200;
    corrupt[at] = (corrupt[at] as number) ^ 0xff;
    expect(() => verifyArtifact(corrupt.buffer)).toThrow(/does not match its hash/);
  });

  it('packs strings with non-ASCII text', () => {
    const t = StringTable.pack(['', 'Ménière', '😀 x']);
    expect([t.get(0), t.get(1), t.get(2)]).toEqual(['', 'Ménière', '😀 x']);
  });

  it('word table gives back every string exactly, tricky ones included', () => {
    const tricky = [
      '',
      ' ',
      '  ',
      'a',
      'Ménière disease',
      'Ménière  disease',
      ' leading',
      'trailing ',
      '  both  ',
      'a   b    c',
      '😀 x 😀',
      'Diabetes mellitus, type 2, with (hyperglycemia)',
      'Diabetes mellitus, type 2, without complications',
      'Diabetes mellitus, type 2',
      'Diabetes',
      'naïve café façade',
      '\ttab and\nnewline',
      '中文 テスト',
      'x'.repeat(300) + ' ' + 'y'.repeat(300),
    ];
    // More than one front-coding block, with shared prefixes across entries.
    const many = Array.from({ length: 100 }, (_, i) => `word${i % 7} shared prefix ${i} ${i % 3 === 0 ? ' ' : ''}end`);
    const all = [...tricky, ...many, ...tricky];
    const t = WordTable.pack(all);
    expect(t.length).toBe(all.length);
    expect(all.map((_, i) => t.get(i))).toEqual(all);
    // Random access in any order decodes the same as in order.
    for (let i = all.length - 1; i >= 0; i -= 3) expect(t.get(i)).toBe(all[i]);
    expect(() => t.get(all.length)).toThrow(RangeError);
    expect(() => t.get(-1)).toThrow(RangeError);
    expect(WordTable.pack([]).length).toBe(0);
  });

  it('word table refuses to pack a string it cannot give back', () => {
    expect(() => WordTable.pack(['ok', 'lone \ud800 surrogate'])).toThrow(/do not round-trip/);
  });

  it('word table survives the artifact: candidate terms read back from the file', () => {
    const { bytes } = compileLexicon(syntheticLexicon());
    const shared = new SharedArrayBuffer(bytes.length);
    new Uint8Array(shared).set(bytes);
    const lx = new CompiledLexicon(shared);
    const texts = Array.from({ length: lx.terms.length }, (_, i) => lx.terms.get(i));
    expect(texts.length).toBeGreaterThan(0);
    // Ids are sorted by text, so neighbours share leading words.
    expect([...texts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(texts);
    for (let row = 0; row < lx.candTerm.length; row++) expect(lx.candTerm[row]).toBeLessThan(lx.terms.length);
    // Descriptions are a word table too, by code index.
    expect(lx.descriptions.length).toBe(lx.codes.length);
    expect(lx.descriptions.get(lx.codeIndex('I10'))).toMatch(/hypertension/i);
    // Pattern lengths are stored as bytes.
    expect(lx.automaton.arrays.patternLength).toBeInstanceOf(Uint8Array);
    expect(lx.automaton.arrays.patternLength.length).toBe(lx.automaton.patternCount);
  });
});
