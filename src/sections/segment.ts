/**
 * A note's sections: where each header is, and which section it opens. Found
 * once per note by the `sections` stage (pipeline.ts) and read by whatever
 * needs them (the context stage sets a span's section and the section's
 * assertion from them, and passes over trigger words inside a header).
 *
 * Headers are the section file's phrases (data/context/sections.json),
 * compiled into one small automaton over the shared vocabulary and scanned
 * over the note's token stream, where the characters around a phrase lay it
 * out as a header (headers.ts). Inside a section that sets an assertion, an
 * upper-case label that starts its line ("PROCEDURE:") also ends it, as a
 * section with no name: a family-history section cannot run on into the rest
 * of the note when the next header is not in the list.
 */
import type { Automaton, MatchSink } from '../automaton/automaton.js';
import { AutomatonBuilder } from '../automaton/builder.js';
import { BOUNDARY, type TokenStream } from '../text/tokens.js';
import type { Vocabulary } from '../text/vocabulary.js';
import { isCapsLabelBefore, isHeaderAt } from './headers.js';
import { phraseForms } from './rulefile.js';
import type { SectionRule } from './types.js';

const COLON = 58;

/** The headers of one note, in token order. */
export interface NoteSections {
  /** Token range `[start[i], end[i])` of header i. */
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** Index of header i's section in the finder's `sections`; -1 for an upper-case label with no name. */
  readonly section: readonly number[];
}

export const NO_SECTIONS: NoteSections = Object.freeze({ start: [], end: [], section: [] });

/** Immutable; built once per engine. Adds every header word to `vocab` (compile before tokenizing). */
export class SectionFinder {
  private readonly automaton: Automaton | null;
  private readonly patternSection: Int32Array;
  /** 1 where the section sets an assertion: only such a section is ended by an unnamed label. */
  private readonly asserts: Uint8Array;

  constructor(
    readonly sections: readonly SectionRule[],
    vocab: Vocabulary,
  ) {
    const sequences: Array<{ ids: number[]; section: number }> = [];
    sections.forEach((section, s) => {
      for (const header of section.headers) {
        for (const words of phraseForms(header)) if (words.length > 0) sequences.push({ ids: words.map((w) => vocab.add(w)), section: s });
      }
    });
    // The alphabet covers every word known now; later ids never start a header.
    const builder = new AutomatonBuilder(Math.max(1, vocab.size));
    const patternSection: number[] = [];
    for (const { ids, section } of sequences) {
      const p = builder.add(ids);
      while (patternSection.length <= p) patternSection.push(-1);
      patternSection[p] = section;
    }
    this.automaton = patternSection.length === 0 ? null : builder.build();
    this.patternSection = Int32Array.from(patternSection);
    this.asserts = Uint8Array.from(sections, (s) => (s.category === undefined ? 0 : 1));
    Object.freeze(this);
  }

  /** The headers of the text whose token stream is `tokens`. Nothing the text says makes this throw. */
  find(text: string, tokens: TokenStream): NoteSections {
    if (this.automaton === null) return NO_SECTIONS;
    const n = Math.min(tokens.count, tokens.ids.length);
    const headers = new HeaderScan(text, tokens, this.patternSection, this.asserts);
    this.automaton.scan(tokens.ids, n, headers);
    headers.labelsBefore(n);
    return headers.found;
  }
}

/** One note's scan for headers: the automaton offers each phrase match in order of its end. */
class HeaderScan implements MatchSink {
  readonly found = { start: [] as number[], end: [] as number[], section: [] as number[] };
  private lastHeaderEnd = 0;
  /** Whether the section open now sets an assertion (an unnamed label can end it). */
  private asserting = false;
  /** Boundary tokens before it are looked at already (labelsBefore). */
  private boundary = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: TokenStream,
    private readonly patternSection: Int32Array,
    private readonly asserts: Uint8Array,
  ) {}

  offer(p: number, s: number, e: number): void {
    this.labelsBefore(e);
    const sec = this.patternSection[p] as number;
    const { starts, ends } = this.tokens;
    if (sec >= 0 && s >= this.lastHeaderEnd && isHeaderAt(this.text, starts[s] as number, ends[e - 1] as number)) this.open(s, e, sec);
  }

  /** Boundary tokens before `limit`: an upper-case label ending in a colon inside an asserting section starts a section of its own. */
  labelsBefore(limit: number): void {
    const { ids, starts } = this.tokens;
    for (; this.boundary < limit; this.boundary++) {
      if (ids[this.boundary] !== BOUNDARY) continue;
      const at = starts[this.boundary] as number;
      if (this.asserting && this.lastHeaderEnd !== this.boundary && this.text.charCodeAt(at) === COLON && isCapsLabelBefore(this.text, at)) {
        this.open(this.boundary, this.boundary + 1, -1);
      }
    }
  }

  private open(start: number, end: number, section: number): void {
    this.found.start.push(start);
    this.found.end.push(end);
    this.found.section.push(section);
    this.lastHeaderEnd = end;
    this.asserting = section >= 0 && (this.asserts[section] as number) === 1;
  }
}
