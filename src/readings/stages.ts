/**
 * The review's readings beyond single automaton matches, as pipeline stages,
 * in the order they run: terms with words interposed ("mass in the right
 * kidney"), qualifiers of a coordination ("hepatic, renal or cardiac
 * impairment"), ambiguous abbreviations by their cues, and "the tumor" as the
 * neoplasm the note names. Each runs only with `refine`.
 */
import type { Automaton } from '../automaton/automaton.js';
import type { Note, Stage } from '../note.js';
import type { ResolvedDetectOptions } from '../options.js';
import type { AbbreviationResolver } from './abbreviations.js';
import type { Coordination } from './coordination.js';
import type { InterposedWords } from './interposed.js';
import type { Mentions } from './mentions.js';
import type { NeoplasmAnaphora } from './neoplasm-anaphora.js';

const refining = (o: ResolvedDetectOptions): boolean => o.refine;

/** A term read through interposed words replaces the shorter readings inside it. */
export function interposedStage(interposed: InterposedWords, mentions: Mentions, automaton: Automaton): Stage {
  const patternLength = automaton.arrays.patternLength;
  return {
    name: 'interposed',
    runs: refining,
    run(note) {
      const { tokens, options } = note;
      for (const g of interposed.find(tokens, note.read)) {
        const found = mentions.readMatch(note, g, patternLength[g.pattern] as number);
        if (found === null) continue;
        const start = tokens.starts[g.start] as number;
        const end = tokens.ends[g.end - 1] as number;
        note.spans = note.spans.filter((s) => s.start < start || s.end > end);
        note.read = note.read.filter((r) => r.start < g.start || r.end > g.end);
        note.read.push(g);
        if (found.score >= options.minScore) note.keep(found);
        note.unordered = true;
      }
    },
  };
}

/** Each qualifier of a coordination, read with the words it shares. */
export function coordinationStage(coordination: Coordination, mentions: Mentions): Stage {
  return {
    name: 'coordination',
    runs: refining,
    run(note) {
      for (const e of coordination.find(note.text, note.tokens, note.read)) {
        const found = mentions.read(note, e);
        if (found === null) continue;
        // A head that shares the first conjunct's modifiers ("pain and distension") loses its own shorter reading.
        note.spans = note.spans.filter((s) => s.start < e.start || s.end > e.end);
        if (found.score >= note.options.minScore) note.keep(found);
        note.unordered = true;
      }
    },
  };
}

/** Ambiguous abbreviations (PE, MS, RA...) no span covers, by the cue words of their sentence. */
export function abbreviationStage(resolver: AbbreviationResolver): Stage {
  return {
    name: 'abbreviations',
    runs: refining,
    run(note) {
      const around = (start: number, end: number) => note.sentenceAround(start, end);
      const extra = resolver.spans(note.text, note.spans, around).filter((a) => a.score >= note.options.minScore);
      if (extra.length === 0) return;
      note.spans.push(...extra);
      note.unordered = true;
    },
  };
}

/** Spans back in text order after the readings above added theirs. */
export function textOrderStage(): Stage {
  return {
    name: 'text-order',
    runs: refining,
    run(note: Note) {
      if (!note.unordered) return;
      note.spans.sort((x, y) => x.start - y.start || y.end - x.end);
      note.unordered = false;
    },
  };
}

/** "The tumor" is the neoplasm the note named elsewhere: a document-level step, after every span is read. */
export function anaphoraStage(anaphora: NeoplasmAnaphora): Stage {
  return {
    name: 'neoplasm-anaphora',
    runs: refining,
    run(note) {
      anaphora.resolve(note.spans, note.options.maxCandidates);
    },
  };
}
