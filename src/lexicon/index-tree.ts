/**
 * The four index-shaped files (Alphabetic Index, External Cause Index, Table of
 * Drugs, Table of Neoplasms) share one XML shape: letters of main terms with
 * nested terms, each with codes, cells, and see / see-also references. This
 * module reads that shape into a tree with parsed titles, and finds the node a
 * reference such as "Infarct, myocardium" points to.
 */
import { attrOf, children, parseXmlParts, textOf, type XmlNode } from './xml.js';
import { forms, isPlain, lookupKey, orAlternatives, parsePhrase, render, stripInstructions, type Phrase } from './variants.js';
import { endsOpen, IRREGULAR_PARTICIPLES } from '../text/word-class.js';

/** One position in a term path, with the ways it can be written. */
export interface Element {
  /** Plain forms, no optional words: the title as written, then its variants ("Diabetes", "diabetic"). */
  alts: string[];
  /** Forms of the first alternative with nonessential modifiers, used when this element ends a path. */
  extras: string[];
}

export interface IndexNode {
  /** A main term's comma parts that are modifiers ("Xanthinuria, hereditary") become further elements. */
  elements: Element[];
  /** Lowercase names a reference may use for this node. */
  keys: string[];
  /** Codes as written: <code>, <subcat>, <seecat>, then <manif> (the paired manifestation code). */
  codes: string[];
  see: string[];
  seeAlso: string[];
  /** Table cells by column number (drug and neoplasm tables); "-" / "--" cells are left out. */
  cells: ReadonlyMap<number, string>;
  children: IndexNode[];
}

export interface IndexTree {
  mains: IndexNode[];
  /** Table column headings by column number; empty for the indexes. */
  heads: Map<number, string>;
  /** Main terms by each of their keys. */
  byKey: Map<string, IndexNode[]>;
  /** Main terms by the first four letters of each key, for references that do not match exactly. */
  byStem: Map<string, IndexNode[]>;
}

/** Alternatives kept per element; "Acephalia, acephalism, acephalus, acephaly" needs no fourth. */
const MAX_ALTS = 3;
/** A comma part that shares this many leading letters with a word is a variant spelling of it. */
const VARIANT_PREFIX = 4;

/**
 * <nemod> sits inside titles between words ("2019<nemod>(novel)</nemod> coronavirus");
 * an XML parser would split that mixed content and lose the order. The tags become
 * private-use marker characters first, so a title reaches us as one string.
 */
const NEMOD_OPEN = '\uE000';
const NEMOD_CLOSE = '\uE001';

export function readIndexTree(text: string, fileName: string, options: { allMainModifiers?: boolean } = {}): IndexTree {
  const marked = text.replaceAll('<nemod>', NEMOD_OPEN).replaceAll('</nemod>', NEMOD_CLOSE).replaceAll('<nemod/>', '');
  const mains: IndexNode[] = [];
  const byKey = new Map<string, IndexNode[]>();
  const byStem = new Map<string, IndexNode[]>();
  const root = parseXmlParts(marked, 'ICD10CM.index', 'letter', fileName, (letter) => {
    for (const el of children(letter, 'mainTerm')) {
      const node = readNode(el, true, options.allMainModifiers === true);
      mains.push(node);
      for (const k of node.keys) add(byKey, k, node);
      for (const stem of new Set(node.keys.map((k) => k.slice(0, 4)))) add(byStem, stem, node);
    }
  });
  const heads = new Map<number, string>();
  for (const heading of children(root, 'indexHeading')) {
    for (const h of children(heading, 'head')) heads.set(Number(attrOf(h, 'col')), textOf(h));
  }
  return { mains, heads, byKey, byStem };
}

function add(map: Map<string, IndexNode[]>, key: string, node: IndexNode): void {
  const list = map.get(key);
  if (list) list.push(node);
  else map.set(key, [node]);
}

/** Shared by the 80,000 index nodes that have no table cells; never written to. */
const NO_CELLS: Map<number, string> = new Map();

function readNode(el: XmlNode, isMain: boolean, allModifiers = false): IndexNode {
  const { elements, keys } = parseTitle(textOf(el['title']), isMain, allModifiers);
  const codes = ['code', 'subcat', 'seecat', 'manif'].flatMap((n) => children(el, n).map(textOf)).filter((c) => c.length > 0);
  let cells: Map<number, string> = NO_CELLS;
  for (const c of children(el, 'cell')) {
    const v = textOf(c);
    if (!/^[A-Z]\d/.test(v)) continue;
    if (cells === NO_CELLS) cells = new Map();
    cells.set(Number(attrOf(c, 'col')), v);
  }
  return {
    elements,
    keys,
    codes,
    see: children(el, 'see').map(textOf).filter((s) => s.length > 0),
    seeAlso: children(el, 'seeAlso').map(textOf).filter((s) => s.length > 0),
    cells,
    children: children(el, 'term').map((t) => readNode(t, false)),
  };
}

/**
 * Reads a title such as "Diabetes, diabetic<nemod>(mellitus) (sugar)</nemod>".
 * Comma parts that share a 4+ letter prefix with a word of the first part, or
 * are its irregular participle ("Tear, torn"), are alternative spellings;
 * other comma parts of a main term are inverted modifiers and become path
 * elements; in a subterm they are kept as written ("cable car,
 * not on rails"), since subterms are already the modifiers of their main term.
 * An "or" list becomes alternatives ("atrial or auricular"; see orAlternatives).
 */
export function parseTitle(raw: string, isMain: boolean, allModifiers = false): { elements: Element[]; keys: string[] } {
  if (!raw.includes(',') && !raw.includes(NEMOD_OPEN) && isPlain(raw) && !/\bor\b/i.test(raw)) {
    // Three subterms in four are plain words ("aspiration"); they need no token list.
    const s = raw.replace(/\s+/g, ' ').trim();
    return s.length > 0 ? { elements: [{ alts: [s], extras: [] }], keys: [s.toLowerCase()] } : { elements: [], keys: [] };
  }
  // Modifiers are separate words; parsePhrase still glues "(-astasia)" and "(s)" to their word.
  const text = raw.replaceAll(NEMOD_OPEN, ' ').replaceAll(NEMOD_CLOSE, ' ');
  const phrase = stripInstructions(parsePhrase(text));
  const parts = splitOnCommas(phrase);
  const base = parts[0] ?? [];
  const baseWords = base.filter((t) => t.group < 0);
  const alts: Phrase[] = [base];
  const rest: Phrase[] = [];
  let trailing: Phrase = [];
  parts.slice(1).forEach((part, k) => {
    const isLast = k === parts.length - 2;
    const fixed = part.filter((t) => t.group < 0);
    const lastBase = baseWords[baseWords.length - 1];
    if (lastBase && baseWords.length >= 2 && isOrList(fixed)) {
      // "Legg-Perthes disease, syndrome or osteochondrosis": other nouns for the heading's last word.
      for (const w of fixed.filter((t) => t.text !== 'or')) alts.push(base.map((t) => (t === lastBase ? { ...w, glue: t.glue } : t)));
      return;
    }
    const word = fixed.length === 1 ? fixed[0] : undefined;
    // A main term of four letters shares three with its adjective ("Lues, luetic").
    const target =
      word &&
      [baseWords[0], lastBase].find(
        (b) => b && (sharesPrefix(b.text, word.text, isMain && b.text.length === VARIANT_PREFIX ? VARIANT_PREFIX - 1 : VARIANT_PREFIX) || IRREGULAR_PARTICIPLES.get(word.text.toLowerCase()) === b.text.toLowerCase()),
      );
    if (!word || !target) {
      rest.push(part);
      return;
    }
    let core = part;
    if (isLast) {
      // Modifiers after the last spelling describe the heading as a whole: "Diabetes (mellitus)" too.
      const end = part.lastIndexOf(word) + 1;
      trailing = part.slice(end);
      core = part.slice(0, end);
    }
    alts.push(base.flatMap((t) => (t === target ? core.map((c, i) => (i === 0 ? { ...c, glue: t.glue } : c)) : [t])));
  });
  const heads = alts.map((a) => [...a, ...trailing]);
  // "atrial or auricular": each alternative is a spelling of its own; the "or" phrase itself is no note's wording.
  const split = (p: Phrase): Phrase[] => orAlternatives(p) ?? [p];
  const whole = !isMain && rest.length > 0 ? split(phrase) : [];
  const elements: Element[] = whole.length > 0 ? [element(whole)] : [element(heads.flatMap(split), allModifiers), ...rest.map((p) => element(split(p)))];
  const keys = new Set<string>();
  for (const p of [phrase, ...heads, ...whole, ...heads.flatMap(split)]) {
    for (const mode of ['none', 'all'] as const) {
      const k = lookupKey(render(p, mode));
      if (k.length > 0) keys.add(k);
    }
  }
  return { elements, keys: [...keys] };
}

/**
 * In the disease index a main term's modifiers are its whole list of kinds ("Stroke (apoplectic)
 * (brain) (cryptogenic) (embolic) (ischemic) ..."), each a note's wording with it; a subterm's,
 * and the external-cause index's ("Abuse (adult) (child) ... (sexual)" is X58, how an injury
 * happened, not the abuse), are read only as far as the default cap.
 */
const MAX_MAIN_FORMS = 16;

function element(phrases: Phrase[], allModifiers = false): Element {
  const alts: string[] = [];
  for (const p of phrases) {
    const s = render(p, 'none');
    if (s.length > 0 && !alts.includes(s) && alts.length < MAX_ALTS) alts.push(s);
  }
  const first = phrases[0];
  // "Contact (with)", "Allergy (to)": with only the preposition, the modifier waits for an object no note gives it.
  const extras = first ? forms(first, allModifiers ? MAX_MAIN_FORMS : undefined).filter((f) => !alts.includes(f) && !endsOpen(f)) : [];
  return { alts, extras };
}

/** "syndrome or osteochondrosis": single words joined by "or". */
function isOrList(words: Phrase): boolean {
  if (words.length < 3 || words.length % 2 === 0) return false;
  return words.every((t, i) => (i % 2 === 1 ? t.text === 'or' : t.text !== 'or' && t.text !== ','));
}

function splitOnCommas(phrase: Phrase): Phrase[] {
  const parts: Phrase[] = [[]];
  for (const t of phrase) {
    if (t.text === ',' && t.group < 0) parts.push([]);
    else (parts[parts.length - 1] as Phrase).push(t);
  }
  return parts.filter((p) => p.some((t) => t.group < 0));
}

function sharesPrefix(a: string, b: string, letters: number): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n >= letters;
}
