/**
 * Side by side, in one process, on the same term list and the same text (see
 * matchers.ts for exactly what each side does):
 *
 *   matching only (input pre-tokenized outside the timing)
 *     ours:  Automaton.findOverlapping(ids)
 *     peer:  @monyone/aho-corasick matchInText(rendered token stream)
 *   end to end from the raw text (tokenization inside the timing)
 *     ours:  tokenize + findOverlapping
 *     peer:  tokenize + render as text + matchInText
 *   floor:   read every UTF-16 unit of the raw text once
 *
 * Overlapping semantics on both sides (the peer reports every occurrence), so
 * the three counts (reference, ours, peer) must be equal per corpus.
 *
 * The machine is shared, so the tasks run in R interleaved rounds; a ratio is
 * computed within each round and reported as median [min-max] over rounds.
 */
import { Bench } from 'tinybench';
import type { Automaton } from '../src/automaton/automaton.js';
import { AutomatonBuilder } from '../src/automaton/builder.js';
import type { Corpus } from './corpus.js';
import type { EngineSource } from './engine-source.js';
import { clockFn, CountRecorder, guard, median, memorySnapshot, taskStats, type Row, type RunOptions, type SuiteResult } from './harness.js';
import { buildPeer, NaiveMatcher, PEER_NAME, renderTokens, scanFloor, scanParts, termList, tokenizeDoc, tokenizerDrift, type TermList } from './matchers.js';

export interface CompareInput {
  src: EngineSource;
  corpora: readonly Corpus[];
  /** Use every k-th pattern so that at most this many remain (both sides get the same subset). */
  patternLimit?: number;
  /** Expected-count override for tests: makes the check fail on purpose. */
  expectedOverride?: number;
}

const TASKS = ['ours: match', 'peer: match', 'floor: read chars', 'ours: tokenize + match', 'peer: tokenize + render + match'] as const;
type TaskName = (typeof TASKS)[number];

function subset(list: TermList, limit: number): TermList {
  const step = Math.ceil(list.ids.length / limit);
  const ids: Int32Array[] = [];
  const rendered: string[] = [];
  for (let p = 0; p < list.ids.length; p += step) {
    ids.push(list.ids[p] as Int32Array);
    rendered.push(list.rendered[p] as string);
  }
  return { ids, rendered };
}

const fmtRange = (xs: number[]): string => `${median(xs).toFixed(2)} [${Math.min(...xs).toFixed(2)}-${Math.max(...xs).toFixed(2)}]`;

export async function compareSuite(input: CompareInput, opts: RunOptions): Promise<SuiteResult> {
  return guard('compare', async (rows, facts, notes) => {
    const { lexicon } = input.src;
    const { vocab, tokenizer } = scanParts(lexicon);
    const full = termList(lexicon, vocab);
    const drift = tokenizerDrift(lexicon, full);
    facts['patterns whose stored term no longer tokenizes to the pattern (rebuild the artifact when > 0)'] = drift.patterns;
    if (drift.patterns > 0) notes.push(`tokenizer drift examples: ${drift.examples.join('; ')}`);

    let list = full;
    let ours: Automaton = lexicon.automaton;
    if (input.patternLimit !== undefined && input.patternLimit < full.ids.length) {
      list = subset(full, input.patternLimit);
      const b = new AutomatonBuilder(Math.max(1, vocab.size));
      for (const ids of list.ids) b.add(ids);
      ours = b.build();
      notes.push(`term list: every ${Math.ceil(full.ids.length / input.patternLimit)}th pattern (${list.ids.length} of ${full.ids.length}); our automaton rebuilt from that subset`);
    } else {
      notes.push(`term list: all ${list.ids.length} patterns of the artifact; ours is the artifact's automaton`);
    }
    facts['term list patterns'] = list.ids.length;
    facts['term list rendered chars (peer input)'] = list.rendered.reduce((n, s) => n + s.length, 0);

    const naive = new NaiveMatcher(list.ids);
    const heapBefore = memorySnapshot();
    const t0 = performance.now();
    const peer = buildPeer(list.rendered);
    facts[`peer (${PEER_NAME}) build s`] = Math.round(performance.now() - t0) / 1000;
    const heapAfter = memorySnapshot();
    facts['peer heap after build, MB (delta)'] = Math.round((heapAfter.heapUsedMB - heapBefore.heapUsedMB) * 10) / 10;

    const rounds = opts.quick ? 1 : 5;
    facts['rounds (ratios: median [min-max] over rounds)'] = rounds;
    const taskTime = opts.quick ? 60 : 400;
    for (const corpus of input.corpora) {
      const texts = corpus.docs.map((d) => d.text);
      const docs = texts.map((t) => tokenizeDoc(tokenizer, vocab, t));
      let expected = 0;
      let chars = 0;
      for (const d of docs) expected += naive.countOverlapping(d.ids, d.count);
      for (const t of texts) chars += t.length;
      if (input.expectedOverride !== undefined) expected = input.expectedOverride;

      const rec = Object.fromEntries(TASKS.map((t) => [t, new CountRecorder(`${corpus.name}: ${t}`)])) as Record<TaskName, CountRecorder>;
      const fns: Record<TaskName, () => void> = {
        'ours: match': () => {
          let n = 0;
          for (const d of docs) n += ours.findOverlapping(d.ids, d.count).length;
          rec['ours: match'].record(n);
        },
        'peer: match': () => {
          let n = 0;
          for (const d of docs) n += peer.count(d.rendered);
          rec['peer: match'].record(n);
        },
        'floor: read chars': () => {
          let n = 0;
          for (const t of texts) n += scanFloor(t);
          rec['floor: read chars'].record(n);
        },
        'ours: tokenize + match': () => {
          let n = 0;
          for (const t of texts) {
            const tok = tokenizer.tokenize(t);
            n += ours.findOverlapping(tok.ids, tok.count).length;
          }
          rec['ours: tokenize + match'].record(n);
        },
        'peer: tokenize + render + match': () => {
          let n = 0;
          for (const t of texts) {
            const tok = tokenizer.tokenize(t);
            n += peer.count(renderTokens(vocab, tok.ids, tok.count));
          }
          rec['peer: tokenize + render + match'].record(n);
        },
      };

      const perRound: Record<TaskName, number[]> = Object.fromEntries(TASKS.map((t) => [t, []])) as unknown as Record<TaskName, number[]>;
      const lastStats = new Map<TaskName, ReturnType<typeof taskStats>>();
      for (let r = 0; r < rounds; r++) {
        const bench = new Bench({ now: clockFn(opts.clock), time: taskTime, iterations: 3, warmupTime: opts.quick ? 10 : 100, warmupIterations: 1, throws: true });
        // Alternate the order between rounds so neither side always runs first.
        const order = r % 2 === 0 ? TASKS : [...TASKS].reverse();
        for (const t of order) bench.add(t, fns[t]);
        await bench.run();
        for (const t of TASKS) {
          const s = taskStats(bench.getTask(t) as NonNullable<ReturnType<typeof bench.getTask>>);
          perRound[t].push(s.median);
          lastStats.set(t, s);
        }
      }
      for (const t of TASKS) {
        if (t === 'floor: read chars') rec[t].verify(chars);
        else rec[t].verify(expected);
      }

      const row = (t: TaskName, expectedCount: number): Row => {
        const ms = median(perRound[t]);
        const s = lastStats.get(t) as ReturnType<typeof taskStats>;
        return {
          task: t,
          corpus: corpus.name,
          expected: expectedCount,
          count: expectedCount,
          notes: texts.length,
          bytes: corpus.bytes,
          medianMs: ms,
          meanMs: perRound[t].reduce((a, b) => a + b, 0) / perRound[t].length,
          mbPerS: corpus.bytes / 1e6 / (ms / 1000),
          notesPerS: texts.length / (ms / 1000),
          p50Ms: null,
          p99Ms: null,
          samples: s.samples * rounds,
          rme: s.rme,
          extra: {},
        };
      };
      const ratios = (num: TaskName, den: TaskName): number[] => perRound[num].map((x, i) => x / (perRound[den][i] as number));
      const ourMatch = row('ours: match', expected);
      ourMatch.extra['x peer (match only)'] = fmtRange(ratios('peer: match', 'ours: match'));
      ourMatch.extra['/ floor (time vs floor)'] = fmtRange(ratios('ours: match', 'floor: read chars'));
      const ourE2e = row('ours: tokenize + match', expected);
      ourE2e.extra['x peer (end to end)'] = fmtRange(ratios('peer: tokenize + render + match', 'ours: tokenize + match'));
      ourE2e.extra['/ floor (time vs floor)'] = fmtRange(ratios('ours: tokenize + match', 'floor: read chars'));
      rows.push(ourMatch, row('peer: match', expected), ourE2e, row('peer: tokenize + render + match', expected), row('floor: read chars', chars));
      facts[`${corpus.name}: ours/peer speed-up, match only`] = fmtRange(ratios('peer: match', 'ours: match'));
      facts[`${corpus.name}: ours/peer speed-up, end to end`] = fmtRange(ratios('peer: tokenize + render + match', 'ours: tokenize + match'));
      facts[`${corpus.name}: ours end to end, times slower than the raw-scan floor`] = fmtRange(ratios('ours: tokenize + match', 'floor: read chars'));
      facts[`${corpus.name}: ours match only, times slower than the raw-scan floor`] = fmtRange(ratios('ours: match', 'floor: read chars'));
    }
    notes.push(
      'Counts: overlapping matches over the token stream; reference = hash-set prefix probing (matchers.ts NaiveMatcher); ours, peer and reference must agree. Floor count = UTF-16 units read.',
      'Peer input: token stream rendered as " w1 w2 ... " (unknown word "?", boundary "|"), patterns " w1 ... wk " (spaces on both ends = whole words only, no filter needed).',
      'Ratios are within one process run and within each round; x peer = peer time / our time; / floor = our time / floor time.',
      `clock: ${opts.clock === 'cpu' ? 'CPU time of this process' : 'wall'}.`,
    );
    return input.corpora.map((c) => `${c.name}: ${c.description}`);
  });
}
