/**
 * The benchmark harness's correctness side, on the synthetic lexicon: the suites
 * pass with the right expectations, fail naming every check when each
 * expectation is wrong, and fail when the engine gives wrong answers with the
 * right counts. No timing is asserted anywhere.
 */
import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { compareSuite } from '../../benchmarks/compare.js';
import { makeCorpus } from '../../benchmarks/corpus.js';
import { detectSuite } from '../../benchmarks/detect.js';
import { recordExpectation, type CorpusExpectation } from '../../benchmarks/expectations.js';
import { poolSuite } from '../../benchmarks/pool.js';
import type { Engine } from '../../src/engine.js';
import type { DetectOptions } from '../../src/types.js';
import { engineFromBytes } from '../../benchmarks/engine-source.js';
import { checkCount, CountMismatchError, CountRecorder, type RunOptions } from '../../benchmarks/harness.js';
import { buildPeer, NaiveMatcher, scanParts, termList, tokenizeDoc } from '../../benchmarks/matchers.js';
import { formatStages, reviewCost, stageTimes } from '../../benchmarks/stage-times.js';
import { diagnosisTerms, generateNotes } from '../../tools/gen-notes.js';
import { syntheticLexicon } from '../helpers/synthetic-lexicon.js';

const src = engineFromBytes(compileLexicon(syntheticLexicon()).bytes, 'synthetic lexicon');
const terms = diagnosisTerms(src.lexicon);
const notes = generateNotes({ seed: 7, count: 6, minBytes: 1024, maxBytes: 4096, terms });
const corpus = makeCorpus('synthetic-smoke', 'generated from the synthetic lexicon', notes);
const opts: RunOptions = { quick: true, clock: 'wall', only: ['detect', 'compare'], log: () => {} };

describe('count checks', () => {
  it('accepts an equal count and rejects a different one, naming both', () => {
    expect(() => checkCount('x', 3, 3)).not.toThrow();
    expect(() => checkCount('x', 3, 4)).toThrow(CountMismatchError);
    expect(() => checkCount('x', 3, 4)).toThrow('count mismatch in x: expected 3, got 4');
  });

  it('fails a task whose count changes between runs', () => {
    const r = new CountRecorder('task');
    r.record(5);
    r.record(6);
    expect(() => r.verify(5)).toThrow(/repeated runs/);
    expect(() => new CountRecorder('idle').verify(0)).toThrow(/never ran/);
  });
});

describe('matchers on the synthetic lexicon', () => {
  it('reference, our automaton and the peer find the same matches', () => {
    const { vocab, tokenizer } = scanParts(src.lexicon);
    const list = termList(src.lexicon, vocab);
    expect(list.ids.length).toBe(src.lexicon.automaton.patternCount);
    const naive = new NaiveMatcher(list.ids);
    const peer = buildPeer(list.rendered);
    let total = 0;
    for (const n of notes) {
      const d = tokenizeDoc(tokenizer, vocab, n.text);
      const expected = naive.countOverlapping(d.ids, d.count);
      expect(src.lexicon.automaton.findOverlapping(d.ids, d.count).length).toBe(expected);
      expect(peer.count(d.rendered)).toBe(expected);
      expect(src.lexicon.automaton.find(d.ids, d.count, 'leftmost-longest').length).toBe(naive.countLeftmostLongest(d.ids, d.count));
      total += expected;
    }
    expect(total).toBeGreaterThan(0);
  });
});

describe('suites', () => {
  // Recorded the way `npm run bench -- --update-expectations` records the real corpora; whether the
  // synthetic lexicon's answers are right is the engine tests' business, this checks the suites' checks.
  const exp: CorpusExpectation = recordExpectation(src, corpus);
  const sha = (c: string): string => c.repeat(64);
  const wrong: CorpusExpectation = {
    match: exp.match + 1,
    detect: { spans: exp.detect.spans, sha256: sha('a') },
    'detect context:false': { spans: exp['detect context:false'].spans + 1, sha256: exp['detect context:false'].sha256 },
    'detect refine:false': { spans: exp['detect refine:false'].spans, sha256: sha('b') },
  };
  const message = (r: Awaited<ReturnType<typeof detectSuite>>): string => (r.state === 'failed' ? r.message : `state ${r.state}`);

  it('detect passes with the committed kind of expectations, and fails naming every one that is wrong', async () => {
    const ok = await detectSuite({ src, corpora: [corpus], expected: () => exp }, opts);
    expect(ok.state).toBe('ok');
    const bad = message(await detectSuite({ src, corpora: [corpus], expected: () => wrong }, opts));
    expect(bad).toContain(`count mismatch in synthetic-smoke: match: expected ${exp.match + 1}, got ${exp.match}`);
    expect(bad).toMatch(/answer mismatch in synthetic-smoke: detect: expected \d+ spans sha256 aaaaaaaaaaaa, got/);
    expect(bad).toContain(`count mismatch in synthetic-smoke: detect context:false: expected ${exp['detect context:false'].spans + 1}`);
    expect(bad).toMatch(/answer mismatch in synthetic-smoke: detect refine:false: expected \d+ spans sha256 bbbbbbbbbbbb/);
    expect(bad).toMatch(/answer mismatch in synthetic-smoke: detect latency \(wall\): expected \d+ spans sha256 aaaaaaaaaaaa/);
  });

  it('detect fails on wrong answers with the right counts, in the timed calls and the latency rows', async () => {
    // Flips every span's negation: the same number of spans, different answers.
    const flip = new Proxy(src.engine, {
      get(target, prop, receiver) {
        if (prop !== 'detect') return Reflect.get(target, prop, receiver) as unknown;
        return (text: string, options?: DetectOptions) =>
          target.detect(text, options).map((sp) => (sp.assertions === undefined ? sp : { ...sp, assertions: { ...sp.assertions, negated: !sp.assertions.negated } }));
      },
    }) as Engine;
    const bad = message(await detectSuite({ src: { ...src, engine: flip }, corpora: [corpus], expected: () => exp }, opts));
    expect(bad).toMatch(/answer mismatch in synthetic-smoke: detect: /);
    expect(bad).toMatch(/answer mismatch in synthetic-smoke: detect refine:false: /);
    expect(bad).toMatch(/answer mismatch in synthetic-smoke: detect latency \(wall\): /);
    expect(bad).not.toContain('count mismatch'); // every count was right
    expect(bad).not.toContain('context:false'); // no assertions there to flip
  });

  it('pool passes with the expected answers and fails naming every pool task when they differ', async () => {
    const ok = await poolSuite({ src, corpora: [corpus], expected: () => exp }, opts);
    expect(ok.state === 'failed' ? ok.message : ok.state).toBe('ok');
    const bad = message(await poolSuite({ src, corpora: [corpus], expected: () => wrong }, opts));
    for (const task of ['this thread', 'pool 1 thread', 'pool 2 threads', 'pool 1 thread, JSON records']) {
      expect(bad).toMatch(new RegExp(`answer mismatch in synthetic-smoke: ${task}: expected \\d+ spans sha256 aaaaaaaaaaaa`));
    }
  }, 60_000);

  it('compare passes with the computed counts and fails on a wrong expected count', async () => {
    const ok = await compareSuite({ src, corpora: [corpus] }, opts);
    expect(ok.state).toBe('ok');
    const bad = await compareSuite({ src, corpora: [corpus], expectedOverride: 0 }, opts);
    expect(bad.state).toBe('failed');
    expect(bad.state === 'failed' ? bad.message : '').toMatch(/count mismatch in synthetic-smoke: ours: match: expected 0, got [1-9]/);
  });
});

describe('gen-notes', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateNotes({ seed: 7, count: 6, minBytes: 1024, maxBytes: 4096, terms });
    expect(again).toEqual(notes);
    expect(generateNotes({ seed: 8, count: 6, minBytes: 1024, maxBytes: 4096, terms })).not.toEqual(notes);
    for (const n of notes) {
      expect(Buffer.byteLength(n.text)).toBeGreaterThanOrEqual(1024);
      expect(n.text).toMatch(/Chief complaint:/);
    }
  });
});

describe('stage times', () => {
  it('accounts for every stage that runs, and for the time outside them, with and without the review', () => {
    const texts = notes.map((n) => n.text);
    const t = stageTimes(src.engine, texts, corpus.bytes, 1);
    const refineOnly = ['interposed', 'coordination', 'abbreviations', 'text-order', 'neoplasm-anaphora', 'header-terms'];
    const ran = src.engine.pipeline.filter((s) => s !== 'affirmed-only');
    expect([...t.byDefault.perMb.keys()]).toEqual([...ran, 'outside stages']);
    expect([...t.noRefine.perMb.keys()]).toEqual([...ran.filter((s) => !refineOnly.includes(s)), 'outside stages']);
    for (const side of [t.byDefault, t.noRefine]) {
      const sum = [...side.perMb.values()].reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(side.totalPerMb, 6);
      expect(side.totalPerMb).toBeGreaterThan(0);
    }
    expect(formatStages(t.byDefault)).toMatch(/^match [\d.]+, mentions [\d.]+, .*; total [\d.]+$/);
    expect(reviewCost(t)).toMatch(/^[\d.]+x the time of refine:false in alternating passes; /);
  });
});
