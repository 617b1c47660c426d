/**
 * Excludes1 (I.A.12.a): two codes that exclude each other are never reported
 * together. When only one of them names the other in its Excludes1 note, the
 * named one is kept: the note says the condition is coded there, not here (R52
 * "Pain, unspecified" excludes localized pain, R10.-; N19 excludes N17-N18).
 * When each names the other (E10 and E11), the one with more evidence in the
 * note is kept, then the more specific one (more characters), then the better
 * scored. The other is set aside.
 */
import { bare, inRange, referencedRanges } from './codes.js';
import { notesUp } from './companions.js';
import type { Entry, Ledger } from './ledger.js';
import { RULES } from './rules.js';

export function excludes1(ledger: Ledger): void {
  const kept = ledger.entries;
  const excluded = new Map(kept.map((e) => [e.code, notesUp(ledger, e.code, 'excludes1').flatMap(referencedRanges)]));
  for (let i = 0; i < kept.length; i++) {
    for (let j = i + 1; j < kept.length; j++) {
      const a = kept[i] as Entry;
      const b = kept[j] as Entry;
      if (!ledger.has(a.code) || !ledger.has(b.code)) continue;
      const aNamesB = (excluded.get(a.code) ?? []).some((r) => inRange(b.code, r));
      const bNamesA = (excluded.get(b.code) ?? []).some((r) => inRange(a.code, r));
      if (!aNamesB && !bNamesA) continue;
      const [keep, lose] = aNamesB && bNamesA ? (rank(a, b) >= 0 ? [a, b] : [b, a]) : aNamesB ? [b, a] : [a, b];
      ledger.drop(lose.code, RULES.excludes1, keep.code);
    }
  }
}

/** Positive when `a` should be kept over `b`. */
function rank(a: Entry, b: Entry): number {
  return a.evidence.length - b.evidence.length || bare(a.code).length - bare(b.code).length || a.score - b.score;
}
