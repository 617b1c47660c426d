/**
 * Terms from the Table of Drugs and Chemicals and the Table of Neoplasms. These
 * rank below descriptions and the index, so each row gives a few fixed phrasings
 * only: the tables have ~9,000 rows and up to six codes each, and every extra
 * phrasing would add thousands of terms that seldom match clinical prose.
 */
import type { EmitTerm } from './types.js';
import type { Element, IndexNode, IndexTree } from './index-tree.js';

/** Spellings per row; the alternatives beyond the second are rarely what notes say. */
const MAX_ROW_TEXTS = 2;

interface Column {
  /** Finds the column in the table heading. */
  head: RegExp;
  /** Column used when the heading does not say (the FY2025 layout). */
  fallback: number;
  phrase: (subject: string) => string;
}

const DRUG_COLUMNS: Column[] = [
  { head: /accidental/i, fallback: 2, phrase: (s) => `poisoning by ${s}` },
  { head: /adverse/i, fallback: 6, phrase: (s) => `adverse effect of ${s}` },
];

const NEOPLASM_COLUMNS: Column[] = [
  { head: /primary/i, fallback: 2, phrase: (s) => join('malignant neoplasm', s) },
  { head: /secondary/i, fallback: 3, phrase: (s) => join('secondary malignant neoplasm', s) },
  { head: /in situ/i, fallback: 4, phrase: (s) => join('carcinoma in situ', s) },
  { head: /benign/i, fallback: 5, phrase: (s) => join('benign neoplasm', s) },
];

/**
 * Column names as see-references write them ("Neoplasm, benign, by site";
 * "Table of Drugs and Chemicals, vitamins, adverse effect"), each with the
 * heading it names and that heading's place in the FY2025 layout. A plain
 * "malignant" is the primary column: "secondary" is always said.
 */
const REFERENCE_COLUMNS: Record<'drug' | 'neoplasm', Array<{ name: RegExp; head: RegExp; fallback: number }>> = {
  neoplasm: [
    { name: /^(?:malignant(?: primary)?|primary)$/, head: /primary/i, fallback: 2 },
    { name: /^(?:malignant )?secondary$/, head: /secondary/i, fallback: 3 },
    { name: /^(?:ca |carcinoma )?in situ$/, head: /in situ/i, fallback: 4 },
    { name: /^benign$/, head: /benign/i, fallback: 5 },
    { name: /^uncertain behaviou?r$/, head: /uncertain/i, fallback: 6 },
    { name: /^unspecified behaviou?r$/, head: /unspecified/i, fallback: 7 },
  ],
  drug: [
    { name: /^poisoning(?: accidental)?$/, head: /accidental/i, fallback: 2 },
    { name: /^adverse effect$/, head: /adverse/i, fallback: 6 },
    { name: /^underdosing$/, head: /underdosing/i, fallback: 7 },
  ],
};

/** The column a reference part names (lowercase, one space between words), or undefined. */
export function referenceColumn(tree: IndexTree, kind: 'drug' | 'neoplasm', part: string): number | undefined {
  const c = REFERENCE_COLUMNS[kind].find((x) => x.name.test(part));
  if (c === undefined) return undefined;
  const found = [...tree.heads.entries()].find(([, text]) => c.head.test(text));
  return found ? found[0] : c.fallback;
}

export function drugTerms(tree: IndexTree, emit: EmitTerm): void {
  const cols = columns(tree, DRUG_COLUMNS);
  walk(tree.mains, [], (node, path) => {
    const subjects = rowTexts(path);
    for (const [col, phrase] of cols) {
      const code = node.cells.get(col);
      // Poisoning and adverse-effect codes need a 7th character; the table omits it. 'A' is the initial encounter.
      if (code !== undefined) for (const s of subjects) emit(phrase(s), initialEncounter(code), 'drug');
    }
  });
}

export function neoplasmTerms(tree: IndexTree, emit: EmitTerm): void {
  const cols = columns(tree, NEOPLASM_COLUMNS);
  walk(tree.mains, [], (node, path) => {
    // The one main term is "Neoplasm, neoplastic"; the site is everything below it.
    const sites = path.length > 1 ? rowTexts(path.slice(1)) : [''];
    for (const [col, phrase] of cols) {
      const code = node.cells.get(col);
      if (code !== undefined) for (const s of sites) emit(phrase(s), code, 'neoplasm');
    }
  });
}

function walk(nodes: IndexNode[], path: Element[], fn: (node: IndexNode, path: Element[]) => void): void {
  for (const node of nodes) {
    const here = [...path, ...node.elements];
    if (node.cells.size > 0) fn(node, here);
    walk(node.children, here, fn);
  }
}

function columns(tree: IndexTree, wanted: Column[]): Array<[number, (s: string) => string]> {
  return wanted.map((c) => {
    const found = [...tree.heads.entries()].find(([, text]) => c.head.test(text));
    return [found ? found[0] : c.fallback, c.phrase];
  });
}

/** Index-order path texts without modifiers: the first spelling of each element, then the last element's others. */
function rowTexts(path: readonly Element[]): string[] {
  const elements = path.filter((e) => e.alts.length > 0);
  if (elements.length === 0) return [];
  const firsts = elements.map((e) => e.alts[0] as string);
  const out = [firsts.join(' ')];
  for (const alt of (elements[elements.length - 1] as Element).alts.slice(1)) {
    if (out.length < MAX_ROW_TEXTS) out.push([...firsts.slice(0, -1), alt].join(' '));
  }
  return out;
}

function join(a: string, b: string): string {
  return b.length > 0 ? `${a} ${b}` : a;
}

/** T51.3X1 -> T51.3X1A; a code given to fewer than six characters is filled with X placeholders first. */
export function initialEncounter(code: string): string {
  const key = code.replace('.', '').replace(/-+$/, '');
  if (!/^T[0-9]{2}/.test(key) || key.length >= 7) return code;
  const full = key.padEnd(6, 'X') + 'A';
  return `${full.slice(0, 3)}.${full.slice(3)}`;
}
