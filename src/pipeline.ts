/**
 * What `detect` does, in order. Each stage is built here, once, when an engine
 * loads, from the parts it needs; `detect` makes a Note and runs every stage
 * the options ask for over it (note.ts). To add a reading, write a stage and
 * add it to the list. A library user leaves stages out or replaces them by
 * name, or wraps each one to time or trace it (`LoadOptions.pipeline`,
 * editPipeline below).
 *
 *   match              the lexicon's automaton over the note's tokens
 *   mentions           candidate codes per match, reviewed against the sentence
 *                      (refine); other readings of a match the review turned down
 *   interposed         terms with words interposed ("mass in the right kidney")   refine
 *   coordination       qualifiers of "hepatic, renal or cardiac impairment"       refine
 *   abbreviations      ambiguous abbreviations (PE, MS, RA) by their cue words    refine
 *   text-order         spans back in text order                                   refine
 *   neoplasm-anaphora  "the tumor" as the neoplasm the note names                 refine
 *   sections           the note's section headers                                 context
 *   context            ConText assertions and sections, by the genre's rules      context
 *   child-patient      a pregnancy in a note about a child is the mother's        context
 *   header-terms       terms that only name a section header are left out         context + refine
 *   affirmed-only      only what is affirmed for the patient now                  context + affirmedOnly
 */
import type { CompiledLexicon } from './artifact/model.js';
import { IcdError, type Issue } from './errors.js';
import { compileGenres, type GenreEngines, type RuleFile } from './context/index.js';
import { affirmedOnlyStage, childPatientStage, contextStage, headerTermsStage, sectionsStage } from './context/stages.js';
import type { Note, Stage } from './note.js';
import { AbbreviationResolver, loadAmbiguousAbbreviations } from './readings/abbreviations.js';
import { Coordination } from './readings/coordination.js';
import { INTERPOSED_WORDS, InterposedWords } from './readings/interposed.js';
import { matchStage, mentionStage, Mentions } from './readings/mentions.js';
import { NeoplasmAnaphora } from './readings/neoplasm-anaphora.js';
import { abbreviationStage, anaphoraStage, coordinationStage, interposedStage, textOrderStage } from './readings/stages.js';
import { SpanReview } from './review/refine.js';
import { CandidateReader } from './scoring/candidates.js';
import { Tokenizer } from './text/tokens.js';
import { KnownWords } from './text/known-words.js';
import { Vocabulary } from './text/vocabulary.js';
import { normalizeWord, shapeOf } from './text/word.js';

/** Everything detection reads besides the note, built once per engine. */
export interface Parts {
  lexicon: CompiledLexicon;
  /** Over the lexicon's words, the context rules' and the review's: one token stream feeds them all. */
  tokenizer: Tokenizer;
  /** One context engine per genre of text (rules.json `genres`). */
  context: GenreEngines;
  mentions: Mentions;
  interposed: InterposedWords;
  coordination: Coordination;
  abbreviations: AbbreviationResolver;
  anaphora: NeoplasmAnaphora;
}

/** Builds the parts; every data file they need is read here, none on first detect. */
export function buildParts(lexicon: CompiledLexicon, contextRules: RuleFile): Parts {
  const vocab = new Vocabulary(iterateStrings(lexicon.vocab));
  // Rule words join the vocabulary before the tokenizer exists, so one token
  // stream feeds both automata (the lexicon's ignores ids past its alphabet).
  const context = compileGenres(contextRules, vocab);
  // So are the words the readings look for between matches, whatever the lexicon holds.
  const word = (w: string) => vocab.add(normalizeWord(w, shapeOf(w)) ?? w);
  const coordination = new Coordination(lexicon.automaton, word('and'), word('or'));
  const interposed = new InterposedWords(lexicon.automaton, INTERPOSED_WORDS.map(word));
  return {
    lexicon,
    tokenizer: new Tokenizer(vocab, { known: new KnownWords(lexicon.knownWords) }),
    context,
    mentions: new Mentions(new CandidateReader(lexicon), new SpanReview(lexicon, (w) => lexiconWordId(vocab, w))),
    interposed,
    coordination,
    abbreviations: new AbbreviationResolver(loadAmbiguousAbbreviations(), lexicon),
    anaphora: new NeoplasmAnaphora(lexicon),
  };
}

/** The names of the stages, in the order they run. */
export const STAGE_NAMES = [
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
] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/**
 * Changes to the pipeline, by stage name. A stage reads what the stages
 * before it wrote to the note, so leaving one out leaves its part undone
 * for the rest too: without `sections`, no span has a section; without
 * `context`, nothing is negated and `affirmedOnly` keeps every span.
 */
export interface PipelineChanges {
  /** Stages left out. */
  readonly disable?: readonly StageName[];
  /** Stages replaced: the given stage runs in the named one's place (when its own `runs` says so). */
  readonly replace?: Readonly<Partial<Record<StageName, Stage>>>;
  /**
   * Called once per stage that runs (after `disable` and `replace`), at load;
   * what it returns runs in the stage's place. For timing or tracing stages
   * without changing them: return a stage that calls the one it was given.
   */
  readonly wrap?: (stage: Stage) => Stage;
}

const isStageName = (n: unknown): n is StageName => (STAGE_NAMES as readonly unknown[]).includes(n);

/** Every problem with `changes`, each with its path under `path` (`pipeline.disable[1]`). */
export function validatePipelineChanges(changes: unknown, path = 'pipeline'): Issue[] {
  const issues: Issue[] = [];
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) return [{ path, message: 'must be an object { disable?, replace?, wrap? }' }];
  const c = changes as Record<string, unknown>;
  for (const k of Object.keys(c)) if (k !== 'disable' && k !== 'replace' && k !== 'wrap') issues.push({ path: `${path}.${k}`, message: 'unknown key' });
  if (c.wrap !== undefined && typeof c.wrap !== 'function') issues.push({ path: `${path}.wrap`, message: 'must be a function (stage) => stage' });
  const expected = STAGE_NAMES.join(' | ');
  if (c.disable !== undefined) {
    if (!Array.isArray(c.disable)) issues.push({ path: `${path}.disable`, message: 'must be an array of stage names', expected });
    else c.disable.forEach((n: unknown, i) => {
      if (!isStageName(n)) issues.push({ path: `${path}.disable[${i}]`, message: 'unknown stage', expected, received: String(n) });
    });
  }
  if (c.replace !== undefined) {
    if (c.replace === null || typeof c.replace !== 'object' || Array.isArray(c.replace)) issues.push({ path: `${path}.replace`, message: 'must be an object: stage name -> stage' });
    else {
      for (const [name, stage] of Object.entries(c.replace)) {
        const at = `${path}.replace.${name}`;
        if (!isStageName(name)) issues.push({ path: at, message: 'unknown stage', expected, received: name });
        else if (Array.isArray(c.disable) && c.disable.includes(name)) issues.push({ path: at, message: 'both disabled and replaced' });
        if (!isStage(stage)) issues.push({ path: at, message: 'must be a stage { name, runs(options), run(note) }' });
      }
    }
  }
  return issues;
}

/** `stages` with `changes` made (validated: E_OPTION_INVALID lists every problem). */
export function editPipeline(stages: readonly Stage[], changes: PipelineChanges): Stage[] {
  const issues = validatePipelineChanges(changes);
  if (issues.length > 0) throw new IcdError('E_OPTION_INVALID', `invalid pipeline changes: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  const disabled = new Set<string>(changes.disable ?? []);
  const replace: Partial<Record<string, Stage>> = changes.replace ?? {};
  const out: Stage[] = [];
  for (const stage of stages) {
    if (disabled.has(stage.name)) continue;
    out.push(replace[stage.name] ?? stage);
  }
  const wrap = changes.wrap;
  if (wrap === undefined) return out;
  return out.map((stage) => {
    const wrapped: unknown = wrap(stage);
    if (!isStage(wrapped)) throw new IcdError('E_OPTION_INVALID', `invalid pipeline changes: pipeline.wrap returned no stage { name, runs(options), run(note) } for ${stage.name}`);
    return wrapped;
  });
}

function isStage(x: unknown): x is Stage {
  const st = x as Partial<Stage> | null;
  return st !== null && typeof st === 'object' && typeof st.name === 'string' && typeof st.runs === 'function' && typeof st.run === 'function';
}

/** The stages, in the order they run (STAGE_NAMES). */
export function buildPipeline(p: Parts): Stage[] {
  const automaton = p.lexicon.automaton;
  return [
    matchStage(automaton),
    mentionStage(p.mentions, automaton),
    interposedStage(p.interposed, p.mentions, automaton),
    coordinationStage(p.coordination, p.mentions),
    abbreviationStage(p.abbreviations),
    textOrderStage(),
    anaphoraStage(p.anaphora),
    sectionsStage(p.context.clinical.sections),
    contextStage(p.context),
    childPatientStage(),
    headerTermsStage(),
    affirmedOnlyStage(),
  ];
}

/** Runs the stages the note's options ask for, in order. */
export function runPipeline(stages: readonly Stage[], note: Note): Note {
  for (const stage of stages) if (stage.runs(note.options)) stage.run(note);
  return note;
}

/** A word's id when it is a lexicon word (the review reads no context-rule word), else -1. */
function lexiconWordId(vocab: Vocabulary, word: string): number {
  const id = vocab.idOf(word);
  return id < vocab.lexiconSize ? id : -1;
}

function* iterateStrings(table: { length: number; get(i: number): string }): Iterable<string> {
  for (let i = 0; i < table.length; i++) yield table.get(i);
}
