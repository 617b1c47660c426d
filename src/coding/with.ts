/**
 * The "with" convention (I.A.15): a condition whose Index entry lists another
 * documented condition under "with" takes the combination code ("type 2
 * diabetes" and "CKD" anywhere in the note: E11.22). The pair is looked up in
 * the Index as "<head's Index path>, with <other condition>" ("diabetes, type 2,
 * with chronic kidney disease"), then as "<category title> with <other>"; a code
 * inside the head's own Index entry (E11, I25.1) is the combination. Each other
 * condition that combines gives its own combination code (I.C.4.a). The other
 * condition stays coded when a Tabular note asks for it (companions.ts);
 * otherwise the combination includes it.
 */
import { bare, inAny, inRange, isAncestor } from './codes.js';
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
    // A combination stays inside the head's own entry ("E11" for E11.21, "I25.1" for I25.10), never a sibling's.
    const within = entry.ranges.find((r) => inRange(head.code, r))?.lo ?? head.code;
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
      // Every complication takes its own combination code (I.C.4.a: as many codes from E08-E13 as needed).
      if (code !== undefined) combine(ledger, head, other, code, vague(info.description, category.description));
    }
  }
}

/**
 * A head that names no complication of its own ("without complications",
 * "uncomplicated", "COPD, unspecified") yields to the combination; one that
 * names a complication (E11.40 neuropathy) stays beside it.
 */
function vague(title: string, categoryTitle: string): boolean {
  if (/\b(without|uncomplicated)\b/i.test(title)) return true;
  const words = (t: string) => t.toLowerCase().match(/[a-z]{4,}/g) ?? [];
  const head = new Set(words(categoryTitle));
  return words(title).every((w) => head.has(w) || GENERIC.has(w));
}

function combine(ledger: Ledger, head: Entry, other: Entry, code: string, replaceHead: boolean): void {
  if (replaceHead) ledger.drop(head.code, RULES.withCombination, code);
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
