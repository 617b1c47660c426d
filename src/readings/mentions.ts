/**
 * From matches to spans: the lexicon's matches of a note (the `match` stage),
 * and the span each match reads as (the `mentions` stage): its candidate codes
 * (scoring/candidates.ts), reviewed against its sentence when the options ask
 * for it (review/refine.ts). The readings beyond single matches (stages.ts)
 * read their spans through the same `Mentions`.
 */
import type { Automaton, TokenMatch } from '../automaton/automaton.js';
import type { Note, Stage } from '../note.js';
import type { SpanReview } from '../review/refine.js';
import type { CandidateReader } from '../scoring/candidates.js';
import type { Span } from '../types.js';
import { otherReadings } from './other-readings.js';

/** A reading in character offsets: pattern `pattern` spelt by `tokens` tokens over `[start, end)`. */
export interface Reading {
  pattern: number;
  start: number;
  end: number;
  tokens: number;
}

export class Mentions {
  /** Candidate rows of the span being read, reused across spans (detect runs to completion, never interleaved). */
  private readonly rows: number[] = [];

  constructor(
    private readonly candidates: CandidateReader,
    private readonly review: SpanReview,
  ) {}

  /** The span of `r`, reviewed when the note's options say so; null when no candidate survives. */
  read(note: Note, r: Reading): Span | null {
    return this.span(note, r.pattern, r.start, r.end, r.tokens);
  }

  /** The span of match `m` (token coordinates), the pattern `words` tokens long (default: the match's length). */
  readMatch(note: Note, m: TokenMatch, words = m.end - m.start): Span | null {
    return this.span(note, m.pattern, note.tokens.starts[m.start] as number, note.tokens.ends[m.end - 1] as number, words);
  }

  private span(note: Note, pattern: number, start: number, end: number, words: number): Span | null {
    const found = this.candidates.span(note.text, pattern, start, end, words, note.options.maxCandidates, this.rows);
    if (found === null || (note.options.refine && !this.review.review(note, found, this.rows))) return null;
    return found;
  }
}

/** The lexicon's matches of the note's tokens, by the options' match semantics. */
export function matchStage(automaton: Automaton): Stage {
  return {
    name: 'match',
    runs: () => true,
    run(note) {
      note.matches = automaton.find(note.tokens.ids, note.tokens.count, note.options.match);
    },
  };
}

/**
 * A span per match that reads as one. When the review turns the longest reading
 * down ("his disease" is no eponym; "chronic alcohol" is not "chronic
 * alcoholism"), its words may read otherwise, up to where the next match starts.
 */
export function mentionStage(mentions: Mentions, automaton: Automaton): Stage {
  return {
    name: 'mentions',
    runs: () => true,
    run(note) {
      const { matches, options } = note;
      const take = (m: TokenMatch): boolean => {
        const found = mentions.readMatch(note, m);
        if (found === null) return false;
        note.read.push(m);
        if (found.score >= options.minScore) note.keep(found);
        return true;
      };
      const rereads = options.refine && options.match === 'leftmost-longest';
      for (let i = 0; i < matches.length; i++) {
        const m = matches[i] as TokenMatch;
        if (!take(m) && rereads && m.end - m.start > 1) {
          for (const other of otherReadings(automaton, note.tokens, m, matches[i + 1]?.start ?? note.tokens.count)) take(other);
        }
      }
    },
  };
}
