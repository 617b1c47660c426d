/**
 * The committed benchmark answers (benchmarks/expectations.json) are today's
 * answers: the quick run's corpora, detected untimed with each variant, give the
 * recorded span totals and hashes. A change that moves the output fails here
 * until `npm run bench -- --update-expectations` records it, in the same commit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusKey, digest, readExpectations, VARIANTS, type Variant } from '../../benchmarks/expectations.js';
import { benchEngine, type EngineSource } from '../../benchmarks/engine-source.js';
import { corporaFor } from '../../benchmarks/run.js';
import type { Corpus } from '../../benchmarks/corpus.js';

let src: EngineSource;
let corpora: Corpus[];
beforeAll(async () => {
  src = await benchEngine(() => {});
  corpora = Object.values(corporaFor(src, true));
});

describe('benchmark expectations', () => {
  it('are recorded on the real artifact', () => {
    expect(src.kind).toBe('release');
  });

  it.each(Object.keys(VARIANTS) as Variant[])('match the quick corpora: %s', (variant) => {
    const file = readExpectations();
    for (const c of corpora) {
      const e = file.corpora[corpusKey(c)];
      expect(e, `${corpusKey(c)} has no entry`).toBeDefined();
      expect(digest(c.docs.map((d) => src.engine.detect(d.text, VARIANTS[variant]))), `${corpusKey(c)}: ${variant}; if deliberate: npm run bench -- --update-expectations`).toEqual(e?.[variant]);
    }
  });
});
