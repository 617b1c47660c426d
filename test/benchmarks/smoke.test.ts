/**
 * The benchmark harness's correctness side, on the synthetic lexicon: the count
 * checks pass when every matcher agrees and fail (with a clear message) when the
 * expected count is wrong. No timing is asserted anywhere.
 */
import { describe, expect, it } from 'vitest';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { compareSuite } from '../../benchmarks/compare.js';
import { makeCorpus } from '../../benchmarks/corpus.js';
import { detectSuite } from '../../benchmarks/detect.js';
import { engineFromBytes } from '../../benchmarks/engine-source.js';
import { checkCount, CountMismatchError, CountRecorder, type RunOptions } from '../../benchmarks/harness.js';
import { buildPeer, NaiveMatcher, scanParts, termList, tokenizeDoc } from '../../benchmarks/matchers.js';
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
  it('detect passes with the computed counts and fails on a wrong expected count', async () => {
    const ok = await detectSuite({ src, corpora: [corpus] }, opts);
    expect(ok.state).toBe('ok');
    const bad = await detectSuite({ src, corpora: [corpus], expectedOverride: 1_000_000 }, opts);
    expect(bad.state).toBe('failed');
    expect(bad.state === 'failed' ? bad.message : '').toMatch(/count mismatch in synthetic-smoke: match: expected 1000000, got \d+/);
  });

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
