/**
 * Ranks the codes a pattern can mean (build time). Each (pattern, code) gets the
 * best weight of the sources naming it, plus a small bonus per extra source;
 * ties go to billable, then more specific (longer) codes, then code order. The
 * term shown for a code is its most literal one (TERM_PREFERENCE).
 */
import type { TermSource } from '../types.js';
import { AGREEMENT_BONUS, NON_BILLABLE_FACTOR, SOURCE_WEIGHT, TERM_PREFERENCE } from './weights.js';

export interface RankInput {
  code: number;
  codeText: string;
  billable: boolean;
  source: TermSource;
  term: number;
}

export interface Ranked {
  code: number;
  term: number;
  source: TermSource;
  score: number;
}

export function rankCandidates(entries: readonly RankInput[], limit: number): Ranked[] {
  const byCode = new Map<number, { best: RankInput; weight: number; sources: Set<TermSource>; billable: boolean; codeText: string }>();
  for (const e of entries) {
    const w = SOURCE_WEIGHT[e.source] * (e.billable ? 1 : NON_BILLABLE_FACTOR);
    const cur = byCode.get(e.code);
    if (cur === undefined) {
      byCode.set(e.code, { best: e, weight: w, sources: new Set([e.source]), billable: e.billable, codeText: e.codeText });
    } else {
      cur.sources.add(e.source);
      cur.weight = Math.max(cur.weight, w);
      const p = TERM_PREFERENCE[e.source];
      const q = TERM_PREFERENCE[cur.best.source];
      if (p > q || (p === q && e.term < cur.best.term)) cur.best = e;
    }
  }
  const ranked = [...byCode.values()].map((c) => ({
    code: c.best.code,
    term: c.best.term,
    source: c.best.source,
    score: Math.min(1, c.weight + AGREEMENT_BONUS * (c.sources.size - 1)),
    billable: c.billable,
    codeText: c.codeText,
  }));
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.billable) - Number(a.billable) ||
      b.codeText.length - a.codeText.length ||
      (a.codeText < b.codeText ? -1 : a.codeText > b.codeText ? 1 : 0),
  );
  return ranked.slice(0, limit).map(({ code, term, source, score }) => ({ code, term, source, score }));
}
