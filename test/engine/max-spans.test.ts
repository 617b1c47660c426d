/**
 * `maxSpans`: engine.detect's bound on one document's result. Under it the
 * spans are the same as with no bound; past it the call stops with
 * E_OUTPUT_TOO_LARGE naming the option; a bad value is E_OPTION_INVALID.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { Engine } from '../../src/engine.js';
import { DETECT_DEFAULTS } from '../../src/options.js';
import { syntheticLexicon } from '../helpers/synthetic-lexicon.js';

let engine: Engine;
beforeAll(() => {
  engine = Engine.fromBuffer(compileLexicon(syntheticLexicon()).bytes.buffer);
});

const pneumonia = (n: number) => 'pneumonia. '.repeat(n);

describe('maxSpans', () => {
  it('is 200,000 by default', () => {
    expect(DETECT_DEFAULTS.maxSpans).toBe(200_000);
  });

  it('changes nothing for a document within it, and stops one past it naming the option', () => {
    const text = pneumonia(50);
    const all = engine.detect(text, { maxSpans: Number.MAX_SAFE_INTEGER });
    expect(all).toHaveLength(50);
    expect(engine.detect(text, { maxSpans: 50 })).toEqual(all);
    expect(engine.detect(text)).toEqual(all);
    expect(() => engine.detect(text, { maxSpans: 49 })).toThrow(expect.objectContaining({ code: 'E_OUTPUT_TOO_LARGE', message: expect.stringContaining('maxSpans') }));
  });

  it('stops a document past the default', () => {
    expect(() => engine.detect(pneumonia(200_001))).toThrow(expect.objectContaining({ code: 'E_OUTPUT_TOO_LARGE', message: expect.stringMatching(/more than 200000 spans.*maxSpans/) }));
  });

  it('names the pool budget when it is the tighter bound', () => {
    expect(() => engine.detect(pneumonia(20), {}, { maxSpans: 10 })).toThrow(expect.objectContaining({ code: 'E_OUTPUT_TOO_LARGE', message: expect.stringContaining('maxOutputBytes') }));
    expect(() => engine.detect(pneumonia(20), { maxSpans: 5 }, { maxSpans: 10 })).toThrow(expect.objectContaining({ message: expect.stringContaining('maxSpans') }));
  });

  it('rejects a value that is not a positive integer', () => {
    for (const maxSpans of [0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      expect(() => engine.detect('pneumonia', { maxSpans })).toThrow(expect.objectContaining({ code: 'E_OPTION_INVALID', message: expect.stringContaining('maxSpans') }));
    }
  });
});
