import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { mapArtifact, readHeader, verifyArtifact } from '../../src/artifact/read.js';
import { FORMAT_VERSION } from '../../src/artifact/format.js';
import { StringTable } from '../../src/artifact/strings.js';
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
    corrupt[corrupt.length - 200] ^= 0xff;
    expect(() => verifyArtifact(corrupt.buffer)).toThrow(/does not match its hash/);
  });

  it('packs strings with non-ASCII text', () => {
    const t = StringTable.pack(['', 'Ménière', '😀 x']);
    expect([t.get(0), t.get(1), t.get(2)]).toEqual(['', 'Ménière', '😀 x']);
  });
});
