import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { readArtifactFile } from '../../src/artifact/read.js';
import { DEFAULT_ARTIFACT, PACKAGE_ROOT } from '../../src/paths.js';
import { KNOWN_SKIP, KnownWords, NOT_LISTED } from '../../src/text/known-words.js';
import { Tokenizer } from '../../src/text/tokens.js';
import { normalizeWord } from '../../src/text/word.js';
import { lexiconVocabulary } from '../helpers/note.js';

/**
 * The tokenizer reads a new word's id from the artifact's known-words table
 * before stemming it (text/known-words.ts). The table must give the id
 * stemming gives, or token streams, and so outputs, would change.
 */
describe('known words of the real artifact', () => {
  let lx: CompiledLexicon;
  let known: KnownWords;
  beforeAll(() => {
    lx = new CompiledLexicon(readArtifactFile(DEFAULT_ARTIFACT));
    known = new KnownWords(lx.knownWords);
  });

  it('gives every listed spelling the id its normalised word has, in lower and in title case', () => {
    const vocab = lexiconVocabulary(lx);
    const { bytes, offsets, ids } = lx.knownWords;
    expect(ids.length).toBeGreaterThan(10_000);
    let stopwords = 0;
    for (let i = 0; i < ids.length; i++) {
      const word = new TextDecoder().decode(bytes.slice(offsets[i], offsets[i + 1]));
      const norm = normalizeWord(word);
      const want = norm === null ? KNOWN_SKIP : vocab.idOf(norm);
      if (ids[i] !== want) expect([word, ids[i]]).toEqual([word, want]);
      const title = word.charAt(0).toUpperCase() + word.slice(1);
      if (known.find(title, 0, title.length) !== want) expect([title, known.find(title, 0, title.length)]).toEqual([title, want]);
      if (want === KNOWN_SKIP) stopwords++;
    }
    expect(stopwords).toBeGreaterThan(0);
  });

  it('does not list words the terms never write', () => {
    for (const w of ['zzyzx', 'qwertyuiop', '', 'diabetesx']) expect(known.find(w, 0, w.length)).toBe(NOT_LISTED);
  });

  it('leaves token streams as they are without it (CodiEsp texts)', () => {
    const dir = join(PACKAGE_ROOT, '..', 'shared', 'eval', 'codiesp', 'official_train', 'text_en');
    const texts = existsSync(dir)
      ? readdirSync(dir).sort().slice(0, 60).map((f) => readFileSync(join(dir, f), 'utf8'))
      : ['Type 2 Diabetes mellitus, HYPERTENSION and CHF. The patient’s Asthma was treated; no pneumonias.'];
    const withTable = new Tokenizer(lexiconVocabulary(lx), { known });
    const without = new Tokenizer(lexiconVocabulary(lx));
    for (const text of texts) {
      const a = withTable.tokenize(text);
      const b = without.tokenize(text);
      expect(a.count).toBe(b.count);
      expect(Array.from(a.ids.subarray(0, a.count))).toEqual(Array.from(b.ids.subarray(0, b.count)));
      expect(Array.from(a.starts.subarray(0, a.count))).toEqual(Array.from(b.starts.subarray(0, b.count)));
    }
  });
});
