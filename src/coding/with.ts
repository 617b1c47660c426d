/**
 * The "with" convention (I.A.15): a condition whose Index entry lists another
 * documented condition under "with" takes the combination code ("type 2
 * diabetes" and "CKD" anywhere in the note: E11.22). The pair is looked up in
 * the Index as "<head's Index path>, with <other condition>" ("diabetes, type 2,
 * with chronic kidney disease"), then as "<category title> with <other>"; a code
 * that refines the head's own subcategory is the combination. The other
 * condition stays coded when a Tabular note asks for it (companions.ts);
 * otherwise the combination includes it.
 */
import { bare, inAny, isAncestor } from './codes.js';
import type { WithData } from './data.js';
import { conditionNames, type IndexReader } from './index-reader.js';
import type { Entry, Ledger } from './ledger.js';
import { RULES } from './rules.js';
import { asksFor } from './companions.js';

export function withCombinations(ledger: Ledger, index: IndexReader, data: WithData): void {
  for (const head of ledger.entries) {
    const entry = ledger.has(head.code) ? data.heads.find((h) => inAny(head.code, h.ranges)) : undefined;
    if (entry === undefined) continue;
    const info = ledger.info(head.code);
    const category = info?.category;
    if (info === null || info === undefined || category === null || category === undefined) continue;
    // A combination refines the head's own subcategory ("E11" for E11.9, "I25.1" for I25.10), never a sibling's.
    const within = info.parent ?? head.code;
    const fits = (c: string | null): c is string => c !== null && c !== head.code && isAncestor(within, c) && !/\b(unspecified|without)\b/i.test(ledger.info(c)?.description ?? 'unspecified');
    for (const other of ledger.entries) {
      if (other === head || !ledger.has(other.code) || bare(other.code).startsWith(bare(category.code))) continue;
      const names = conditionNames(other.evidence[0]?.text ?? '', ledger.titles(other.code, false));
      // The Index path read whole is the Index's own "with"; the looser reading of the title must
      // name the other condition in its own words ("COPD with renal mass" is no J44.89).
      const named = (c: string | null): c is string => fits(c) && namesOther(ledger.info(c)?.description ?? '', category.description, names);
      const code =
        names.map((n) => index.resolve(`${entry.index}, with ${n}`)).find(fits) ??
        names.map((n) => index.resolveHead(`${category.description} with ${n}`)).find(named);
      if (code === undefined) continue;
      combine(ledger, head, other, code);
      break;
    }
  }
}

function combine(ledger: Ledger, head: Entry, other: Entry, code: string): void {
  ledger.drop(head.code, RULES.withCombination, code);
  ledger.keep(code, [...head.evidence, ...other.evidence], RULES.withCombination, Math.min(head.score, other.score), [...head.spans]);
  if (!asksFor(ledger, code, other.code)) ledger.drop(other.code, RULES.withIncluded, code);
}

/** Words that say nothing of which complication a combination title names. */
const GENERIC = new Set(['with', 'without', 'diabetic', 'other', 'specified', 'unspecified', 'type', 'mellitus', 'due', 'and']);

/**
 * Every word a combination title adds to its category's ("chronic kidney
 * disease" of E11.22) is, by its first five letters, a word of one of the
 * other condition's names.
 */
function namesOther(title: string, categoryTitle: string, names: readonly string[]): boolean {
  const words = (t: string) => t.toLowerCase().match(/[a-z]{4,}/g) ?? [];
  const head = new Set(words(categoryTitle));
  const own = words(title).filter((w) => !head.has(w) && !GENERIC.has(w));
  const other = new Set(names.flatMap(words).map((w) => w.slice(0, 5)));
  return own.length > 0 && own.every((w) => other.has(w.slice(0, 5)));
}
