/**
 * Where detect spends its time, stage by stage: an engine over the same
 * buffer whose every stage is wrapped (`LoadOptions.pipeline.wrap`) to add up
 * its own time, run over a corpus with default options and with
 * `refine: false`, passes alternating so a slow phase of a shared machine
 * falls on both. What no stage accounts for is the note itself (tokens,
 * options, the span list) and the call.
 */
import { Engine } from '../src/engine.js';
import type { Stage } from '../src/note.js';

export interface StageTimes {
  /** Milliseconds per MB of text, by stage name, in pipeline order; `outside stages` last. */
  perMb: Map<string, number>;
  totalPerMb: number;
}

const OUTSIDE = 'outside stages';

export function stageTimes(engine: Engine, texts: readonly string[], bytes: number, passes = 5): { byDefault: StageTimes; noRefine: StageTimes } {
  let into = new Map<string, number>();
  const timed = Engine.fromBuffer(engine.buffer, {
    checked: true,
    pipeline: {
      wrap: (stage: Stage): Stage => ({
        name: stage.name,
        runs: (o) => stage.runs(o),
        run: (note) => {
          const t0 = performance.now();
          stage.run(note);
          into.set(stage.name, (into.get(stage.name) ?? 0) + performance.now() - t0);
        },
      }),
    },
  });
  const pass = (options: { refine?: boolean }): number => {
    const t0 = performance.now();
    for (const t of texts) timed.detect(t, options);
    return performance.now() - t0;
  };
  const sums = { byDefault: new Map<string, number>(), noRefine: new Map<string, number>() };
  const totals = { byDefault: 0, noRefine: 0 };
  for (let p = 0; p < passes + 2; p++) {
    for (const [key, options] of [['byDefault', {}], ['noRefine', { refine: false }]] as const) {
      into = new Map();
      const ms = pass(options);
      if (p < 2) continue; // warm-up
      totals[key] += ms;
      for (const [name, t] of into) sums[key].set(name, (sums[key].get(name) ?? 0) + t);
    }
  }
  const mb = (bytes / 1e6) * passes;
  const finish = (key: 'byDefault' | 'noRefine'): StageTimes => {
    const perMb = new Map<string, number>();
    let inStages = 0;
    for (const name of timed.pipeline) {
      const t = sums[key].get(name);
      if (t === undefined) continue;
      perMb.set(name, t / mb);
      inStages += t;
    }
    perMb.set(OUTSIDE, (totals[key] - inStages) / mb);
    return { perMb, totalPerMb: totals[key] / mb };
  };
  return { byDefault: finish('byDefault'), noRefine: finish('noRefine') };
}

/** "match 13.3, mentions 21.4, ..." (ms per MB). */
export function formatStages(t: StageTimes): string {
  return [...t.perMb].map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ') + `; total ${t.totalPerMb.toFixed(1)}`;
}

/** What the review and its readings add: the stages that cost more with it, largest first (ms per MB). */
export function reviewCost(t: { byDefault: StageTimes; noRefine: StageTimes }): string {
  const added = [...t.byDefault.perMb]
    .map(([name, ms]) => [name, ms - (t.noRefine.perMb.get(name) ?? 0)] as const)
    .filter(([, d]) => d >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  const total = t.byDefault.totalPerMb - t.noRefine.totalPerMb;
  const ratio = t.byDefault.totalPerMb / t.noRefine.totalPerMb;
  return `${ratio.toFixed(2)}x the time of refine:false in alternating passes; ${total.toFixed(1)} of ${t.byDefault.totalPerMb.toFixed(1)} ms per MB: ${added.map(([n, d]) => `${n} +${d.toFixed(1)}`).join(', ')}`;
}
