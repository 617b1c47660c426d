import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { Engine } from '../../src/engine.js';
import { lexiconOf, syntheticLexicon, titled } from '../helpers/synthetic-lexicon.js';

let engine: Engine;
beforeAll(() => {
  engine = Engine.fromBuffer(compileLexicon(syntheticLexicon()).bytes.buffer);
});

const top = (text: string) => engine.detect(text).map((s) => [s.text, s.concepts[0]?.code]);

describe('detect on a synthetic lexicon', () => {
  it('finds one span per condition with the most specific code on top', () => {
    const text =
      '72 yo M with type 2 diabetes mellitus with diabetic chronic kidney disease, essential hypertension and acute systolic congestive heart failure.';
    expect(top(text)).toEqual([
      ['type 2 diabetes mellitus with diabetic chronic kidney disease', 'E11.22'],
      ['essential hypertension', 'I10'],
      ['acute systolic congestive heart failure', 'I50.21'],
    ]);
  });

  it('never matches inside a word', () => {
    expect(top('mild pain, MIs')).toEqual([['MIs', 'I21.9']]);
    expect(top('admitted')).toEqual([]);
  });

  it('requires short abbreviations in capitals', () => {
    expect(top('MI last year')).toEqual([['MI', 'I21.9']]);
    expect(top('mi last year')).toEqual([]);
    expect(top('copd and COPD')).toEqual([
      ['copd', 'J44.9'],
      ['COPD', 'J44.9'],
    ]);
  });

  it("reads a release acronym only in capitals, unless the project's abbreviation list says notes write it in lower case", () => {
    const acronyms = Engine.fromBuffer(
      compileLexicon(
        lexiconOf(
          [titled('N42.31', 'Prostatic intraepithelial neoplasia'), titled('K21.9', 'Gastro-esophageal reflux disease without esophagitis')],
          [
            { text: 'PIN', code: 'N42.31', source: 'inclusion' },
            { text: 'GERD', code: 'K21.9', source: 'index' },
          ],
        ),
      ).bytes.buffer,
    );
    const found = (text: string) => acronyms.detect(text).map((s) => s.text);
    expect(found('PIN was found. PINs were found.')).toEqual(['PIN', 'PINs']);
    expect(found('A pin was placed. Pin fixation.')).toEqual([]);
    expect(found('gerd, Gerd and GERD')).toEqual(['gerd', 'Gerd', 'GERD']);
  });

  it('does not match across sentence punctuation', () => {
    expect(top('Heart. Failure.')).toEqual([]);
  });

  it('reports overlapping matches on request', () => {
    const spans = engine.detect('acute systolic heart failure', { match: 'overlapping' });
    expect(spans.map((s) => s.text)).toEqual(expect.arrayContaining(['acute systolic heart failure', 'heart failure']));
  });

  it('gives scores in [0, 1] and concepts sorted by score', () => {
    for (const s of engine.detect('pneumonia and diabetes and heart failure')) {
      expect(s.score).toBeGreaterThan(0);
      expect(s.score).toBeLessThanOrEqual(1);
      const scores = s.concepts.map((c) => c.score);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    }
  });

  it('returns [] for empty text and rejects non-strings and bad options', () => {
    expect(engine.detect('')).toEqual([]);
    expect(() => engine.detect(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'E_INPUT_INVALID' }));
    expect(() => engine.detect('x', { match: 'nope' as 'overlapping', maxCandidates: 0 })).toThrow(
      expect.objectContaining({ code: 'E_OPTION_INVALID', issues: [expect.objectContaining({ path: 'match' }), expect.objectContaining({ path: 'maxCandidates' })] }),
    );
  });

  it('keeps text.slice(start, end) === span.text for any text', () => {
    const piece = fc.constantFrom('heart failure', 'Pneumonia', '\r\n', '\t', '😀', 'Ménière ', 'COPD', ' ', '.', 'essential  hypertension', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        for (const s of engine.detect(text, { match: 'overlapping' })) {
          expect(text.slice(s.start, s.end)).toBe(s.text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('looks up codes with or without the dot', () => {
    expect(engine.lookup('i10')).toMatchObject({ code: 'I10', billable: true, inclusionTerms: ['high blood pressure'] });
    expect(engine.lookup('E1122')).toMatchObject({ code: 'E11.22', parent: 'E11' });
    expect(engine.lookup('Z99.999')).toBeNull();
  });
});
