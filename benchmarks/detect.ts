/**
 * Single-thread detection, per corpus:
 * - "match": tokenize + automaton (leftmost-longest), what every span starts
 *   from. Expected count: NaiveMatcher's leftmost-longest count over the same
 *   token streams, computed once before timing.
 * - "detect": engine.detect with default options (context + scoring), and with
 *   context off, to show what context costs. Expected count: the span total of
 *   one untimed pass; every timed pass must give the same total.
 * - "detect latency": one note per iteration, round-robin over the corpus, so
 *   tinybench's p50/p99 are per-note latencies.
 * - baseline: the raw-scan floor on the same texts in the same bench, so every
 *   throughput row has a same-run ratio ("x slower than floor") that does not
 *   move with the machine's speed at the time.
 */
import type { Corpus } from './corpus.js';
import type { EngineSource } from './engine-source.js';
import { CountRecorder, guard, makeBench, rowFrom, settledMemory, type Row, type RunOptions, type SuiteResult } from './harness.js';
import { NaiveMatcher, scanFloor, scanParts, termList } from './matchers.js';

export interface DetectInput {
  src: EngineSource;
  corpora: readonly Corpus[];
  /** Expected-count override for tests: makes the check fail on purpose. */
  expectedOverride?: number;
}

export async function detectSuite(input: DetectInput, opts: RunOptions): Promise<SuiteResult> {
  return guard('detect', async (rows, facts, notes) => {
    const { engine, lexicon } = input.src;
    const { vocab, tokenizer } = scanParts(lexicon);
    const automaton = lexicon.automaton;
    // Expected match counts first, in a scope of their own: the reference's hash
    // sets hold every pattern prefix (hundreds of MB for the real lexicon), and a
    // heap that size would lengthen GC pauses inside the timed detect calls.
    const expectedMatchesOf = ((): number[] => {
      const naive = new NaiveMatcher(termList(lexicon, vocab).ids);
      return input.corpora.map((corpus) => {
        let n = 0;
        for (const d of corpus.docs) {
          const tok = tokenizer.tokenize(d.text);
          n += naive.countLeftmostLongest(tok.ids, tok.count);
        }
        return n;
      });
    })();
    let contextSeen = false;
    let sectionsSeen = false;

    for (const [ci, corpus] of input.corpora.entries()) {
      const texts = corpus.docs.map((d) => d.text);
      let expectedMatches = expectedMatchesOf[ci] as number;
      let expectedSpans = 0;
      let expectedSpansNoContext = 0;
      let expectedSpansNoRefine = 0;
      for (const t of texts) {
        expectedSpansNoContext += engine.detect(t, { context: false }).length;
        expectedSpansNoRefine += engine.detect(t, { refine: false }).length;
        const spans = engine.detect(t);
        expectedSpans += spans.length;
        for (const s of spans) {
          if (s.assertions !== undefined) contextSeen = true;
          if (s.section !== undefined) sectionsSeen = true;
        }
      }
      if (input.expectedOverride !== undefined) expectedMatches = input.expectedOverride;

      const match = new CountRecorder(`${corpus.name}: match`);
      const detect = new CountRecorder(`${corpus.name}: detect`);
      const detectNoContext = new CountRecorder(`${corpus.name}: detect context:false`);
      const detectNoRefine = new CountRecorder(`${corpus.name}: detect refine:false`);
      const floor = new CountRecorder(`${corpus.name}: floor`);
      let chars = 0;
      for (const t of texts) chars += t.length;
      let next = 0;
      const bench = makeBench(opts, { time: 1500 });
      bench
        .add('match', () => {
          let n = 0;
          for (const t of texts) {
            const tok = tokenizer.tokenize(t);
            n += automaton.find(tok.ids, tok.count, 'leftmost-longest').length;
          }
          match.record(n);
        })
        .add('detect', () => {
          let n = 0;
          for (const t of texts) n += engine.detect(t).length;
          detect.record(n);
        })
        .add('detect context:false', () => {
          let n = 0;
          for (const t of texts) n += engine.detect(t, { context: false }).length;
          detectNoContext.record(n);
        })
        .add('detect refine:false', () => {
          let n = 0;
          for (const t of texts) n += engine.detect(t, { refine: false }).length;
          detectNoRefine.record(n);
        })
        .add('floor', () => {
          let n = 0;
          for (const t of texts) n += scanFloor(t);
          floor.record(n);
        })
        .add('latency', () => {
          const t = texts[next] as string;
          next = (next + 1) % texts.length;
          return engine.detect(t).length;
        });
      await bench.run();
      // Latency is what a caller waits for, so it is also timed on the wall clock
      // (on a shared machine that includes being descheduled; the CPU clock instead
      // charges GC helper threads' work to whichever call is running).
      const wall = opts.clock === 'wall' ? null : makeBench({ ...opts, clock: 'wall' }, { time: 1500 });
      if (wall !== null) {
        let at = 0;
        wall.add('latency', () => {
          const t = texts[at] as string;
          at = (at + 1) % texts.length;
          return engine.detect(t).length;
        });
        await wall.run();
      }
      match.verify(expectedMatches);
      detect.verify(expectedSpans);
      detectNoContext.verify(expectedSpansNoContext);
      detectNoRefine.verify(expectedSpansNoRefine);
      floor.verify(chars);

      const base = { corpus: corpus.name, notes: texts.length, bytes: corpus.bytes };
      const task = (name: string) => bench.getTask(name) as NonNullable<ReturnType<typeof bench.getTask>>;
      const floorRow = rowFrom(task('floor'), { ...base, task: 'baseline: raw-scan floor (read every char)', expected: chars, count: chars });
      const vsFloor = (r: Row): Row => {
        r.extra['x slower than floor'] = (r.medianMs / floorRow.medianMs).toFixed(1);
        return r;
      };
      rows.push(vsFloor(rowFrom(task('match'), { ...base, task: 'match: tokenize + automaton', expected: expectedMatches, count: expectedMatches })));
      rows.push(vsFloor(rowFrom(task('detect'), { ...base, task: 'detect: match + context + scoring', expected: expectedSpans, count: expectedSpans })));
      rows.push(vsFloor(rowFrom(task('detect context:false'), { ...base, task: 'detect, context:false', expected: expectedSpansNoContext, count: expectedSpansNoContext })));
      rows.push(vsFloor(rowFrom(task('detect refine:false'), { ...base, task: 'detect + context, refine:false', expected: expectedSpansNoRefine, count: expectedSpansNoRefine })));
      rows.push(rowFrom(task('latency'), { ...base, task: `detect latency, one note per call (${opts.clock})`, expected: null, count: null, perNote: true }));
      rows.push(floorRow);
      if (wall !== null) {
        rows.push(rowFrom(wall.getTask('latency') as NonNullable<ReturnType<typeof wall.getTask>>, { ...base, task: 'detect latency, one note per call (wall)', expected: null, count: null, perNote: true }));
      }
    }
    facts['context'] = contextSeen ? 'active (spans carry assertions)' : 'not available yet (no span carries assertions)';
    facts['sections'] = sectionsSeen ? 'active' : 'not available yet';
    const mem = settledMemory();
    facts['bench process rss MB after detect (engine + corpora + harness, after a full GC)'] = mem.rssMB;
    facts['bench process heapUsed MB after detect (after a full GC)'] = mem.heapUsedMB;
    facts['bench process arrayBuffers MB after detect'] = mem.arrayBuffersMB;
    notes.push(`clock: ${opts.clock === 'cpu' ? 'CPU time of this process' : 'wall'}. MB/s = UTF-8 bytes of the original texts / median time of one pass over the corpus; latency rows time one note per call.`);
    return input.corpora.map((c) => `${c.name}: ${c.description}, ${c.docs.length} docs, ${(c.bytes / 1e6).toFixed(2)} MB`);
  });
}
