/**
 * The Table of Neoplasms by site, kept for the scan-time review (build time
 * only). The Alphabetic Index sends a bare "Tumor" to "Neoplasm, unspecified
 * behavior, by site": the code depends on a site the note may name elsewhere
 * in the sentence ("a tumor in the lower pole of the left kidney"), so the
 * table's rows are stored as data the review reads (review/neoplasm-sites.ts)
 * rather than as phrases the automaton would need adjacent.
 */
import type { NeoplasmTable } from '../artifact/model.js';
import { termWords } from '../text/tokens.js';
import type { IndexNode, IndexTree } from './index-tree.js';
import type { NeoplasmSites } from './types.js';

/** "NEC" (not elsewhere classified) is a coding convention; no note says it of a site. */
const NEC = /\s*\bNEC\b\s*/g;

/**
 * The site rows of a Table of Neoplasms: the top row's codes (the unspecified
 * site) and, under it, every row with its spellings and its code per column.
 * Codes the release `known` lacks are left out ('').
 */
export function readNeoplasmSites(tree: IndexTree, known: ReadonlySet<string>): NeoplasmSites {
  const cols = [...tree.heads.keys()].filter((c) => c > 1).sort((a, b) => a - b);
  const columns = cols.map((c) => tree.heads.get(c) as string);
  const top = tree.mains.find((m) => m.cells.size > 0);
  const codesOf = (node: IndexNode): string[] => cols.map((c) => releaseCode(node.cells.get(c), known));
  const rows: NeoplasmSites['rows'] = [];
  const walk = (nodes: readonly IndexNode[], parent: number): void => {
    for (const node of nodes) {
      const alts = [...new Set(node.elements.flatMap((e) => e.alts).map((a) => a.replace(NEC, ' ').trim()))].filter((a) => a.length > 0);
      // A row the note cannot name cannot be reached through either.
      if (alts.length === 0) continue;
      const at = rows.length;
      rows.push({ parent, alts, codes: codesOf(node) });
      walk(node.children, at);
    }
  };
  if (top !== undefined) walk(top.children, -1);
  return { columns, unspecified: top ? codesOf(top) : [], rows };
}

/** A table cell as a release code: "D49.51-" names the header D49.51; '' when there is none. */
function releaseCode(cell: string | undefined, known: ReadonlySet<string>): string {
  if (cell === undefined) return '';
  const code = cell.replace(/\.?-+$/, '');
  return known.has(code) ? code : '';
}

/**
 * The rows as the artifact stores them (NeoplasmTable): codes as code indices
 * (`codeIndex`), each spelling as the scanner's normalised words, as
 * vocabulary ids (`wordId`, -1 for a word no term has), with the project's
 * site synonyms added (`synonyms` gives the other ways to write a text:
 * "kidney" -> "renal").
 */
export function neoplasmTable(
  sites: NeoplasmSites | undefined,
  codeIndex: (code: string) => number,
  wordId: (word: string) => number,
  synonyms: (text: string) => string[] = () => [],
): NeoplasmTable {
  const rows = sites?.rows ?? [];
  const columns = sites?.unspecified.length ?? 0;
  const code = (c: string): number => (c === '' ? -1 : codeIndex(c));
  const codes = new Int32Array(rows.length * columns).fill(-1);
  const altRow: number[] = [];
  const altStart: number[] = [0];
  const altWords: number[] = [];
  const cache = new Map<string, string | null>();
  rows.forEach((r, i) => {
    r.codes.forEach((c, k) => (codes[i * columns + k] = code(c)));
    const seen = new Set<string>();
    for (const text of r.alts.flatMap((a) => [a, ...synonyms(a)])) {
      const ids = termWords(text, cache).map(wordId);
      const key = ids.join(' ');
      // A word no term has is never in a note's token stream: the spelling could not be said.
      if (ids.length === 0 || ids.includes(-1) || seen.has(key)) continue;
      seen.add(key);
      altRow.push(i);
      altWords.push(...ids);
      altStart.push(altWords.length);
    }
  });
  return {
    unspecified: Int32Array.from(sites?.unspecified ?? [], code),
    parent: Int32Array.from(rows, (r) => r.parent),
    codes,
    altRow: Int32Array.from(altRow),
    altStart: Int32Array.from(altStart),
    altWords: Int32Array.from(altWords),
  };
}
