/**
 * `npm run bench`: runs the suites (load, detect, pool, build, compare, queue, memory, server), prints
 * one table and writes the same figures as JSON to benchmarks/results/
 * (latest.json and a dated copy; --quick writes quick.json only). Exits 1 when
 * a suite fails, e.g. because a count differs from its expected value.
 *
 *   node dist/benchmarks/run.js [--quick] [--only batch,detect,pool] [--batch-mb N]
 *   node dist/benchmarks/run.js --update-expectations   (records benchmarks/expectations.json; times nothing)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/paths.js';
import { diagnosisTerms } from '../tools/gen-notes.js';
import { batchSuite } from './batch.js';
import { buildSuite } from './build.js';
import { compareSuite } from './compare.js';
import { loadCodiEspEnglish, syntheticCorpus, type Corpus } from './corpus.js';
import { detectSuite } from './detect.js';
import { benchEngine, type EngineSource } from './engine-source.js';
import { corpusKey, EXPECTATIONS_FILE, expectationFrom, readExpectations, writeExpectations } from './expectations.js';
import { SUITES, type ClockName, type RunOptions, type SuiteName, type SuiteResult } from './harness.js';
import { loadSuite } from './load.js';
import { poolSuite } from './pool.js';
import { searchSuite } from './search.js';
import { queueSuite } from './queue.js';
import { memorySuite } from './memory.js';
import { serverSuite } from './server-load.js';
import { evaluateTargets, formatRun, type RunRecord } from './report.js';

export const RESULTS_DIR = join(PACKAGE_ROOT, 'benchmarks', 'results');

const USAGE = `usage: node dist/benchmarks/run.js [--quick] [--only ${SUITES.join(',')}] [--clock cpu|wall] [--batch-mb N] [--batch-threads 4,8,16] | --update-expectations`;

export function parseArgs(args: readonly string[]): { quick: boolean; only: SuiteName[]; clock: ClockName; update: boolean; batchMb: number | undefined; batchThreads: number[] } {
  let quick = false;
  let update = false;
  let batchMb: number | undefined;
  let batchThreads: number[] = [];
  let clock: ClockName = 'cpu';
  let only: SuiteName[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--quick') quick = true;
    else if (a === '--update-expectations') update = true;
    else if (a === '--only' || a.startsWith('--only=')) {
      const v = a === '--only' ? args[++i] : a.slice('--only='.length);
      if (v === undefined || v === '') throw new Error(`--only needs a list of suites. ${USAGE}`);
      const names = v.split(',').map((s) => s.trim());
      const bad = names.filter((n) => !(SUITES as readonly string[]).includes(n));
      if (bad.length > 0) throw new Error(`--only: unknown suite(s) ${bad.join(', ')}; known: ${SUITES.join(', ')}`);
      only = names as SuiteName[];
    } else if (a === '--clock' || a.startsWith('--clock=')) {
      const v = a === '--clock' ? args[++i] : a.slice('--clock='.length);
      if (v !== 'cpu' && v !== 'wall') throw new Error(`--clock must be cpu or wall, got ${String(v)}`);
      clock = v;
    } else if (a === '--batch-mb' || a.startsWith('--batch-mb=')) {
      const v = Number(a === '--batch-mb' ? args[++i] : a.slice('--batch-mb='.length));
      if (!(v > 0)) throw new Error(`--batch-mb must be a positive number. ${USAGE}`);
      batchMb = v;
    } else if (a === '--batch-threads' || a.startsWith('--batch-threads=')) {
      const v = (a === '--batch-threads' ? args[++i] : a.slice('--batch-threads='.length)) ?? '';
      batchThreads = v.split(',').map(Number);
      if (batchThreads.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--batch-threads takes thread counts, e.g. 4,8,16. ${USAGE}`);
    } else if (a === '--help' || a === '-h') {
      throw new Error(USAGE);
    } else throw new Error(`unknown argument ${a}. ${USAGE}`);
  }
  // A quick run leaves out the build (tens of seconds) unless asked for by name.
  const chosen = only ?? SUITES.filter((s) => !(quick && s === 'build'));
  return { quick, clock, only: SUITES.filter((s) => chosen.includes(s)), update, batchMb, batchThreads };
}

/** The seeded corpora of a full or a quick run (the quick ones are the full ones' first notes, or fewer notes of the same seeds). */
export function corporaFor(src: EngineSource, quick: boolean): { codiesp: Corpus; mixed: Corpus; fiveK: Corpus } {
  const terms = diagnosisTerms(src.lexicon);
  return {
    codiesp: loadCodiEspEnglish(undefined, quick ? 40 : Infinity),
    mixed: syntheticCorpus('synthetic-mixed', { seed: 1, count: quick ? 12 : 100, minBytes: 1024, maxBytes: 50 * 1024, terms }),
    fiveK: syntheticCorpus('synthetic-5k', { seed: 2, count: quick ? 20 : 200, minBytes: 5 * 1024, maxBytes: 5 * 1024, terms }),
  };
}

/** Records the expected answers of the full and quick corpora; no timing. */
function updateExpectations(src: EngineSource, log: (line: string) => void): number {
  if (src.kind !== 'release') throw new Error('expectations are recorded on the real artifact: build it first (node bin/icd10cm.js build-data)');
  const corpora = [true, false].flatMap((quick) => Object.values(corporaFor(src, quick)));
  const file = writeExpectations(src, corpora);
  for (const c of corpora) {
    const e = file.corpora[corpusKey(c)];
    log(`bench: ${corpusKey(c)}: match ${e?.match}, detect ${e?.detect.spans} spans ${e?.detect.sha256.slice(0, 12)}`);
  }
  log(`bench: wrote ${EXPECTATIONS_FILE}; commit it with the change that moved the answers, and say why`);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const { quick, only, clock, update, batchMb, batchThreads } = parseArgs(argv);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const opts: RunOptions = { quick, only, clock, log };
  const src = await benchEngine(log);
  log(`bench: ${src.label}`);
  if (update) return updateExpectations(src, log);

  const { codiesp, mixed, fiveK } = corporaFor(src, quick);
  const corpora: Corpus[] = [codiesp, mixed, fiveK];
  const expected = expectationFrom(readExpectations(), src);

  const results: SuiteResult[] = [];
  for (const suite of only) {
    log(`bench: running ${suite}${quick ? ' (quick)' : ''}`);
    const t0 = performance.now();
    let r: SuiteResult;
    switch (suite) {
      case 'batch':
        r = await batchSuite({ src, terms: diagnosisTerms(src.lexicon), megabytes: batchMb ?? (quick ? 2 : 20), threads: batchThreads }, opts);
        break;
      case 'load':
        r = await loadSuite({ src, sample: (fiveK.docs[0] as { text: string }).text }, opts);
        break;
      case 'detect':
        r = await detectSuite({ src, corpora, expected }, opts);
        break;
      case 'pool':
        r = await poolSuite({ src, corpora: [codiesp, mixed], expected }, opts);
        break;
      case 'build':
        r = await buildSuite({ src }, opts);
        break;
      case 'search':
        r = await searchSuite({ src }, opts);
        break;
      case 'compare':
        r = await compareSuite(quick ? { src, corpora: [codiesp, mixed], patternLimit: 20_000 } : { src, corpora: [codiesp, mixed] }, opts);
        break;
      case 'queue':
        r = await queueSuite({ corpus: codiesp, rounds: quick ? 1 : 3 }, opts);
        break;
      case 'memory':
        r = await memorySuite(opts);
        break;
      case 'server':
        r = await serverSuite(opts);
        break;
    }
    log(`bench: ${suite} ${r.state} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    results.push(r);
  }

  const cpu = cpus();
  const h = src.lexicon.header;
  const run: RunRecord = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      platform: `${platform()} ${release()}`,
      quick,
      clock,
      suites: [...only],
      artifact: { label: src.label, kind: src.kind, path: src.artifactPath, bytes: src.engine.info.artifactBytes, builder: h.builder, format: h.format, codesFiscalYear: h.codesFiscalYear, fiscalYears: h.fiscalYears },
      corpora: corpora.map((c) => `${c.name}: ${c.description}, ${(c.bytes / 1e6).toFixed(2)} MB`),
    },
    suites: results,
    targets: evaluateTargets(results),
  };
  process.stdout.write(`${formatRun(run)}\n`);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = `${JSON.stringify(run, null, 2)}\n`;
  const files = quick ? ['quick.json'] : ['latest.json', `${run.meta.date.slice(0, 10)}.json`];
  for (const f of files) writeFileSync(join(RESULTS_DIR, f), json);
  log(`bench: wrote ${files.map((f) => join('benchmarks', 'results', f)).join(', ')}`);

  const failed = results.filter((r) => r.state === 'failed');
  for (const f of failed) if (f.state === 'failed') log(`bench: FAILED ${f.suite}: ${f.message}`);
  return failed.length > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
