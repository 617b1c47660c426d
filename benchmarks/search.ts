/**
 * Code search latency (engine.search), and the word structures behind it
 * against mnemonist's.
 *
 * Queries: a seeded set made from the release itself, distinct from the
 * evaluation set in data/search/queries.tsv: for random codes, the first
 * letters of two or three words of the long description (typing), one word
 * with two letters swapped (a typo), the whole short-description-sized title,
 * and the code's first four characters (a code prefix). One query per
 * iteration, so tinybench's p50/p99 are per query. Expected count: the total
 * number of results over one pass, taken before timing and checked after.
 *
 * Structures, over the index's own surface words: prefix ranges by binary
 * search in the sorted word list vs mnemonist's Trie.find; words one edit
 * away by the two-halves range read (src/search/surface.ts) vs mnemonist's
 * BKTree.search(1) vs a scan of every word. Each pair must return the same words.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BKTree as BKTreeType, Trie as TrieType } from 'mnemonist';
import { Bench } from 'tinybench';
import { mapArtifact } from '../src/artifact/read.js';
import { StringTable } from '../src/artifact/strings.js';
import { SEARCH } from '../src/search/sections.js';
import { oneEditAway, prefixRange, reverse, withinOneEdit } from '../src/search/surface.js';
import type { EngineSource } from './engine-source.js';
import { checkCount, clockFn, guard, rowFrom, taskStats, type RunOptions, type SuiteResult } from './harness.js';
import { mulberry32 as random } from '../tools/gen-notes.js';

// mnemonist's exports map lists no sub-paths: its module files are resolved beside the entry (as src/scoring/lru.ts does).
const require = createRequire(import.meta.url);
const mnemonist = (name: string): unknown => require(join(dirname(require.resolve('mnemonist')), name));
const Trie = mnemonist('trie.js') as typeof TrieType;
const BKTree = mnemonist('bk-tree.js') as typeof BKTreeType;


export function searchQueries(src: EngineSource, count: number, seed = 19): string[] {
  const rnd = random(seed);
  const lx = src.lexicon;
  const out: string[] = [];
  while (out.length < count) {
    const i = Math.floor(rnd() * lx.codes.length);
    const words = lx.descriptions.get(i).toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length >= 3);
    if (words.length < 2) continue;
    const pick = () => words[Math.floor(rnd() * words.length)] as string;
    switch (out.length % 4) {
      case 0: {
        const n = 2 + Math.floor(rnd() * 2);
        out.push(words.slice(0, n).map((w) => w.slice(0, 3 + Math.floor(rnd() * 3))).join(' '));
        break;
      }
      case 1: {
        const w = pick();
        const at = Math.floor(rnd() * (w.length - 1));
        out.push(w.length >= 5 ? `${w.slice(0, at)}${w[at + 1]}${w[at]}${w.slice(at + 2)}` : w);
        break;
      }
      case 2:
        out.push(lx.descriptions.get(i));
        break;
      default:
        out.push(lx.codes.get(i).slice(0, 4));
    }
  }
  return out;
}

export async function searchSuite(input: { src: EngineSource }, opts: RunOptions): Promise<SuiteResult> {
  return guard('search', async (rows, facts, notes) => {
    const engine = input.src.engine;
    const queries = searchQueries(input.src, opts.quick ? 100 : 1000);
    const pass = () => queries.reduce((n, q) => n + engine.search(q).length, 0);
    const expected = pass(); // also builds the posting lists, outside the timing
    let at = 0;
    const bench = new Bench({ now: clockFn(opts.clock), time: opts.quick ? 100 : 3000, iterations: queries.length, warmupIterations: 50, throws: true });
    bench.add('search', () => {
      engine.search(queries[at++ % queries.length] as string);
    });
    await bench.run();
    checkCount('search results over the query set', expected, pass());
    const task = bench.getTask('search') as NonNullable<ReturnType<Bench['getTask']>>;
    const stats = taskStats(task);
    rows.push(rowFrom(task, { task: `search, one query per call (${opts.clock})`, corpus: 'release-queries', notes: 1, bytes: 0, expected, count: expected, perNote: true }));
    facts['search queries'] = queries.length;
    facts['search p50 ms'] = Number(stats.p50.toFixed(3));
    facts['search p99 ms'] = Number(stats.p99.toFixed(3));
    facts['search p99 under 5 ms'] = stats.p99 < 5;

    // Word structures over the index's own surface words.
    const a = mapArtifact(input.src.lexicon.buffer);
    if (!a.header.sections.some((s) => s.name === SEARCH.surfaceBytes)) throw new Error('the artifact has no search index');
    const table = new StringTable(a.section(SEARCH.surfaceBytes), a.section(SEARCH.surfaceOffsets));
    let surface = Array.from({ length: table.length }, (_, i) => table.get(i));
    // A quick run compares on every eighth word: building the BK-tree over all of them takes tens of seconds.
    if (opts.quick) surface = surface.filter((_, i) => i % 8 === 0);
    const order = surface.map((_, i) => i).sort((x, y) => {
      const rx = reverse(surface[x] as string);
      const ry = reverse(surface[y] as string);
      return rx < ry ? -1 : rx > ry ? 1 : x - y;
    });
    const reversed = order.map((s) => reverse(surface[s] as string));
    const words = queries.flatMap((q) => q.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w.length >= 1);
    const long = words.filter((w) => w.length >= 5);
    let t0 = performance.now();
    const trie = Trie.from(surface);
    facts['mnemonist Trie build ms'] = Number((performance.now() - t0).toFixed(1));
    const distance = (x: string, y: string) => (x === y ? 0 : withinOneEdit(x, y) ? 1 : 2);
    t0 = performance.now();
    const bk = BKTree.from(surface, distance);
    facts['mnemonist BKTree build ms'] = Number((performance.now() - t0).toFixed(1));
    // The same answers, or the comparison means nothing.
    for (const w of words.slice(0, 200)) {
      const [lo, hi] = prefixRange(surface, w);
      checkCount(`prefix ${w}: sorted range vs Trie`, hi - lo, trie.find(w).length);
    }
    for (const w of long.slice(0, 100)) {
      checkCount(`one edit ${w}: halves vs BKTree`, oneEditAway(surface, reversed, order, w).length, bk.search(1, w).length);
    }
    const structures = new Bench({ now: clockFn(opts.clock), time: opts.quick ? 100 : 1000, iterations: 20, throws: true });
    let i = 0;
    let j = 0;
    structures
      .add('prefix: sorted array', () => void prefixRange(surface, words[i++ % words.length] as string))
      .add('prefix: mnemonist Trie', () => void trie.find(words[i++ % words.length] as string))
      .add('one edit: two halves', () => void oneEditAway(surface, reversed, order, long[j++ % long.length] as string))
      .add('one edit: mnemonist BKTree', () => void bk.search(1, long[j++ % long.length] as string))
      .add('one edit: scan every word', () => {
        const q = long[j++ % long.length] as string;
        for (const s of surface) withinOneEdit(q, s);
      });
    await structures.run();
    const mean = (name: string) => taskStats(structures.getTask(name) as NonNullable<ReturnType<Bench['getTask']>>).mean;
    for (const t of structures.tasks) facts[`${t.name}, mean ms`] = Number(mean(t.name).toFixed(4));
    facts['prefix: Trie / sorted array'] = Number((mean('prefix: mnemonist Trie') / mean('prefix: sorted array')).toFixed(1));
    facts['one edit: BKTree / two halves'] = Number((mean('one edit: mnemonist BKTree') / mean('one edit: two halves')).toFixed(1));
    facts['one edit: scan / two halves'] = Number((mean('one edit: scan every word') / mean('one edit: two halves')).toFixed(1));
    notes.push(`${surface.length} surface words; ${words.length} prefixes and ${long.length} words of 5+ letters from the query set`);
    return ['release-queries'];
  });
}
