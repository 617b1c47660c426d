/**
 * One code per condition, the most specific the evidence supports (I.B.2):
 * - a code whose descendant is also coded yields to it ("CKD" N18.9 header
 *   lines aside, N18 beside N18.31), and an "unspecified" code yields to a
 *   specified sibling of the same category, their evidence merged;
 * - a header (not billable) is replaced by the best billable descendant among
 *   its mentions' candidates; with none, it stays, flagged `billable: false`
 *   (I.A.3: only codes, not categories, are reported).
 */
import { bare, isAncestor } from './codes.js';
import type { Entry, Ledger } from './ledger.js';
import { RULES } from './rules.js';

export function oneCodePerCondition(ledger: Ledger): void {
  for (const a of ledger.entries) {
    if (!ledger.has(a.code)) continue;
    const narrower = ledger.entries.find((b) => b !== a && (isAncestor(a.code, b.code) || unspecifiedSibling(ledger, a, b)));
    if (narrower === undefined) continue;
    const lost = ledger.drop(a.code, RULES.oneCode, narrower.code);
    if (lost !== undefined) ledger.keep(narrower.code, lost.evidence, RULES.oneCode, lost.score, lost.spans);
  }
}

function unspecifiedSibling(ledger: Ledger, a: Entry, b: Entry): boolean {
  if (bare(a.code).slice(0, 3) !== bare(b.code).slice(0, 3)) return false;
  return vagueness(ledger, a.code) > vagueness(ledger, b.code) && a.rules.every((r) => r.id !== RULES.withCombination.id);
}

/** 2: "without complications", "uncomplicated" (says the least), 1: "unspecified", 0: specified. */
function vagueness(ledger: Ledger, code: string): number {
  const d = ledger.info(code)?.description ?? '';
  return /\bwithout complications?\b|\buncomplicated\b/i.test(d) ? 2 : /\bunspecified\b/i.test(d) ? 1 : 0;
}

export function headers(ledger: Ledger): void {
  for (const e of ledger.entries) {
    if (ledger.info(e.code)?.billable !== false) continue;
    let best: string | undefined;
    for (const s of e.spans) {
      for (const c of s.concepts) {
        if (c.billable && isAncestor(e.code, c.code)) {
          best = c.code;
          break;
        }
      }
      if (best !== undefined) break;
    }
    if (best === undefined) {
      ledger.note(e.code, RULES.header);
      continue;
    }
    const lost = ledger.drop(e.code, RULES.header, best);
    if (lost !== undefined) ledger.keep(best, lost.evidence, RULES.header, lost.score, lost.spans);
  }
}
