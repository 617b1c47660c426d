/**
 * Child process of the batch suite (benchmarks/batch.ts): a fresh Node process
 * loads the engine, reads a JSONL corpus, and makes timed passes of detect +
 * serialisation (the records `icd10cm detect` writes, default options, full
 * format, encoded to UTF-8) on one thread. The first pass is the cold one;
 * the others are warm. Input parsing is outside the timings.
 *
 *   node dist/benchmarks/batch-child.js ARTIFACT CORPUS.jsonl PASSES
 *
 * Prints one JSON line: per-pass times, the first pass's cumulative time at
 * every megabyte, and the span count, output bytes and SHA-256 of the output
 * (which the CLI's output must equal byte for byte).
 *
 * Then a control pass splits the first pass's extra cost: a second engine,
 * built over the same buffer in this now-warm process, runs the corpus once.
 * Its code is already compiled and optimised by V8; its own caches (decoded
 * codes, descriptions, terms) start empty. So first pass minus control is
 * mostly what V8's compilation costs a fresh thread (plus the few module-level
 * caches, such as the review's word agreement, which the control finds warm),
 * and control minus warm what filling the engine's caches costs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Engine, loadEngine } from '../src/engine.js';
import { DEFAULT_RECORD_FORMAT, okRecord } from '../src/output/format.js';
import { DETECT_DEFAULTS } from '../src/options.js';
import type { ChildPass } from './batch.js';

const started = performance.now();
const [artifactPath, corpusPath, passesArg] = process.argv.slice(2);
if (artifactPath === undefined || corpusPath === undefined) throw new Error('usage: batch-child ARTIFACT CORPUS [PASSES]');
const passes = Math.max(2, Number(passesArg ?? 3));
const engine = await loadEngine({ artifactPath, build: 'never' });
const loadedMs = performance.now() - started;
const docs = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as { id: string; text: string });
const sizes = docs.map((d) => Buffer.byteLength(d.text, 'utf8'));
const encoder = new TextEncoder();


function pass(track: boolean, e: Engine): ChildPass {
  const hash = createHash('sha256');
  const perMb: number[] = [];
  let spans = 0;
  let outBytes = 0;
  let bytes = 0;
  let nextMb = 1e6;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i++) {
    const d = docs[i] as { id: string; text: string };
    const s = e.detect(d.text, DETECT_DEFAULTS);
    const out = encoder.encode(okRecord(d.id, s, DEFAULT_RECORD_FORMAT));
    hash.update(out);
    spans += s.length;
    outBytes += out.length;
    bytes += sizes[i] as number;
    if (track && bytes >= nextMb) {
      perMb.push(performance.now() - t0);
      nextMb += 1e6;
    }
  }
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, spans, outBytes, sha256: hash.digest('hex'), perMb };
}

const results: ChildPass[] = [];
for (let p = 0; p < passes; p++) results.push(pass(p === 0, engine));
const control = pass(true, Engine.fromBuffer(engine.buffer, { artifactPath, checked: true }));
if (control.sha256 !== results[0]?.sha256) throw new Error('the control engine wrote different records');
process.stdout.write(`${JSON.stringify({ loadedMs, docs: docs.length, textBytes: sizes.reduce((a, b) => a + b, 0), passes: results, control })}\n`);
