/** detect's and assess's `genre` option: the same text, read as a note and as eligibility criteria. */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { Engine } from '../../src/engine.js';
import { DETECT_DEFAULTS } from '../../src/options.js';
import { syntheticLexicon } from '../helpers/synthetic-lexicon.js';

let engine: Engine;
beforeAll(() => {
  engine = Engine.fromBuffer(compileLexicon(syntheticLexicon()).bytes.buffer);
});

const TEXT = 'Any lung disease other than pneumonia.';

describe('genre option', () => {
  it("defaults to 'clinical'", () => {
    expect(DETECT_DEFAULTS.genre).toBe('clinical');
    expect(engine.detect(TEXT)).toEqual(engine.detect(TEXT, { genre: 'clinical' }));
  });

  it('reads an exception as a carve-out in criteria only', () => {
    const note = engine.detect(TEXT).find((s) => s.text === 'pneumonia');
    const criterion = engine.detect(TEXT, { genre: 'criteria' }).find((s) => s.text === 'pneumonia');
    expect(note?.concepts[0]?.code).toBe('J18.9');
    expect(note?.assertions?.negated).toBe(false);
    expect(criterion?.assertions?.negated).toBe(true);
    expect(criterion?.rules).toEqual(['crit.except']);
    // Only the context differs.
    expect({ ...criterion, assertions: undefined, rules: undefined }).toEqual({ ...note, assertions: undefined, rules: undefined });
  });

  it('drops a carved-out condition from affirmedOnly output in criteria', () => {
    expect(engine.detect(TEXT, { affirmedOnly: true }).map((s) => s.text)).toContain('pneumonia');
    expect(engine.detect(TEXT, { genre: 'criteria', affirmedOnly: true }).map((s) => s.text)).not.toContain('pneumonia');
  });

  it('applies to assess as well', () => {
    const start = TEXT.indexOf('pneumonia');
    const target = [{ start, end: start + 'pneumonia'.length }];
    expect(engine.assess(TEXT, target)[0]?.assertions.negated).toBe(false);
    expect(engine.assess(TEXT, target, { genre: 'criteria' })[0]?.assertions.negated).toBe(true);
  });

  it('rejects an unknown genre, naming the option', () => {
    expect(() => engine.detect(TEXT, { genre: 'poetry' as 'clinical' })).toThrow(
      expect.objectContaining({ code: 'E_OPTION_INVALID', issues: [expect.objectContaining({ path: 'genre' })] }),
    );
    expect(() => engine.assess(TEXT, [], { genre: 'poetry' as 'clinical' })).toThrow(expect.objectContaining({ code: 'E_OPTION_INVALID' }));
  });
});
