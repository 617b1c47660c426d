/**
 * Code arithmetic the stages share: ranges as the data files and the Tabular
 * notes write them ("E08-E13", "I51.4-I51.7", "N18.-"), and the code
 * references inside a Tabular note's text.
 */

/** Upper case, no dot. */
export function bare(code: string): string {
  return code.toUpperCase().replace('.', '');
}

/** A code range: `lo` and `hi` bare, compared on their own lengths (so "I50" covers I50.21). */
export interface CodeRange {
  lo: string;
  hi: string;
}

/** "E08-E13", "I51.89", "N18.-", "O24.4-": one range. */
export function parseRange(text: string): CodeRange {
  const [a, b] = text.replace(/\.?-$/, '').split(/\s*-\s*/) as [string, string | undefined];
  return { lo: bare(a), hi: bare(b ?? a) };
}

export function inRange(code: string, r: CodeRange): boolean {
  const c = bare(code);
  return c.slice(0, r.lo.length) >= r.lo && c.slice(0, r.hi.length) <= r.hi;
}

export function inAny(code: string, ranges: readonly CodeRange[]): boolean {
  return ranges.some((r) => inRange(code, r));
}

/** How narrow a range is: longer bounds are more specific (used to pick the most specific data entry). */
export function rangeWidth(r: CodeRange): number {
  return -Math.min(r.lo.length, r.hi.length);
}

const REF = /\b([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(\.?-(?!\s*[A-Z][0-9]))?(?:\s*-\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(\.?-)?)?/g;

/** The code references in a Tabular note ("type 1 diabetes mellitus (E10.-)", "(N18.1-N18.4, N18.9)"). */
export function referencedRanges(note: string): CodeRange[] {
  const out: CodeRange[] = [];
  // Only the parenthesised part names codes; words like "T2" elsewhere are not references.
  for (const group of note.matchAll(/\(([^()]*)\)/g)) {
    for (const m of (group[1] as string).matchAll(REF)) {
      const lo = m[1] as string;
      out.push({ lo: bare(lo), hi: bare(m[3] ?? lo) });
    }
  }
  return out;
}

/** True when `a` is `b`'s ancestor (a strict prefix of it). */
export function isAncestor(a: string, b: string): boolean {
  const x = bare(a);
  const y = bare(b);
  return y.length > x.length && y.startsWith(x);
}
