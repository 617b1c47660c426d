/**
 * One text under detection. `detect` makes one Note and hands it to each stage
 * of the pipeline in turn (pipeline.ts); every stage reads what it needs from
 * it (the text, its one token stream, its sentences and sections, the
 * options) and writes what it found (matches, spans, contexts). No stage tokenizes or segments on
 * its own.
 */
import type { TokenMatch } from './automaton/automaton.js';
import { IcdError } from './errors.js';
import { segmentSentences, sentenceRange, type Sentences } from './context/sentences.js';
import type { TargetContext } from './context/types.js';
import type { ResolvedDetectOptions } from './options.js';
import type { NoteSections } from './sections/segment.js';
import type { TokenStream } from './text/tokens.js';
import type { Span } from './types.js';

export class Note {
  /** The lexicon's matches, in token coordinates (the `match` stage). */
  matches: TokenMatch[] = [];
  /** The matches whose reading was kept: their words have a reading of their own. */
  read: TokenMatch[] = [];
  /** The spans found so far; in text order once `text-order` has run. */
  spans: Span[] = [];
  /** Set by a stage that added spans out of text order. */
  unordered = false;
  /** The note's section headers (the `sections` stage); unset when that stage did not run. */
  sections: NoteSections | undefined;
  /** Context of each span, same order (the `context` stage). */
  contexts: TargetContext[] | undefined;
  private segmented: Sentences | undefined;

  constructor(
    readonly text: string,
    /** `text` tokenized once, over the vocabulary of the lexicon and the context rules. */
    readonly tokens: TokenStream,
    readonly options: ResolvedDetectOptions,
    /** The bound on the result (the `maxSpans` option, or the pool's tighter budget): more spans than this stop detection. */
    readonly maxSpans: number = Number.POSITIVE_INFINITY,
    /** The option that set `maxSpans`, for the error. */
    private readonly limit: string = 'the limit, maxSpans,',
  ) {}

  /** Keeps a span, or stops with E_OUTPUT_TOO_LARGE once the note holds more than `maxSpans`. */
  keep(span: Span): void {
    if (this.spans.push(span) > this.maxSpans) {
      throw new IcdError('E_OUTPUT_TOO_LARGE', `the result has more than ${this.maxSpans} spans (${this.limit} allows no more)`);
    }
  }

  /** The note's sentences, segmented on first use (by the review or the context engine), then shared. */
  get sentences(): Sentences {
    return (this.segmented ??= segmentSentences(this.text, this.tokens));
  }

  /** The characters of the sentences around `[start, end)`, a range of whole tokens. */
  sentenceAround(start: number, end: number): { start: number; end: number } {
    return sentenceRange(this.tokens, this.sentences, start, end);
  }
}

/**
 * One step of detection. Built once when the engine loads, with the parts it
 * needs; `run` reads and updates the note. `runs` says whether the options of
 * a call ask for it (`refine: false` skips the review's readings, for one).
 */
export interface Stage {
  readonly name: string;
  runs(options: ResolvedDetectOptions): boolean;
  run(note: Note): void;
}

/** What a reader of the note's words needs: its text, tokens and sentences. */
export type NoteText = Pick<Note, 'text' | 'tokens' | 'sentences'>;
