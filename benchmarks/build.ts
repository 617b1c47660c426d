/**
 * Artifact build from the release: readRelease (find, decompress, parse every
 * file) and compileLexicon (tokenize terms, build and flatten the automaton,
 * rank candidates, write the bytes), as the build-data command runs them.
 * Seconds each, so one run (quick) or two (full), no warm-up.
 *
 * Expected count: the number of distinct normalised word sequences among the
 * lexicon's terms, counted with a Set over termWords (no automaton involved);
 * the compiled pattern count must equal it. Two compiles must give the same
 * bytes (the build is deterministic). The artifact on disk is compared too, and
 * a difference reported (not failed: it only means it needs rebuilding).
 */
import { createHash } from 'node:crypto';
import { Bench } from 'tinybench';
import type { CompileResult } from '../src/lexicon/compile.js';
import { TermFilter } from '../src/lexicon/term-filter.js';
import { addedTerms, releaseOptions } from '../src/build.js';
import { readSynonyms } from '../src/lexicon/project-terms.js';
import type { ReadReleaseOptions } from '../src/lexicon/release.js';
import type { Lexicon, TermRecord } from '../src/lexicon/types.js';
import { findRelease } from '../src/paths.js';
import { termWords } from '../src/text/tokens.js';
import { compileLikeBuild, type EngineSource } from './engine-source.js';
import { checkCount, guard, memorySnapshot, rowFrom, type RunOptions, type SuiteResult } from './harness.js';

interface ReleaseModule {
  readRelease(dir: string, options?: ReadReleaseOptions): Promise<Lexicon>;
}

/**
 * Distinct word sequences among the terms whose code exists, leaving out
 * one-word terms whose word is generic (the compiler's documented rule): what
 * the pattern count must be.
 */
export function distinctSequences(lexicon: Lexicon, extra: readonly TermRecord[], filter: TermFilter): number {
  const known = new Set(lexicon.codes.map((c) => c.code));
  const seqs = new Set<string>();
  for (const t of [...lexicon.terms, ...extra]) {
    if (!known.has(t.code)) continue;
    const w = termWords(t.text);
    if (w.length === 0 || filter.reason(w, t) !== null) continue;
    seqs.add(w.join(' '));
  }
  return seqs.size;
}

export async function buildSuite(input: { src: EngineSource }, opts: RunOptions): Promise<SuiteResult> {
  const release = findRelease();
  if (release === undefined) return { suite: 'build', state: 'skipped', reason: 'no ICD-10-CM release folder found', facts: {}, notes: [] };
  let mod: ReleaseModule;
  try {
    mod = (await import(new URL('../src/lexicon/release.js', import.meta.url).href)) as ReleaseModule;
  } catch (err) {
    return { suite: 'build', state: 'skipped', reason: `release reader: not available yet (${err instanceof Error ? err.message : String(err)})`, facts: {}, notes: [] };
  }
  return guard('build', async (rows, facts, notes) => {
    const runs = opts.quick ? 1 : 2;
    let lexicon: Lexicon | undefined;
    let compiled: CompileResult | undefined;
    const digests = new Set<string>();
    const bench = new Bench({ time: 0, iterations: runs, warmup: false, throws: true });
    bench.add('readRelease', async () => {
      lexicon = await mod.readRelease(release.dir, releaseOptions());
    });
    bench.add('compileLexicon', () => {
      const lx = lexicon as Lexicon;
      compiled = compileLikeBuild(lx);
      digests.add(createHash('sha256').update(compiled.bytes).digest('hex'));
    });
    await bench.run();
    const peakRss = memorySnapshot().rssMB;
    const lx = lexicon as Lexicon;
    const out = compiled as CompileResult;
    const filter = TermFilter.load();
    const expected = distinctSequences(lx, addedTerms(lx, readSynonyms(), filter), filter);
    checkCount('build: compiled patterns vs distinct term word sequences', expected, out.patterns);
    if (digests.size !== 1) throw new Error(`build: ${runs} compiles gave ${digests.size} different artifacts (the build must be deterministic)`);

    const task = (n: string) => bench.getTask(n) as NonNullable<ReturnType<typeof bench.getTask>>;
    const base = { corpus: release.dir, notes: 1, bytes: out.bytes.length };
    rows.push(rowFrom(task('readRelease'), { ...base, task: 'build: readRelease', expected: null, count: null }));
    rows.push(rowFrom(task('compileLexicon'), { ...base, task: 'build: compileLexicon', expected, count: out.patterns }));
    for (const r of rows) {
      r.mbPerS = null;
      r.notesPerS = null;
    }
    const read = rows[0]?.medianMs ?? NaN;
    const comp = rows[1]?.medianMs ?? NaN;
    facts['build s: readRelease + compileLexicon (median of runs)'] = Math.round(read + comp) / 1000;
    facts['build: terms, patterns, states, vocabulary'] = `${out.terms}, ${out.patterns}, ${out.states}, ${out.vocabulary}`;
    facts['build: artifact bytes'] = out.bytes.length;
    facts['build: rss MB after build'] = peakRss;
    const h = input.src.lexicon.header;
    const same = input.src.kind === 'release' && h.counts.patterns === out.patterns && h.counts.states === out.states && input.src.engine.info.artifactBytes === out.bytes.length;
    facts['artifact on disk matches a fresh build (counts and size)'] = input.src.kind === 'release' ? same : 'n/a (fallback artifact in use)';
    if (input.src.kind === 'release' && !same) {
      notes.push(`the artifact used by the other suites differs from a fresh build (${h.counts.patterns} vs ${out.patterns} patterns): rebuild it with \`node bin/icd10cm.js build-data\``);
    }
    notes.push('Timed without writing the file; build-data adds one write + rename.');
    return [`release: ${release.dir} (${release.via})`];
  });
}
