/**
 * One XML parser configuration for every release file. Element names that can
 * repeat are always arrays, so readers never branch on "one or many"; values stay
 * strings (a chapter "1" or a code "0010" must not become a number).
 * Without jPath strings and stopNodes the FY2023 files parsed in about half the
 * time (measured), so neither is used; index titles are handled in index-tree.ts.
 */
import { XMLParser } from 'fast-xml-parser';
import { IcdError } from '../errors.js';

const REPEATED = new Set([
  // Tabular List
  'chapter', 'section', 'diag', 'note', 'extension', 'inclusionTerm', 'includes', 'excludes1', 'excludes2',
  'codeFirst', 'useAdditionalCode', 'codeAlso', 'notes', 'sevenChrNote', 'sevenChrDef',
  // indexes and tables
  'letter', 'mainTerm', 'term', 'code', 'see', 'seeAlso', 'cell', 'manif', 'subcat', 'seecat', 'head',
]);

export type XmlNode = Record<string, unknown>;

function makeParser(): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    jPath: false,
    isArray: (name) => REPEATED.has(name),
  });
}

export function parseXml(text: string, root: string, fileName: string): XmlNode {
  let doc: XmlNode;
  try {
    doc = makeParser().parse(text) as XmlNode;
  } catch (cause) {
    throw new IcdError('E_RELEASE_INVALID', `${fileName}: not well-formed XML`, {
      cause,
      issues: [{ path: fileName, message: cause instanceof Error ? cause.message : String(cause) }],
    });
  }
  const top = doc[root];
  if (top === null || typeof top !== 'object') {
    throw new IcdError('E_RELEASE_INVALID', `${fileName}: expected a <${root}> root element`, {
      issues: [{ path: fileName, message: 'missing root element', expected: `<${root}>` }],
    });
  }
  return top as XmlNode;
}

/** The element's children of one name, always as an array. */
export function children(node: unknown, name: string): XmlNode[] {
  if (node === null || typeof node !== 'object') return [];
  const v = (node as XmlNode)[name];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as XmlNode[];
}

/** Text content of an element that may be a bare string or an object with attributes. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  if (v !== null && typeof v === 'object') {
    const t = (v as XmlNode)['#text'];
    if (typeof t === 'string') return t.trim();
    if (typeof t === 'number') return String(t);
  }
  return '';
}

export function attrOf(v: unknown, name: string): string | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const a = (v as XmlNode)['@_' + name];
  return typeof a === 'string' ? a : undefined;
}

/** Texts of the <note> children of each element named `name` under `node`. */
export function notesOf(node: unknown, name: string): string[] {
  const out: string[] = [];
  for (const el of children(node, name)) for (const n of children(el, 'note')) {
    const t = textOf(n);
    if (t.length > 0) out.push(t);
  }
  return out;
}

/**
 * Parses a document one top-level element at a time (each <letter> of an index,
 * each <chapter> of the Tabular List) and hands each to `each` before parsing the
 * next. The parser builds a full object tree; a chapter's tree is garbage once
 * read, so it mostly dies young instead of being copied through the heap with
 * the whole document's. Returns the root element without those children (version,
 * title, column headings).
 */
export function parseXmlParts(text: string, root: string, part: string, fileName: string, each: (el: XmlNode) => void): XmlNode {
  const open = new RegExp(`<${part}[\\s>]`, 'g');
  const close = `</${part}>`;
  const first = text.search(open);
  if (first < 0) return parseXml(text, root, fileName);
  const head = parseXml(`${text.slice(0, first)}</${root}>`, root, fileName);
  const parser = makeParser();
  let at = first;
  while (at >= 0) {
    const end = text.indexOf(close, at);
    if (end < 0) throw invalid(fileName, `<${part}> without ${close}`);
    let doc: XmlNode;
    try {
      doc = parser.parse(text.slice(at, end + close.length)) as XmlNode;
    } catch (cause) {
      throw invalid(fileName, cause instanceof Error ? cause.message : String(cause), cause);
    }
    for (const el of children(doc, part)) each(el);
    open.lastIndex = end + close.length;
    at = open.exec(text)?.index ?? -1;
  }
  return head;
}

function invalid(fileName: string, message: string, cause?: unknown): IcdError {
  return new IcdError('E_RELEASE_INVALID', `${fileName}: not well-formed XML`, { cause, issues: [{ path: fileName, message }] });
}
