/**
 * Where the evaluation gets each span's assertions (negated, uncertain...).
 *
 * The engine sets `span.assertions` once context detection is wired into
 * `detect`; that is always preferred. Until then the metrics that need them
 * ("affirmed only", negation accuracy) are reported as unavailable, unless the
 * caller asks for `--context-module`: then the context module is run directly
 * over the engine's spans (its own vocabulary and tokenizer, as the negex
 * evaluation does), and the report says so.
 */
import type { Assertions, Span } from '../../src/types.js';

export type AssertionSource = 'engine' | 'context-module' | 'unavailable';

type Assess = (text: string, ranges: ReadonlyArray<{ start: number; end: number }>) => Assertions[];

export class AssertionProvider {
  /** Where the assertions of each `of` call came from so far. */
  private readonly seen = new Set<AssertionSource>();

  private constructor(private readonly assess: Assess | null) {}

  /** Assertions from the engine's spans only. */
  static engineOnly(): AssertionProvider {
    return new AssertionProvider(null);
  }

  /** `useModule`: fall back to the context module when the engine sets no assertions. */
  static async create(useModule: boolean): Promise<AssertionProvider> {
    if (!useModule) return new AssertionProvider(null);
    const ctx = await import('../../src/context/index.js');
    const { Tokenizer } = await import('../../src/text/tokens.js');
    const { Vocabulary } = await import('../../src/text/vocabulary.js');
    const vocab = new Vocabulary([]);
    const engine = ctx.compileContext(ctx.loadContextRules(), vocab);
    const tokenizer = new Tokenizer(vocab);
    return new AssertionProvider((text, ranges) =>
      engine.assess(text, tokenizer.tokenize(text), ranges.map((r) => ({ start: r.start, end: r.end }))).map((t) => t.assertions),
    );
  }

  /** Assertions of each span of `text` (same order), or undefined when none are available. */
  of(text: string, spans: readonly Span[]): Array<Assertions | undefined> {
    // A document without spans says nothing about where assertions come from.
    if (spans.length === 0) return [];
    if (spans.every((s) => s.assertions !== undefined)) {
      this.seen.add('engine');
      return spans.map((s) => s.assertions);
    }
    if (this.assess !== null) {
      this.seen.add('context-module');
      return this.assess(text, spans);
    }
    this.seen.add('unavailable');
    return spans.map(() => undefined);
  }

  /** The source for the whole run: unavailable if any document lacked them, else the fallback if it was used. */
  get source(): AssertionSource {
    if (this.seen.has('unavailable')) return 'unavailable';
    if (this.seen.has('context-module')) return 'context-module';
    return this.seen.has('engine') ? 'engine' : 'unavailable';
  }
}

/** Affirmed for the patient now: not negated, uncertain, hypothetical, historical or about someone else. */
export function isAffirmed(a: Assertions): boolean {
  return !a.negated && !a.uncertain && !a.hypothetical && !a.historical && !a.family;
}
