/**
 * How notes state an allergy (build time). A documented allergy is coded as an
 * allergy status (Z88, Z91.0), which the Index lists as "History, personal,
 * allergy (to), penicillin"; a note writes "allergy to penicillin", "allergic
 * to penicillin" or "penicillin allergy". Without this the note's "allergy"
 * alone matches "Allergy (reaction)", T78.40, an allergic reaction happening now.
 * ("history of X" is left to the context rules: a span that swallowed its cue
 * would no longer read as historical.)
 */
import type { Element } from './index-tree.js';

/** Extra texts for an index path, beyond pathTexts; none unless the path is a personal history of allergy. */
export function allergyTexts(path: readonly Element[]): string[] {
  const words = path.map((e) => (e.alts[0] ?? '').toLowerCase());
  if (words[0] !== 'history' || !/^personal\b/.test(words[1] ?? '') || words.length < 3) return [];
  const rest = path.slice(2).map((e) => e.alts[0] as string);
  const out: string[] = [];
  if (/^allergy\b/.test(words[2] as string) && rest.length >= 2) {
    const what = rest.slice(1).join(' ');
    // "food peanuts" reads "peanuts" in a note; the food heading is the Index's grouping.
    const named = rest.length > 2 && /^food\b/.test(words[3] as string) ? rest.slice(2).join(' ') : what;
    for (const w of new Set([what, named])) out.push(`allergy to ${w}`, `allergic to ${w}`, `${w} allergy`);
  }
  return out;
}
