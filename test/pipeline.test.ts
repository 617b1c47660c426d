import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledLexicon } from '../src/artifact/model.js';
import { loadContextRules } from '../src/context/index.js';
import { Engine } from '../src/engine.js';
import { compileLexicon } from '../src/lexicon/compile.js';
import type { Stage } from '../src/note.js';
import { DETECT_DEFAULTS, validateDetectOptions } from '../src/options.js';
import { buildParts, buildPipeline, runPipeline, STAGE_NAMES } from '../src/pipeline.js';
import { validatePoolOptions } from '../src/workers/options.js';
import { icdErrorOf } from './helpers/errors.js';
import { noteOf } from './helpers/note.js';
import { syntheticLexicon } from './helpers/synthetic-lexicon.js';

const STAGES = [
  'match',
  'mentions',
  'interposed',
  'coordination',
  'abbreviations',
  'text-order',
  'neoplasm-anaphora',
  'sections',
  'context',
  'child-patient',
  'header-terms',
  'affirmed-only',
];

let lexicon: CompiledLexicon;
let engine: Engine;
beforeAll(() => {
  const bytes = compileLexicon(syntheticLexicon()).bytes;
  lexicon = new CompiledLexicon(bytes.buffer);
  engine = Engine.fromBuffer(bytes.buffer);
});

/** Names of the stages that run under `options`. */
function running(stages: readonly Stage[], options: Parameters<typeof validateDetectOptions>[0]): string[] {
  const o = validateDetectOptions(options);
  return stages.filter((s) => s.runs(o)).map((s) => s.name);
}

describe('the detect pipeline', () => {
  it('lists its stages in the order they run', () => {
    expect(engine.pipeline).toEqual(STAGES);
    expect(buildPipeline(buildParts(lexicon, loadContextRules())).map((s) => s.name)).toEqual(STAGES);
  });

  it('runs the stages the options ask for, and only those', () => {
    const stages = buildPipeline(buildParts(lexicon, loadContextRules()));
    expect(running(stages, {})).toEqual(STAGES.filter((s) => s !== 'affirmed-only'));
    expect(running(stages, { refine: false })).toEqual(['match', 'mentions', 'sections', 'context', 'child-patient']);
    expect(running(stages, { context: false })).toEqual(['match', 'mentions', 'interposed', 'coordination', 'abbreviations', 'text-order', 'neoplasm-anaphora']);
    expect(running(stages, { affirmedOnly: true })).toContain('affirmed-only');
  });

  it('gives what detect gives when run over a note, and a stage added to the list sees its spans', () => {
    const text = 'No essential hypertension. Type 2 diabetes mellitus with diabetic chronic kidney disease.';
    const parts = buildParts(lexicon, loadContextRules());
    const stages = buildPipeline(parts);
    const seen: string[] = [];
    const spy: Stage = { name: 'spy', runs: () => true, run: (note) => seen.push(...note.spans.map((s) => s.text)) };
    const note = runPipeline([...stages, spy], noteOf(lexicon, text, DETECT_DEFAULTS, parts.tokenizer));
    expect(note.spans).toEqual(engine.detect(text));
    expect(seen).toEqual(engine.detect(text).map((s) => s.text));
    expect(note.spans[0]?.assertions?.negated).toBe(true);
  });

  it('finds the sections once, and the context stage reads them', () => {
    const text = 'Family history:\nessential hypertension.\n\nAssessment:\nessential hypertension.';
    const parts = buildParts(lexicon, loadContextRules());
    const note = runPipeline(buildPipeline(parts), noteOf(lexicon, text, DETECT_DEFAULTS, parts.tokenizer));
    const finder = parts.context.clinical.sections;
    expect(note.sections?.section.map((s) => finder.sections[s]?.name)).toEqual(['family_history', 'assessment']);
    expect(note.spans.map((s) => [s.section, s.assertions?.family])).toEqual([
      ['family_history', true],
      ['assessment', false],
    ]);
  });

  it('names every stage it builds', () => {
    expect([...STAGE_NAMES]).toEqual(STAGES);
  });

  it('leaves stages out by name: without context nothing is negated, and affirmedOnly keeps every span', () => {
    const text = 'No essential hypertension. Type 2 diabetes mellitus with diabetic chronic kidney disease.';
    const plain = Engine.fromBuffer(lexicon.buffer, { pipeline: { disable: ['context'] } });
    expect(plain.pipeline).toEqual(STAGES.filter((s) => s !== 'context'));
    const spans = plain.detect(text, { affirmedOnly: true });
    expect(spans.map((s) => s.text)).toEqual(engine.detect(text).map((s) => s.text));
    expect(spans.every((s) => s.assertions === undefined)).toBe(true);
    expect(engine.detect(text, { affirmedOnly: true }).length).toBeLessThan(spans.length);
  });

  it('replaces a stage by name, in its place', () => {
    const text = 'Family history:\nessential hypertension.';
    const seen: number[] = [];
    const noSections: Stage = { name: 'no-sections', runs: () => true, run: (note) => void seen.push(note.spans.length) };
    const e = Engine.fromBuffer(lexicon.buffer, { pipeline: { replace: { sections: noSections } } });
    expect(e.pipeline).toEqual(STAGES.map((s) => (s === 'sections' ? 'no-sections' : s)));
    expect(engine.detect(text)[0]?.section).toBe('family_history');
    const [span] = e.detect(text);
    expect(span?.section).toBeNull();
    expect(span?.rules).not.toContain('sec.family_history');
    expect(engine.detect(text)[0]?.rules).toContain('sec.family_history');
    expect(seen).toEqual([1]);
  });

  it('rejects unknown stages and a stage both left out and replaced, every problem with its path', () => {
    const stage: Stage = { name: 'x', runs: () => true, run: () => undefined };
    const bad = { disable: ['context', 'negation'], replace: { context: stage, tagger: stage }, order: 1 } as unknown as NonNullable<Parameters<typeof Engine.fromBuffer>[1]>['pipeline'];
    const e = icdErrorOf(() => Engine.fromBuffer(lexicon.buffer, { pipeline: bad }));
    expect(e.code).toBe('E_OPTION_INVALID');
    expect(e.issues.map((i) => i.path)).toEqual(['pipeline.order', 'pipeline.disable[1]', 'pipeline.replace.context', 'pipeline.replace.tagger']);
  });

  it('wraps every stage that runs, in order, and a wrapper that only calls the stage changes nothing', () => {
    const text = 'No essential hypertension. History of DM2 and COPD; mother had breast cancer.';
    const runs = new Map<string, number>();
    const counting = (stage: Stage): Stage => ({
      name: stage.name,
      runs: (o) => stage.runs(o),
      run: (note) => {
        runs.set(stage.name, (runs.get(stage.name) ?? 0) + 1);
        stage.run(note);
      },
    });
    const e = Engine.fromBuffer(lexicon.buffer, { pipeline: { disable: ['abbreviations'], wrap: counting } });
    expect(e.pipeline).toEqual(STAGES.filter((s) => s !== 'abbreviations'));
    const plain = Engine.fromBuffer(lexicon.buffer, { pipeline: { disable: ['abbreviations'] } });
    expect(e.detect(text)).toEqual(plain.detect(text));
    // affirmed-only runs only when asked; every other stage ran once for the one note.
    expect([...runs.keys()]).toEqual(STAGES.filter((s) => s !== 'abbreviations' && s !== 'affirmed-only'));
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    e.detect(text, { refine: false });
    expect(runs.get('interposed')).toBe(1);
    expect(runs.get('match')).toBe(2);
  });

  it('rejects a wrap that is not a function, or that returns no stage', () => {
    const notFn = { wrap: 'time' } as unknown as NonNullable<Parameters<typeof Engine.fromBuffer>[1]>['pipeline'];
    expect(icdErrorOf(() => Engine.fromBuffer(lexicon.buffer, { pipeline: notFn })).issues.map((i) => i.path)).toEqual(['pipeline.wrap']);
    const e = icdErrorOf(() => Engine.fromBuffer(lexicon.buffer, { pipeline: { wrap: () => ({}) as Stage } }));
    expect(e.code).toBe('E_OPTION_INVALID');
    expect(e.message).toContain('pipeline.wrap returned no stage');
  });

  it('a pool refuses an engine whose pipeline was edited: its workers could not run the changes', () => {
    const edited = Engine.fromBuffer(lexicon.buffer, { pipeline: { disable: ['context'] } });
    expect(icdErrorOf(() => validatePoolOptions({ engine: edited })).issues.map((i) => i.path)).toEqual(['engine']);
    expect(() => validatePoolOptions({ engine })).not.toThrow();
  });
});
