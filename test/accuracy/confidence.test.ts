import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spanConfidence, type Agreement, type ConfidenceInput } from '../../src/scoring/confidence.js';

const base: ConfidenceInput = { topScore: 0.93, secondScore: 0, tokens: 1, billable: true };

describe('span confidence by class', () => {
  it('stays in [0, 1] and never rises when a word or the margin is taken away', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        fc.constantFrom<Agreement>('same', 'derived', 'contradicts'),
        fc.constantFrom('I10', 'Z00.00', 'W19.XXXA', 'T14.90XA', 'R52', 'C61'),
        (top, second, tokens, billable, agreement, code) => {
          const c = spanConfidence({ topScore: top, secondScore: Math.min(top, second), tokens, billable, agreement, code, source: 'index' });
          expect(c).toBeGreaterThanOrEqual(0);
          expect(c).toBeLessThanOrEqual(1);
          if (tokens > 1) expect(spanConfidence({ topScore: top, secondScore: Math.min(top, second), tokens: tokens - 1, billable, agreement, code, source: 'index' })).toBeLessThanOrEqual(c);
        },
      ),
    );
  });

  it('orders surface agreement: same > derived > contradicts', () => {
    const s = (agreement: Agreement) => spanConfidence({ ...base, agreement });
    expect(s('same')).toBeGreaterThan(s('derived'));
    expect(s('derived')).toBeGreaterThan(s('contradicts'));
  });

  it('one word naming an encounter, status or external cause is weak evidence', () => {
    const disease = spanConfidence({ ...base, code: 'J18.9' });
    expect(spanConfidence({ ...base, code: 'Z00.00' })).toBeLessThan(disease / 2);
    expect(spanConfidence({ ...base, code: 'X58.XXXA' })).toBeLessThan(disease / 2);
    // A longer phrase for a Z code ("personal history of nicotine dependence") is ordinary evidence.
    expect(spanConfidence({ ...base, tokens: 4, code: 'Z87.891' })).toBeGreaterThan(0.5);
    // A listed abbreviation for a Z code keeps its weight.
    expect(spanConfidence({ ...base, code: 'Z99.2', source: 'abbreviation' })).toBe(spanConfidence({ ...base, code: 'J18.9', source: 'abbreviation' }));
  });

  it('callers that pass only the original inputs get the original estimate', () => {
    expect(spanConfidence({ topScore: 1, secondScore: 0, tokens: 3, billable: true })).toBe(1);
    expect(spanConfidence({ topScore: 0.96, secondScore: 0.95, tokens: 1, billable: true })).toBe(0.653);
  });
});
