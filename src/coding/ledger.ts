/**
 * The document's code set while the stages work on it: the codes kept so far,
 * each with its evidence and the rules that made it, and the codes set aside,
 * each with the one rule that did it. Stages only add, move or annotate.
 */
import type { CodeInfo, Span } from '../types.js';
import type { CodedCode, CodingHost, Evidence, RuleRef, SetAside } from './types.js';

export interface Entry {
  code: string;
  evidence: Evidence[];
  rules: RuleRef[];
  score: number;
  /** The detected spans behind it (their other candidates, their sentence). */
  spans: Span[];
}

export class Ledger {
  private readonly kept = new Map<string, Entry>();
  readonly setAside: SetAside[] = [];
  private readonly infos = new Map<string, CodeInfo | null>();

  constructor(private readonly host: Pick<CodingHost, 'lookup'>) {}

  info(code: string): CodeInfo | null {
    let i = this.infos.get(code);
    if (i === undefined) this.infos.set(code, (i = this.host.lookup(code)));
    return i;
  }

  /**
   * The code's title, then its ancestors' titles, nearest first, then its
   * Tabular block's without the range ("Diabetes mellitus" for E11.9), unless
   * `block` is false: a block can be wider than the condition ("Acute kidney
   * failure and chronic kidney disease").
   */
  titles(code: string, block = true): string[] {
    const out: string[] = [];
    let blockTitle: string | undefined;
    for (let c: string | null = code; c !== null; ) {
      const i = this.info(c);
      if (i === null) break;
      out.push(i.description);
      blockTitle ??= i.block?.description.replace(/\s*\([A-Z0-9.-]+\)\s*$/, '');
      c = i.parent;
    }
    if (block && blockTitle !== undefined && !out.includes(blockTitle)) out.push(blockTitle);
    return out;
  }

  get entries(): Entry[] {
    return [...this.kept.values()];
  }

  has(code: string): boolean {
    return this.kept.has(code);
  }

  get(code: string): Entry | undefined {
    return this.kept.get(code);
  }

  /** Keeps `code`, merging with an entry of the same code. */
  keep(code: string, evidence: readonly Evidence[], rule: RuleRef, score: number, spans: readonly Span[] = []): Entry {
    let e = this.kept.get(code);
    if (e === undefined) this.kept.set(code, (e = { code, evidence: [], rules: [], score: 0, spans: [] }));
    for (const ev of evidence) if (!e.evidence.some((x) => x.start === ev.start && x.end === ev.end)) e.evidence.push(ev);
    if (!e.rules.some((r) => r.id === rule.id)) e.rules.push(rule);
    e.score = Math.max(e.score, score);
    e.spans.push(...spans);
    return e;
  }

  /** Adds a rule to a kept code. */
  note(code: string, rule: RuleRef): void {
    const e = this.kept.get(code);
    if (e !== undefined && !e.rules.some((r) => r.id === rule.id)) e.rules.push(rule);
  }

  aside(code: string, evidence: readonly Evidence[], rule: RuleRef, by?: string): void {
    this.setAside.push({ code, description: this.info(code)?.description ?? '', evidence: [...evidence], rule, ...(by === undefined ? {} : { by }) });
  }

  /** Moves a kept code to the set-aside list; returns its entry. */
  drop(code: string, rule: RuleRef, by?: string): Entry | undefined {
    const e = this.kept.get(code);
    if (e === undefined) return undefined;
    this.kept.delete(code);
    this.aside(code, e.evidence, rule, by);
    return e;
  }

  result(): CodedCode[] {
    const first = (e: Entry) => Math.min(...e.evidence.map((x) => x.start), Number.MAX_SAFE_INTEGER);
    return this.entries
      .sort((a, b) => first(a) - first(b) || a.code.localeCompare(b.code))
      .map((e) => {
        const info = this.info(e.code);
        return {
          code: e.code,
          description: info?.description ?? '',
          billable: info?.billable ?? false,
          score: Math.round(e.score * 1000) / 1000,
          evidence: [...e.evidence].sort((a, b) => a.start - b.start),
          rules: e.rules,
        };
      });
  }
}

export function evidenceOf(span: Pick<Span, 'start' | 'end' | 'text'>): Evidence {
  return { start: span.start, end: span.end, text: span.text };
}
