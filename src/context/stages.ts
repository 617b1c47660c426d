/**
 * Context as pipeline stages, in the order they run: the note's section
 * headers, ConText assertions and sections per span, the child-patient rule, terms that only name a section
 * header, and the `affirmedOnly` filter. Each runs only with `context`.
 */
import type { Note, Stage } from '../note.js';
import { NO_SECTIONS, type SectionFinder } from '../sections/segment.js';
import type { Span } from '../types.js';
import type { GenreEngines } from './genres.js';
import { aboutChild, CHILD_PATIENT_RULE, isMaternalCode } from './patient.js';
import type { TargetContext } from './types.js';

/** The note's section headers, found once (sections/segment.ts): the context stage reads them. */
export function sectionsStage(finder: SectionFinder): Stage {
  return {
    name: 'sections',
    runs: (o) => o.context,
    run(note) {
      note.sections = finder.find(note.text, note.tokens);
    },
  };
}

/** Assertions, firing rules and section of every span, by the rules of the note's genre and the note's sections (none when the sections stage did not run). */
export function contextStage(context: GenreEngines): Stage {
  return {
    name: 'context',
    runs: (o) => o.context,
    run(note) {
      const contexts = context[note.options.genre].assessNote(note, note.spans, note.sections ?? NO_SECTIONS);
      note.spans.forEach((span, i) => {
        const c = contexts[i] as TargetContext;
        span.assertions = c.assertions;
        span.rules = c.rules;
        span.section = c.section;
      });
      note.contexts = contexts;
    },
  };
}

/**
 * A pregnancy or a delivery in a note about a child is the mother's
 * (patient.ts); the note's opening is read only when such a code comes up.
 */
export function childPatientStage(): Stage {
  return {
    name: 'child-patient',
    runs: (o) => o.context,
    run(note) {
      let child: boolean | undefined;
      for (const s of note.spans) {
        if (s.assertions === undefined || s.assertions.family || !isMaternalCode(s.concepts[0]?.code ?? '')) continue;
        if (!(child ??= aboutChild(note.text))) break;
        s.assertions = { ...s.assertions, family: true };
        s.rules = [...(s.rules ?? []), CHILD_PATIENT_RULE];
      }
    },
  };
}

/** A term in a section header ("History of present illness:", "Allergies:") names the section, not a finding. */
export function headerTermsStage(): Stage {
  return {
    name: 'header-terms',
    runs: (o) => o.context && o.refine,
    run(note: Note) {
      const contexts = note.contexts;
      if (contexts === undefined || !contexts.some((c) => c.inHeader)) return;
      note.spans = note.spans.filter((_, i) => !(contexts[i] as TargetContext).inHeader);
      note.contexts = contexts.filter((c) => !c.inHeader);
    },
  };
}

/** Only the spans affirmed for the patient now. */
export function affirmedOnlyStage(): Stage {
  return {
    name: 'affirmed-only',
    runs: (o) => o.context && o.affirmedOnly,
    run(note) {
      const kept: TargetContext[] = [];
      const contexts = note.contexts;
      if (contexts === undefined) return; // the context stage left out: nothing is asserted
      note.spans = note.spans.filter((s, i) => {
        if (!isAffirmed(s.assertions)) return false;
        kept.push(contexts[i] as TargetContext);
        return true;
      });
      note.contexts = kept;
    },
  };
}

function isAffirmed(a: Span['assertions']): boolean {
  return a === undefined || !(a.negated || a.uncertain || a.hypothetical || a.historical || a.family);
}
