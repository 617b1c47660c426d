/**
 * Tabular List: per-code facts for `lookup` (chapter, block, category, notes,
 * 7th characters) and the inclusion terms, which are synonyms of the code they
 * sit under.
 */
import type { EmitTerm, TabularInfo } from './types.js';
import { attrOf, children, notesOf, parseXmlParts, textOf, type XmlNode } from './xml.js';
import { textForms } from './variants.js';

type Place = Pick<TabularInfo, 'chapter' | 'block' | 'category'>;

/** Emits the inclusion terms; returns the facts by diag name (dotted code) as written in the Tabular List. */
export function readTabular(text: string, fileName: string, emit: EmitTerm): Map<string, TabularInfo> {
  const data: Walk = { info: new Map(), emit };
  parseXmlParts(text, 'ICD10CM.tabular', 'chapter', fileName, (chapter) => {
    const chap = { id: textOf(chapter['name']), description: textOf(chapter['desc']) };
    for (const section of children(chapter, 'section')) {
      const block = { id: attrOf(section, 'id') ?? '', description: textOf(section['desc']) };
      for (const diag of children(section, 'diag')) walk(diag, { chapter: chap, block }, data);
    }
  });
  return data.info;
}

interface Walk {
  info: Map<string, TabularInfo>;
  emit: EmitTerm;
}

function walk(diag: XmlNode, place: Place, data: Walk): void {
  const name = textOf(diag['name']);
  if (name.length === 0) return;
  const here: Place = place.category ? place : { ...place, category: { code: name, description: textOf(diag['desc']) } };
  const info: TabularInfo = {
    ...here,
    inclusionTerms: notesOf(diag, 'inclusionTerm'),
    excludes1: notesOf(diag, 'excludes1'),
    excludes2: notesOf(diag, 'excludes2'),
    notes: [...notesOf(diag, 'notes'), ...notesOf(diag, 'sevenChrNote')],
    codeFirst: notesOf(diag, 'codeFirst'),
    useAdditionalCode: notesOf(diag, 'useAdditionalCode'),
    codeAlso: notesOf(diag, 'codeAlso'),
  };
  const includes = notesOf(diag, 'includes');
  if (includes.length > 0) info.includes = includes;
  const sevenChr = children(diag, 'sevenChrDef')
    .flatMap((def) => children(def, 'extension'))
    .map((e) => ({ char: attrOf(e, 'char') ?? '', description: textOf(e) }))
    .filter((e) => e.char.length === 1);
  if (sevenChr.length > 0) info.sevenChr = sevenChr;
  data.info.set(name, info);

  const fracture = isFractureCategory(name, textOf(diag['desc']));
  for (const note of info.inclusionTerms) addTerms(data, fracture ? fractureSite(note) : note, name);
  for (const note of includes) if (isPlainTerm(note)) addTerms(data, note, name);
  for (const child of children(diag, 'diag')) walk(child, here, data);
}

/**
 * A fracture code of the injury chapter: "Fracture of other parts of neck"
 * (S12.8), "Fracture of patella" (S82.0). Elsewhere a title may name a fracture
 * it excludes ("Age-related osteoporosis without current pathological
 * fracture"), and its inclusion terms are conditions of their own.
 */
export function isFractureCategory(code: string, title: string): boolean {
  return code.startsWith('S') && /\bfracture\b/i.test(title);
}

/**
 * Under a fracture title, a short inclusion term without the word is an item of
 * the title's site list ("Trachea" and "Larynx" under S12.8, "Knee cap" under
 * S82.0, "Heel bone" under S92.0): alone it would code the fracture wherever a
 * note names the site. It is compiled as the fracture of that site.
 */
export function fractureSite(note: string): string {
  if (/\b(?:fracture|broken)/i.test(note) || note.split(/\s+/).length > 3) return note;
  return `Fracture of ${note}`;
}

function addTerms(data: Walk, note: string, code: string): void {
  for (const text of textForms(note)) data.emit(text, code, 'inclusion');
}

/**
 * "Includes" notes mix synonyms ("rabbit fever", "shingles") with sentences and
 * cross-references ("infections due to ... classifiable to B65.0-B81.3"); only the
 * short, reference-free ones are used as terms.
 */
export function isPlainTerm(note: string): boolean {
  if (/[A-Z]\d\d/.test(note) || /[:;]/.test(note) || / - /.test(note)) return false;
  if (/^(code|use|see|includes?|excludes?)\b/i.test(note)) return false;
  const words = note.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').split(/\s+/).filter((w) => w.length > 0);
  return words.length > 0 && words.length <= 6;
}
