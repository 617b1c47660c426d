/**
 * Following see / see-also references: "Heart attack" see "Infarct, myocardium"
 * names main term "Infarct, infarction" > subterm "myocardium, myocardial".
 * References are written by hand and drift from the titles they name
 * ("Bronchitis, acute" for "acute or subacute", "artery, retina" for
 * "retinal"), so an exact match is tried first and a close one second.
 *
 * Besides index entries a reference can name a table row ("Neoplasm, lung,
 * malignant"; "Table of Drugs and Chemicals, alcohol, poisoning"), a column
 * "by site" ("Neoplasm, benign, by site": the site is the note's to say, so
 * the table's unspecified-site row), or a code pattern ("E08-E13 with .22").
 * Every reference that gives no code is counted by why (UnresolvedClass).
 */
import type { IndexNode, IndexTree } from './index-tree.js';
import { initialEncounter, referenceColumn } from './tables.js';
import type { UnresolvedClass } from './types.js';
import { lookupKey } from './variants.js';
import { functionWords } from '../text/function-words.js';

export type { UnresolvedClass } from './types.js';

/** Most see-references followed in a chain (A see B, B see C). */
const MAX_HOPS = 3;
/** "retina" names "retinal" and "broncho" names "broncho-": a stem may differ by this many letters. */
const STEM_SLACK = 3;


export const UNRESOLVED_CLASSES: readonly UnresolvedClass[] = [
  'not-found', 'no-code', 'by-site', 'by-substance', 'no-column', 'no-table-row', 'no-table', 'code-pattern',
];

export type Resolution =
  /**
   * `bySite`: the reference left the site to the note ("Neoplasm, malignant, by
   * site"; "Ulcer, pressure, by site") and the code is the one for a site not
   * said (the table's first row, the entry's own code). `neoplasm`: the code
   * is a cell of the Table of Neoplasms.
   */
  | { kind: 'resolved'; codes: string[]; bySite?: boolean; neoplasm?: boolean }
  /** Names no entry by design: "see condition", "see also subcategory". */
  | { kind: 'generic' }
  | { kind: 'unresolved'; why: UnresolvedClass };

/** The tables a reference may name; absent when the release folder lacks them. */
export interface ReferenceTables {
  neoplasm?: IndexTree;
  drug?: IndexTree;
}

/** References that name no index entry: "see condition", "see also subcategory". */
const GENERIC = /^(condition|subcategory|category|code|specific condition|the condition)$/i;
/** "see also category M01", "subcategory M14.8-": the reference is a code. */
const CODE_REFERENCE = /^(?:sub)?category\s+([A-Z]\d[0-9A-Z](?:\.[0-9A-Z-]*)?)$/i;
/** "E08-E13 with .22", "N00-N07 with fourth character .1", "categories F11-F19 with .x5x", "Y35 with 7th character S". */
const CODE_PATTERN = /^(?:categor(?:y|ies)\s+)?([A-Z]\d{2})(?:-([A-Z]\d{2}))?\s+with\b(.*)$/i;
/**
 * Category ranges whose category is fixed when the note does not say: a
 * diabetes of no stated type is coded as type 2 (ICD-10-CM Official
 * Guidelines I.C.4.a.2), and a glomerular disease named by lesion only belongs
 * to "unspecified nephritic syndrome" (N05, the range's unspecified category).
 */
const RANGE_DEFAULTS: ReadonlyMap<string, string> = new Map([
  ['E08-E13', 'E11'],
  ['N00-N07', 'N05'],
]);
/** Comma parts that say where to look, not what to look up: "Injury, blast, by site", "Contact, with, by type of machine". */
const BY_PART = /^by (?:site|type|region|cause|degree|body region|location|stage)\b/;
const DRUG_TABLE = /^table of drugs(?: and chemicals)?$/;
const NEOPLASM_TABLE = /^(?:table of )?neoplasms?$/;
/** "by drug", "by substance": the row is the note's to name. */
const BY_SUBSTANCE = /^by (?:drug|substance|drug or substance)$/;

export class ReferenceResolver {
  private readonly cache = new Map<string, Resolution>();

  constructor(
    private readonly tree: IndexTree,
    private readonly tables: ReferenceTables = {},
  ) {}

  resolve(reference: string): Resolution {
    let r = this.cache.get(reference);
    if (r === undefined) {
      r = this.resolveUncached(reference, 0);
      this.cache.set(reference, r);
    }
    return r;
  }

  private resolveUncached(reference: string, hops: number): Resolution {
    const ref = cleanReference(reference);
    const code = CODE_REFERENCE.exec(ref);
    if (code) return { kind: 'resolved', codes: [code[1] as string] };
    if (GENERIC.test(ref)) return { kind: 'generic' };
    const pattern = CODE_PATTERN.exec(ref);
    if (pattern) return codePattern(pattern);
    const parts = referenceParts(ref);
    const first = parts[0];
    if (first === undefined) return { kind: 'unresolved', why: 'not-found' };
    if (DRUG_TABLE.test(first)) return this.tableRow(this.tables.drug, parts.slice(1), 'drug', hops);
    // References into the table never name the index's own few "Neoplasm" entries (mast cell neoplasms),
    // and a near match among those would be wrong ("malignant" is not "malignant mast cell").
    if (NEOPLASM_TABLE.test(first)) return this.tableRow(this.tables.neoplasm, parts.slice(1), 'neoplasm', hops);
    return this.indexEntry(parts, hops);
  }

  /**
   * The index entry a reference names, whatever it holds, for a main term that
   * is only another's name ("Lithiasis" see "Calculus"); undefined for codes,
   * tables, "see condition" and entries that are not found.
   */
  aliasTarget(reference: string): IndexNode | undefined {
    const ref = cleanReference(reference);
    if (GENERIC.test(ref) || CODE_REFERENCE.test(ref) || CODE_PATTERN.test(ref)) return undefined;
    const parts = referenceParts(ref);
    const first = parts[0];
    if (first === undefined || DRUG_TABLE.test(first) || NEOPLASM_TABLE.test(first) || parts.some((p) => BY_PART.test(p))) return undefined;
    return findPath(this.tree.byKey, this.tree.byStem, parts, () => true);
  }

  private indexEntry(parts: readonly string[], hops: number): Resolution {
    const wanted = parts.filter((p) => !BY_PART.test(p));
    const bySite = wanted.length < parts.length;
    // "see also Anomaly, by site" from "Fold (anomalous)": the main term's own code would say nothing the note does.
    if (bySite && wanted.length < 2) return { kind: 'unresolved', why: 'by-site' };
    const node = findPath(this.tree.byKey, this.tree.byStem, wanted, (n) => n.codes.length > 0 || n.see.length > 0);
    if (node === undefined) {
      const exists = findPath(this.tree.byKey, this.tree.byStem, wanted, () => true);
      return { kind: 'unresolved', why: bySite ? 'by-site' : exists ? 'no-code' : 'not-found' };
    }
    const next: Resolution = node.codes.length > 0 ? { kind: 'resolved', codes: node.codes } : this.follow(node.see, hops);
    if (!bySite) return next;
    return next.kind === 'resolved' ? { ...next, bySite } : { kind: 'unresolved', why: 'by-site' };
  }

  private follow(see: readonly string[], hops: number): Resolution {
    if (hops >= MAX_HOPS) return { kind: 'unresolved', why: 'not-found' };
    let last: Resolution = { kind: 'unresolved', why: 'no-code' };
    for (const s of see) {
      last = this.resolveUncached(s, hops + 1);
      if (last.kind === 'resolved') return last;
    }
    return last.kind === 'generic' ? { kind: 'unresolved', why: 'no-code' } : last;
  }

  /**
   * A table row named by comma parts: one part names the column, "by site"
   * leaves the row to the note (the table's first row, its unspecified site),
   * the others spell the row as the index spells subterms.
   */
  private tableRow(table: IndexTree | undefined, parts: string[], kind: 'drug' | 'neoplasm', hops: number): Resolution {
    if (table === undefined) return { kind: 'unresolved', why: 'no-table' };
    let column: number | undefined;
    const rowParts: string[] = [];
    let bySubstance = false;
    parts.forEach((part, i) => {
      const col = column === undefined ? referenceColumn(table, kind, part) : undefined;
      if (col !== undefined) column = col;
      else if (BY_SUBSTANCE.test(part)) bySubstance = true;
      else if (!BY_PART.test(part)) {
        // "Neoplasm, skin malignant": a column name run into the last part.
        const words = part.split(' ');
        const tail = i === parts.length - 1 && column === undefined && words.length > 1 ? words.pop() : undefined;
        const col2 = tail !== undefined ? referenceColumn(table, kind, tail) : undefined;
        if (col2 !== undefined) {
          column = col2;
          rowParts.push(words.join(' '));
        } else rowParts.push(part);
      }
    });
    if (kind === 'drug' && (bySubstance || rowParts.length === 0)) return { kind: 'unresolved', why: 'by-substance' };
    if (column === undefined) return { kind: 'unresolved', why: 'no-column' };
    const col = column;
    const has = (n: IndexNode): boolean => n.cells.has(col) || n.see.length > 0;
    let row: IndexNode | undefined;
    if (kind === 'neoplasm') {
      // The one main term is "Neoplasm, neoplastic"; its own cells are the unspecified site's.
      const main = table.mains[0];
      if (main === undefined) return { kind: 'unresolved', why: 'no-table-row' };
      const rows = rowsOf(main);
      row = rowParts.length === 0 ? main : findPath(rows.byKey, rows.byStem, rowParts, has);
    } else {
      row = findPath(table.byKey, table.byStem, rowParts, has);
    }
    if (row === undefined) return { kind: 'unresolved', why: 'no-table-row' };
    const cell = row.cells.get(col);
    // "Neoplasm, connective tissue, malignant" is a row with sites under it: like "by site", the site is left to the note.
    const bySite = kind === 'neoplasm' && row.children.length > 0;
    if (cell !== undefined) {
      if (kind === 'drug') return { kind: 'resolved', codes: [initialEncounter(cell)] };
      return { kind: 'resolved', codes: [cell], neoplasm: true, ...(bySite ? { bySite } : {}) };
    }
    return this.follow(row.see, hops);
  }
}

/** A reference with its spaces folded and a stray list dash dropped ("- Disorder, hemorrhagic"). */
function cleanReference(reference: string): string {
  return reference.replace(/\s+/g, ' ').replace(/^\s*-\s*/, '').trim();
}

/** "Neoplasm,  connective tissue, malignant" -> ["neoplasm", "connective tissue", "malignant"]. */
function referenceParts(ref: string): string[] {
  return ref
    .split(',')
    .map(lookupKey)
    .filter((p) => p.length > 0);
}

function codePattern(m: RegExpExecArray): Resolution {
  const range = m[2] !== undefined ? `${(m[1] as string).toUpperCase()}-${m[2].toUpperCase()}` : undefined;
  const category = range !== undefined ? RANGE_DEFAULTS.get(range) : undefined;
  // ".22", "fourth character .1"; "7th character S" and ".x5x" leave a character to the note.
  const suffix = /(?:^|\s)\.(\d+)$/.exec((m[3] as string).trim());
  if (category === undefined || suffix === null) return { kind: 'unresolved', why: 'code-pattern' };
  return { kind: 'resolved', codes: [`${category}.${suffix[1] as string}`] };
}

/** The first node in index order, with a code, that the reference names; see-chains are followed. */
export function findReference(tree: IndexTree, target: string, hops = 0): IndexNode | undefined {
  const parts = referenceParts(target.replace(/^\s*-\s*/, ''));
  if (parts.length === 0) return undefined;
  const found = findPath(tree.byKey, tree.byStem, parts, (n) => n.codes.length > 0 || n.see.length > 0);
  if (!found) return undefined;
  if (found.codes.length > 0) return found;
  if (hops >= MAX_HOPS) return undefined;
  for (const s of found.see) {
    const next = findReference(tree, s, hops + 1);
    if (next) return next;
  }
  return undefined;
}

interface Level {
  exact: (key: string) => readonly IndexNode[];
  /** Nodes worth testing with `near` for one comma part. */
  loose: (part: string) => readonly IndexNode[];
  /** Subterms of an entry, where a "with" may be implied. */
  nested?: boolean;
}

function findPath(
  byKey: ReadonlyMap<string, IndexNode[]>,
  byStem: ReadonlyMap<string, IndexNode[]>,
  parts: readonly string[],
  accept: (node: IndexNode) => boolean,
): IndexNode | undefined {
  if (parts.length === 0) return undefined;
  const top: Level = {
    exact: (k) => byKey.get(k) ?? [],
    loose: (p) => byStem.get(p.slice(0, 4)) ?? [],
  };
  return match(parts, 0, top, accept);
}

/** Words a reference part may begin with that the index nests as a subterm of their own ("with" > "coma"). */
const NESTED_LEADS = functionWords('nested-lead');

/** Greedy over comma parts, longest first, because titles contain commas too; backtracks on failure. */
function match(parts: readonly string[], i: number, level: Level, accept: (node: IndexNode) => boolean): IndexNode | undefined {
  const last = parts.length;
  const tryNode = (node: IndexNode, j: number): IndexNode | undefined => {
    if (j === last) return accept(node) ? node : undefined;
    return match(parts, j, childLevel(node), accept);
  };
  for (let j = last; j > i; j--) {
    for (const node of level.exact(parts.slice(i, j).join(', '))) {
      const r = tryNode(node, j);
      if (r) return r;
    }
  }
  const part = parts[i] as string;
  for (const node of level.loose(part)) {
    if (node.keys.some((k) => near(part, k))) {
      const r = tryNode(node, i + 1);
      if (r) return r;
    }
  }
  // "Diabetes, retinopathy": references leave out the "with" the index nests complications under.
  if (level.nested) {
    for (const node of level.exact('with')) {
      const r = match(parts, i, childLevel(node), accept);
      if (r) return r;
    }
  }
  const words = part.split(' ');
  // "Defect, reduction, lower limb": the index nests "limb" > "lower".
  if (words.length === 2 && !NESTED_LEADS.has(words[0] as string)) {
    const turned = [...parts.slice(0, i), words[1] as string, words[0] as string, ...parts.slice(i + 1)];
    for (const node of level.exact(words[1] as string)) {
      const r = match(turned, i + 1, childLevel(node), accept);
      if (r) return r;
    }
  }
  // "Failure, hepatic, with coma": the index nests "with" > "coma".
  for (const n of [2, 1]) {
    const lead = words.slice(0, n).join(' ');
    if (words.length <= n || !NESTED_LEADS.has(lead)) continue;
    const split = [...parts.slice(0, i), lead, words.slice(n).join(' '), ...parts.slice(i + 1)];
    for (const node of level.exact(lead)) {
      const r = match(split, i + 1, childLevel(node), accept);
      if (r) return r;
    }
  }
  return undefined;
}

function childLevel(node: IndexNode): Level {
  return {
    exact: (k) => node.children.filter((c) => c.keys.includes(k)),
    loose: () => node.children,
    nested: true,
  };
}

const CHILD_KEYS = new WeakMap<IndexNode, { byKey: Map<string, IndexNode[]>; byStem: Map<string, IndexNode[]> }>();

/** A table's rows under its one main term, keyed like main terms (built once per table). */
function rowsOf(node: IndexNode): { byKey: Map<string, IndexNode[]>; byStem: Map<string, IndexNode[]> } {
  let rows = CHILD_KEYS.get(node);
  if (rows === undefined) {
    rows = { byKey: new Map(), byStem: new Map() };
    for (const c of node.children) {
      for (const k of c.keys) pushTo(rows.byKey, k, c);
      for (const s of new Set(c.keys.map((k) => k.slice(0, 4)))) pushTo(rows.byStem, s, c);
    }
    CHILD_KEYS.set(node, rows);
  }
  return rows;
}

function pushTo(map: Map<string, IndexNode[]>, key: string, node: IndexNode): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}

/** A reference part that is the title's first words, or the same word with another ending. */
export function near(part: string, key: string): boolean {
  if (key.startsWith(part + ' ')) return true;
  const [short, long] = part.length <= key.length ? [part, key] : [key, part];
  return short.length >= 4 && long.startsWith(short) && long.length - short.length <= STEM_SLACK;
}
