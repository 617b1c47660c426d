/** Same release files, same lexicon, byte for byte: the artifact hash depends on it. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readRelease } from '../../src/lexicon/release.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import { expectRelease, RELEASE_DIR, SKIP_WITHOUT_RELEASE } from './helpers.js';

/** Serialises everything, Map included, in its iteration order. */
function digest(lex: Lexicon): string {
  const h = createHash('sha256');
  h.update(JSON.stringify({ ...lex, terms: undefined, tabular: undefined }));
  for (const t of lex.terms) h.update(`${t.code}\t${t.source}\t${t.text}\n`);
  for (const [code, info] of lex.tabular) h.update(`${code}\t${JSON.stringify(info)}\n`);
  return h.digest('hex');
}

describe.skipIf(SKIP_WITHOUT_RELEASE)('determinism', () => {
  it('gives the same output for two reads of the real release', async () => {
    expectRelease();
    const a = await readRelease(RELEASE_DIR);
    const b = await readRelease(RELEASE_DIR);
    expect(b.sources).toEqual(a.sources);
    expect(b.report).toEqual(a.report);
    expect(b.terms.length).toBe(a.terms.length);
    // Deep equality of 400,000 terms through expect().toEqual takes minutes; a digest of the serialised form is stricter (order too) and fast.
    expect(digest(b)).toBe(digest(a));
  }, 180_000);
});
