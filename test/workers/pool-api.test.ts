/** Pool options, abort, close, early exit and backpressure. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { createPool, type Pool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

let engine: Engine;
let pool: Pool;

beforeAll(async () => {
  assertDistFresh();
  engine = syntheticEngine();
  pool = await createPool({ engine, threads: 2, detect: { affirmedOnly: false } });
});
afterAll(() => pool.close());

describe('createPool options', () => {
  it('rejects (never throws) with every bad option named', async () => {
    const p = createPool({ engine, threads: 0, batchChars: -1, detect: { match: 'nope' as 'overlapping' }, bogus: 1 } as never);
    await expect(p).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
    const err = await p.catch((e: unknown) => e);
    expect((err as { issues: Array<{ path: string }> }).issues.map((i) => i.path).sort()).toEqual(['batchChars', 'bogus', 'detect.match', 'threads']);
  });

  it('refuses engine and artifactPath together, and a non-engine', async () => {
    await expect(createPool({ engine, artifactPath: '/x.bin' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: 'artifactPath' })] });
    await expect(createPool({ engine: {} as Engine })).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
  });

  it('reports a missing artifact file as the loader does', async () => {
    await expect(createPool({ artifactPath: '/nonexistent/icd10cm.bin' })).rejects.toMatchObject({ code: 'E_ARTIFACT_MISSING' });
  });
});

describe('pool.code', () => {
  it("gives engine.code's code set from a worker thread, with the options validated", async () => {
    const text = 'History of MI. Acute systolic heart failure, no asthma.';
    expect(await pool.code(text)).toEqual(engine.code(text));
    expect(await pool.code(text, { setting: 'inpatient' })).toEqual(engine.code(text, { setting: 'inpatient' }));
    const before = pool.stats.tasks;
    await pool.code(text);
    expect(pool.stats.tasks).toBe(before + 1);
    await expect(pool.code(text, { setting: 'ward' as 'inpatient' })).rejects.toMatchObject({ code: 'E_OPTION_INVALID', issues: [expect.objectContaining({ path: 'setting' })] });
    await expect(pool.code(42 as unknown as string)).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
  });
});

describe('per-call options', () => {
  it('override the pool defaults and are validated', async () => {
    const text = 'acute systolic heart failure';
    expect(await pool.detect(text, { match: 'overlapping' })).toEqual(engine.detect(text, { match: 'overlapping' }));
    await expect(pool.detect(text, { maxCandidates: 0 })).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
    const it = pool.detectMany([{ id: 1, text }], { match: 'x' as 'overlapping' });
    await expect(it.next()).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
  });

  it('rejects a non-iterable input on first next()', async () => {
    await expect(pool.detectMany(42 as never).next()).rejects.toMatchObject({ code: 'E_INPUT_INVALID' });
  });
});

describe('abort', () => {
  it('rejects detect() with E_ABORTED for an aborted signal', async () => {
    await expect(pool.detect('COPD', { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'E_ABORTED' });
  });

  it('stops detectMany mid-stream with E_ABORTED, and the pool still works', async () => {
    const ctrl = new AbortController();
    let pulled = 0;
    function* endless() {
      for (let i = 0; ; i++) {
        pulled++;
        yield { id: i, text: 'COPD and pneumonia' };
      }
    }
    const seen: unknown[] = [];
    await expect(
      (async () => {
        for await (const r of pool.detectMany(endless(), { signal: ctrl.signal })) {
          seen.push(r.id);
          if (seen.length === 100) ctrl.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: 'E_ABORTED' });
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(pulled).toBeLessThan(100 + 2 * 4 * 1024 + 2);
    expect(await pool.detect('COPD')).toEqual(engine.detect('COPD'));
  });
});

describe('backpressure and early exit', () => {
  it('reads a bounded window ahead of the consumer and stops reading on break', async () => {
    let pulled = 0;
    let cleanedUp!: () => void;
    const cleanup = new Promise<void>((resolve) => (cleanedUp = resolve));
    async function* endless() {
      try {
        for (let i = 0; ; i++) {
          pulled++;
          yield { id: i, text: `note ${i}: COPD` };
        }
      } finally {
        cleanedUp();
      }
    }
    let n = 0;
    for await (const r of pool.detectMany(endless())) {
      expect(r.id).toBe(n);
      if (++n === 3000) break;
    }
    // window: threads (2) x 4 batches x at most 1024 documents
    expect(pulled).toBeLessThanOrEqual(3000 + 2 * 4 * 1024 + 1);
    // The pool returns the input iterator when the consumer stops: its finally runs. Waiting
    // on that, not on a fixed sleep; the bound only turns a missing cleanup into a clear failure.
    let bound: NodeJS.Timeout | undefined;
    const ran = await Promise.race([cleanup.then(() => true), new Promise<boolean>((r) => (bound = setTimeout(() => r(false), 10_000)))]);
    clearTimeout(bound);
    expect(ran).toBe(true);
  });
});

describe('close', () => {
  it('rejects later calls with E_ABORTED', async () => {
    const p = await createPool({ engine, threads: 1 });
    expect(await p.detect('MI')).toEqual(engine.detect('MI'));
    await p.close();
    await expect(p.detect('MI')).rejects.toMatchObject({ code: 'E_ABORTED' });
    await expect(p.detectMany([{ id: 1, text: 'MI' }]).next()).rejects.toMatchObject({ code: 'E_ABORTED' });
  });
});

describe('custom context rules', () => {
  it("workers use the rules of the engine the pool was built from", async () => {
    const b = engine.buffer;
    const { Engine } = await import('../../src/engine.js');
    const { loadContextRules } = await import('../../src/context/index.js');
    const defaults = loadContextRules();
    // The same rules without any negation trigger: "no pneumonia" stays affirmed.
    const rules = { ...defaults, rules: defaults.rules.filter((r) => r.category !== 'NEGATED') };
    const custom = Engine.fromBuffer(b, { contextRules: rules });
    const text = 'No pneumonia.';
    expect(engine.detect(text)[0]?.assertions?.negated).toBe(true);
    expect(custom.detect(text)[0]?.assertions?.negated).toBe(false);
    const customPool = await createPool({ engine: custom, threads: 1 });
    try {
      expect(await customPool.detect(text)).toEqual(custom.detect(text));
    } finally {
      await customPool.close();
    }
  });
});
