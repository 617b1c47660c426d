/**
 * Single-thread detection, per corpus:
 * - "match": tokenize + automaton (leftmost-longest), what every span starts
 *   from. Expected count: the naive reference matcher's, committed in
 *   benchmarks/expectations.json.
 * - "detect": engine.detect with default options (context + scoring), and with
 *   context or the review off, to show what each costs. Expected: the committed
 *   span total and hash of (start, end, top code, flags); every timed pass must
 *   give the total, and the last pass the hash.
 * - "detect latency": one note per iteration, round-robin over the corpus, so
 *   tinybench's p50/p99 are per-note latencies. The answers of the timed calls
 *   are kept per note and checked against the same committed hash (notes the
 *   timing never reached are filled in afterwards, untimed).
 * - baseline: the raw-scan floor on the same texts in the same bench, so every
 *   throughput row has a same-run ratio ("x slower than floor") that does not
 *   move with the machine's speed at the time.
 * - stage times (stage-times.ts): milliseconds per MB in each pipeline stage,
 *   default options and refine:false, and what the review adds.
 */
import type { Span } from '../src/types.js';
import type { Corpus } from './corpus.js';
import type { EngineSource } from './engine-source.js';
import { AnswerCheck, digest, VARIANTS, type CorpusExpectation, type Variant } from './expectations.js';
import { CountRecorder, guard, makeBench, rowFrom, settledMemory, type Row, type RunOptions, type SuiteResult } from './harness.js';
import { scanFloor, scanParts } from './matchers.js';
import { formatStages, reviewCost, stageTimes } from './stage-times.js';

export interface DetectInput {
  src: EngineSource;
  corpora: readonly Corpus[];
  /** The committed answers for a corpus (expectations.ts); tests pass wrong ones to see the suite fail. */
  expected: (corpus: Corpus) => CorpusExpectation;
}

export async function detectSuite(input: DetectInput, opts: RunOptions): Promise<SuiteResult> {
  return guard('detect', async (rows, facts, notes) => {
    const { engine, lexicon } = input.src;
    const { tokenizer } = scanParts(lexicon);
    const automaton = lexicon.automaton;
    let contextSeen = false;
    let sectionsSeen = false;

    for (const corpus of input.corpora) {
      const texts = corpus.docs.map((d) => d.text);
      const expected = input.expected(corpus);
      const expectedMatches = expected.match;
      const expectedSpans = expected.detect.spans;
      const expectedSpansNoContext = expected['detect context:false'].spans;
      const expectedSpansNoRefine = expected['detect refine:false'].spans;
      // The last timed pass of each variant, kept to check its answers after timing (keeping the arrays costs one allocation a pass).
      const last = new Map<Variant, Span[][]>();
      const timedPass = (variant: Variant): number => {
        const out: Span[][] = new Array(texts.length);
        let n = 0;
        for (let i = 0; i < texts.length; i++) {
          const spans = engine.detect(texts[i] as string, VARIANTS[variant]);
          out[i] = spans;
          n += spans.length;
        }
        last.set(variant, out);
        return n;
      };
      const latencyAnswers: Array<Span[] | undefined> = new Array(texts.length);
      const wallAnswers: Array<Span[] | undefined> = new Array(texts.length);

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
        .add('detect', () => detect.record(timedPass('detect')))
        .add('detect context:false', () => detectNoContext.record(timedPass('detect context:false')))
        .add('detect refine:false', () => detectNoRefine.record(timedPass('detect refine:false')))
        .add('floor', () => {
          let n = 0;
          for (const t of texts) n += scanFloor(t);
          floor.record(n);
        })
        .add('latency', () => {
          const i = next;
          next = (next + 1) % texts.length;
          latencyAnswers[i] = engine.detect(texts[i] as string);
        });
      await bench.run();
      // Latency is what a caller waits for, so it is also timed on the wall clock
      // (on a shared machine that includes being descheduled; the CPU clock instead
      // charges GC helper threads' work to whichever call is running).
      const wall = opts.clock === 'wall' ? null : makeBench({ ...opts, clock: 'wall' }, { time: 1500 });
      if (wall !== null) {
        let at = 0;
        wall.add('latency', () => {
          const i = at;
          at = (at + 1) % texts.length;
          wallAnswers[i] = engine.detect(texts[i] as string);
        });
        await wall.run();
      }
      const check = new AnswerCheck();
      check.run(() => match.verify(expectedMatches));
      check.run(() => detect.verify(expectedSpans));
      check.run(() => detectNoContext.verify(expectedSpansNoContext));
      check.run(() => detectNoRefine.verify(expectedSpansNoRefine));
      check.run(() => floor.verify(chars));
      for (const variant of Object.keys(VARIANTS) as Variant[]) {
        const answers = last.get(variant);
        if (answers === undefined) check.problems.push(`${corpus.name}: ${variant}: the task never ran`);
        else check.digest(`${corpus.name}: ${variant}`, expected[variant], digest(answers));
      }
      const latencyDigest = (answers: Array<Span[] | undefined>): ReturnType<typeof digest> =>
        digest(Array.from(answers, (a, i) => a ?? engine.detect(texts[i] as string)));
      check.digest(`${corpus.name}: detect latency (${opts.clock})`, expected.detect, latencyDigest(latencyAnswers));
      if (wall !== null) check.digest(`${corpus.name}: detect latency (wall)`, expected.detect, latencyDigest(wallAnswers));
      check.throwIfAny();
      for (const spans of last.get('detect') ?? []) {
        for (const s of spans) {
          if (s.assertions !== undefined) contextSeen = true;
          if (s.section !== undefined) sectionsSeen = true;
        }
      }

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
      rows.push(rowFrom(task('latency'), { ...base, task: `detect latency, one note per call (${opts.clock})`, expected: expectedSpans, count: expectedSpans, perNote: true }));
      rows.push(floorRow);
      // Where the time goes, stage by stage (wrapped stages: the same answers, a little slower than the rows above).
      const stages = stageTimes(engine, texts, corpus.bytes, opts.quick ? 1 : 5);
      facts[`${corpus.name}: ms per MB by stage, default options`] = formatStages(stages.byDefault);
      facts[`${corpus.name}: ms per MB by stage, refine:false`] = formatStages(stages.noRefine);
      facts[`${corpus.name}: what the review and its readings add`] = reviewCost(stages);
      if (wall !== null) {
        rows.push(rowFrom(wall.getTask('latency') as NonNullable<ReturnType<typeof wall.getTask>>, { ...base, task: 'detect latency, one note per call (wall)', expected: expectedSpans, count: expectedSpans, perNote: true }));
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
