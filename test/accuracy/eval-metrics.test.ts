import { describe, expect, it } from 'vitest';
import { chiaDocFrom, evaluateChia, isExceptionCue, parseAnn } from '../../tools/eval/chia.js';
import { evaluateCodiesp, normCode } from '../../tools/eval/codiesp.js';
import { averagePrecision, calibrationTable, overlaps, parseFlags, prf, sentenceAround } from '../../tools/eval/metrics.js';
import type { Span } from '../../src/types.js';

describe('metric helpers', () => {
  it('prf never divides by zero', () => {
    expect(prf(0, 0, 0)).toEqual({ tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 });
    const m = prf(2, 2, 6);
    expect(m.precision).toBe(0.5);
    expect(m.recall).toBe(0.25);
    expect(m.f1).toBeCloseTo(1 / 3, 10);
  });

  it.each([
    // ranked, gold, expected AP (trec_eval: divide by the gold set size)
    [['A', 'B', 'C'], ['A'], 1],
    [['B', 'A'], ['A'], 0.5],
    [['A', 'X', 'B'], ['A', 'B'], (1 + 2 / 3) / 2],
    [['A'], ['A', 'B', 'C', 'D'], 0.25],
    [['X', 'Y'], ['A'], 0],
    [['A', 'A', 'B'], ['A', 'B'], 1], // a repeated code counts once
    [[], ['A'], 0],
    [['A'], [], 0],
  ] as Array<[string[], string[], number]>)('average precision of %j against %j', (ranked, gold, ap) => {
    expect(averagePrecision(ranked, new Set(gold))).toBeCloseTo(ap, 10);
  });

  it('overlap is half-open', () => {
    expect(overlaps({ start: 0, end: 3 }, { start: 3, end: 5 })).toBe(false);
    expect(overlaps({ start: 0, end: 4 }, { start: 3, end: 5 })).toBe(true);
  });

  it('calibration bins count and score each criterion', () => {
    const bins = calibrationTable(
      [
        { score: 0.92, correct: { full: true } },
        { score: 0.91, correct: { full: false } },
        { score: 0.3, correct: { full: false } },
        { score: 1, correct: { full: true } },
      ],
      [0.5, 0.9],
    );
    expect(bins.map((b) => b.n)).toEqual([1, 0, 3]);
    expect(bins[2]?.precision.full).toBeCloseTo(2 / 3, 10);
  });

  it('finds the sentence around a range', () => {
    const t = 'First one. The second has asthma here. Third.\nNext line';
    const at = t.indexOf('asthma');
    expect(sentenceAround(t, at, at + 6)).toBe('The second has asthma here.');
    expect(sentenceAround(t, t.indexOf('Next'), t.indexOf('Next') + 4)).toBe('Next line');
  });

  it('rejects unknown flags and missing values by name', () => {
    expect(() => parseFlags(['--texts'], ['texts'], [])).toThrow('--texts needs a value');
    expect(() => parseFlags(['--nope'], ['texts'], [])).toThrow('unknown flag --nope');
    expect(parseFlags(['--texts', 'd', '--json'], ['texts'], ['json']).values.get('texts')).toBe('d');
  });
});

/** A detector that returns fixed spans for fixed texts. */
function fakeDetector(byText: Record<string, Array<[string, string, number, boolean?]>>) {
  return {
    detect(text: string): Span[] {
      return (byText[text] ?? []).map(([phrase, code, score, negated]) => {
        const start = text.indexOf(phrase);
        return {
          start,
          end: start + phrase.length,
          text: phrase,
          score,
          term: phrase,
          source: 'description' as const,
          concepts: [{ code, description: '', billable: true, score, term: phrase, source: 'description' as const }],
          ...(negated === undefined ? {} : { assertions: { negated, uncertain: false, hypothetical: false, historical: false, family: false } }),
        };
      });
    },
  };
}

describe('codiesp evaluation', () => {
  it('normalises codes', () => {
    expect(normCode(' s02.0xx ')).toBe('S020XX');
  });

  it('scores documents as sets, ranks codes by confidence, and splits affirmed from all', () => {
    const detector = fakeDetector({
      'doc one': [
        ['doc', 'I10', 0.6],
        ['one', 'E11.9', 0.9, true],
      ],
      'doc two': [['two', 'S02.0XXA', 0.8, false]],
    });
    const gold = {
      codes: new Map([
        ['d1', new Set(['I10', 'E119', 'R52'])],
        ['d2', new Set(['S020XX'])],
      ]),
      evidence: new Map(),
    };
    const { report, errors } = evaluateCodiesp(
      detector,
      [
        { id: 'd1', text: 'doc one' },
        { id: 'd2', text: 'doc two' },
      ],
      gold,
      { errors: true },
    );
    // d1 has no assertion on one of its spans: affirmed-only is unavailable.
    expect(report.assertions).toBe('unavailable');
    expect(report.variants.all.full).toMatchObject({ tp: 2, fp: 1, fn: 2 });
    expect(report.variants.all.fullSeventhLenient).toMatchObject({ tp: 3, fp: 0, fn: 1 });
    expect(report.variants.all.category).toMatchObject({ tp: 3, fp: 0, fn: 1 });
    // d1: E11.9 (0.9) then I10 (0.6), both gold, 3 gold codes -> AP 2/3; d2: 0.
    expect(report.variants.all.map).toBeCloseTo((2 / 3 + 0) / 2, 10);
    expect(errors.filter((e) => e.kind === 'miss').map((e) => e.code)).toEqual(['R52', 'S020XX']);
    expect(errors.find((e) => e.kind === 'false-alarm')).toMatchObject({ code: 'S020XXA', categoryInGold: true });
    // Without a code list there is no edition line.
    expect(report.variants.all.fullEdition).toBeUndefined();
  });

  it('scores the gold converted to the release edition apart from the plain gold', () => {
    const detector = fakeDetector({ 'doc three': [['doc', 'R51.9', 0.7], ['three', 'I10', 0.7]] });
    const gold = { codes: new Map([['d3', new Set(['R51', 'I10', 'K35'])]]), evidence: new Map() };
    // An edition where R51 became a header with R51.9 as its unspecified child.
    const edition = (c: string) => (c === 'R51' ? 'R519' : c);
    const { report } = evaluateCodiesp(detector, [{ id: 'd3', text: 'doc three' }], gold, { goldEdition: edition });
    expect(report.variants.all.full).toMatchObject({ tp: 1, fp: 1, fn: 2 });
    expect(report.variants.all.fullEdition).toMatchObject({ tp: 2, fp: 0, fn: 1 });
  });
});

describe('chia evaluation', () => {
  const ann = [
    'T1\tCondition 0 6\tasthma',
    'T2\tNegation 11 13\tno',
    'T3\tCondition 14 20;31 37\tsevere … angina',
    'T4\tScope 14 37\tsevere or stable angina',
    'R1\tHas_negation Arg1:T4 Arg2:T2\t',
    'T5\tDrug 39 46\taspirin',
  ].join('\n');

  it('parses entities, discontinuous spans and relations', () => {
    const { entities, relations } = parseAnn(ann);
    expect(entities.find((e) => e.id === 'T3')).toMatchObject({ start: 14, end: 37, fragments: [{ start: 14, end: 20 }, { start: 31, end: 37 }] });
    expect(relations).toEqual([{ type: 'Has_negation', arg1: 'T4', arg2: 'T2' }]);
  });

  it('scores exact and overlapping matches and negation on matched conditions', () => {
    const text = 'asthma\r\n , no severe or stable angina; aspirin';
    const doc = chiaDocFrom('d', text, ann);
    expect(doc.conditions.map((c) => [c.id, c.negatedDirect, c.negatedScope])).toEqual([
      ['T1', false, false],
      ['T3', false, true],
    ]);
    const detector = fakeDetector({ [text]: [['asthma', 'J45.909', 0.9, false], ['angina', 'I20.9', 0.9, true], ['aspirin', 'T39.011A', 0.5, false]] });
    const { report } = evaluateChia(detector, [doc]);
    expect(report.exact).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(report.overlap).toMatchObject({ tp: 2, fp: 1, fn: 0 });
    expect(report.falseAlarmsByEntityType).toEqual({ Drug: 1 });
    expect(report.negation?.direct.negation).toMatchObject({ tp: 0, fp: 1, fn: 0 });
    expect(report.negation?.directOrScope.negation).toMatchObject({ tp: 1, fp: 0, fn: 0 });
  });
});

describe('chia negation: exception cues and error details', () => {
  // Written for this test: "other than" marks an exception to the criterion, "no" a negation.
  const text = 'asthma other than gout; no eczema';
  const ann = [
    'T1\tCondition 0 6\tasthma',
    'T2\tNegation 7 17\tother than',
    'T3\tCondition 18 22\tgout',
    'T4\tNegation 24 26\tno',
    'T5\tCondition 27 33\teczema',
    'R1\tHas_negation Arg1:T3 Arg2:T2\t',
    'R2\tHas_negation Arg1:T5 Arg2:T4\t',
  ].join('\n');
  const span = (phrase: string, negated: boolean, rules: string[]): Span => {
    const start = text.indexOf(phrase);
    return {
      start,
      end: start + phrase.length,
      text: phrase,
      score: 0.9,
      term: phrase,
      source: 'description',
      concepts: [{ code: 'X00', description: '', billable: true, score: 0.9, term: phrase, source: 'description' }],
      assertions: { negated, uncertain: false, hypothetical: false, historical: false, family: false },
      rules,
    };
  };
  const detector = { detect: () => [span('asthma', true, ['neg.x']), span('gout', false, []), span('eczema', true, ['neg.no'])] };

  it('recognises exception cues in any case and spacing, and nothing else', () => {
    expect(isExceptionCue('Other  than')).toBe(true);
    expect(isExceptionCue(' EXCEPT ')).toBe(true);
    expect(isExceptionCue('no')).toBe(false);
    expect(isExceptionCue('without')).toBe(false);
  });

  it('the no-exceptions line counts a condition negated only by an exception cue as affirmed', () => {
    const doc = chiaDocFrom('d', text, ann);
    expect(doc.conditions.map((c) => c.negationCues)).toEqual([[], ['other than'], ['no']]);
    const { report } = evaluateChia(detector, [doc]);
    expect(report.negation?.directOrScope.negation).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(report.negation?.noExceptions.negation).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(report.negation?.noExceptions.accuracy).toBeCloseTo(2 / 3, 10);
  });

  it('negation errors carry the gold cues and the rules that fired', () => {
    const { errors } = evaluateChia(detector, [chiaDocFrom('d', text, ann)], { errors: true });
    const negation = errors.filter((e) => e.kind === 'negation').map((e) => [e.text, e.goldCues, e.rules]);
    expect(negation).toEqual([
      ['asthma', [], ['neg.x']],
      ['gout', ['other than'], []],
    ]);
  });
});
