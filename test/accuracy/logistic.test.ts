import { describe, expect, it } from 'vitest';
import { fitLogistic, type LogisticItem } from '../../tools/eval/logistic.js';

/** n items with the given features, a fraction `rate` of them labelled true. */
function group(features: number[], n: number, rate: number): LogisticItem[] {
  return Array.from({ length: n }, (_, i) => ({ features, label: i < Math.round(n * rate) }));
}
const logit = (p: number) => Math.log(p / (1 - p));

describe('fitLogistic', () => {
  it('recovers the log-odds of each class when data is plentiful', () => {
    // feature 0: intercept; feature 1: a class that lowers the rate from 0.8 to 0.3
    const items = [...group([0], 2000, 0.8), ...group([0, 1], 2000, 0.3)];
    const w = fitLogistic(items, [0, 0], { lambda: 0.01 });
    expect(w[0]).toBeCloseTo(logit(0.8), 2);
    expect((w[0] as number) + (w[1] as number)).toBeCloseTo(logit(0.3), 2);
  });

  it('keeps a class with little data near its prior, and fixed features at it', () => {
    const items = [...group([0], 1000, 0.5), ...group([0, 1], 2, 1), ...group([0, 2], 500, 0.1)];
    const w = fitLogistic(items, [0, -1, 5], { lambda: 5, fixed: new Set([2]) });
    expect(w[1]).toBeGreaterThan(-1);
    expect(w[1]).toBeLessThan(0);
    expect(w[2]).toBe(5);
  });
});
