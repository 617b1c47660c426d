/**
 * Logistic regression on binary class features, for the confidence model
 * (tools/eval/calibrate.ts). Newton's method on the log-likelihood with an L2
 * pull towards prior coefficients: a class with few examples stays near its
 * prior value instead of running off to +-infinity. Fixed features keep their
 * prior and are not fitted.
 */

export interface LogisticItem {
  /** Indices of the features that are 1 for this item. */
  features: readonly number[];
  label: boolean;
}

export interface LogisticOptions {
  /** Strength of the pull towards the prior (per coefficient). */
  lambda: number;
  /** Indices whose coefficient stays at the prior. */
  fixed?: ReadonlySet<number>;
  iterations?: number;
}

export function fitLogistic(items: readonly LogisticItem[], prior: readonly number[], opts: LogisticOptions): number[] {
  const n = prior.length;
  const w = [...prior];
  const free = [...Array(n).keys()].filter((j) => !(opts.fixed?.has(j) ?? false));
  const slot = new Map(free.map((j, k) => [j, k]));
  const m = free.length;
  for (let iter = 0; iter < (opts.iterations ?? 50); iter++) {
    const grad = new Float64Array(m);
    const hess = Array.from({ length: m }, () => new Float64Array(m));
    for (const it of items) {
      let z = 0;
      for (const j of it.features) z += w[j] as number;
      const p = 1 / (1 + Math.exp(-z));
      const r = (it.label ? 1 : 0) - p;
      const v = p * (1 - p);
      const ks = it.features.flatMap((j) => (slot.has(j) ? [slot.get(j) as number] : []));
      for (const a of ks) {
        (grad[a] as number) += r;
        const row = hess[a] as Float64Array;
        for (const b of ks) (row[b] as number) += v;
      }
    }
    for (let k = 0; k < m; k++) {
      const j = free[k] as number;
      (grad[k] as number) -= opts.lambda * ((w[j] as number) - (prior[j] as number));
      ((hess[k] as Float64Array)[k] as number) += opts.lambda;
    }
    const step = solve(hess, grad);
    let largest = 0;
    for (let k = 0; k < m; k++) {
      const j = free[k] as number;
      w[j] = (w[j] as number) + (step[k] as number);
      largest = Math.max(largest, Math.abs(step[k] as number));
    }
    if (largest < 1e-9) break;
  }
  return w;
}

/** Solves A x = b for a symmetric positive definite A (Gaussian elimination with partial pivoting). */
function solve(a: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[p] as number[])[c] as number)) p = r;
    [m[c], m[p]] = [m[p] as number[], m[c] as number[]];
    const pivot = (m[c] as number[])[c] as number;
    for (let r = c + 1; r < n; r++) {
      const f = ((m[r] as number[])[c] as number) / pivot;
      for (let k = c; k <= n; k++) (m[r] as number[])[k] = ((m[r] as number[])[k] as number) - f * ((m[c] as number[])[k] as number);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = (m[r] as number[])[n] as number;
    for (let k = r + 1; k < n; k++) s -= ((m[r] as number[])[k] as number) * (x[k] as number);
    x[r] = s / ((m[r] as number[])[r] as number);
  }
  return x;
}
