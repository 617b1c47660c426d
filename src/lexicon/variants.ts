/**
 * Optional words in release text, and the surface forms a phrase expands to.
 *
 * The release marks optional words three ways: parentheses in titles
 * ("Essential (primary) hypertension"), square brackets around synonyms
 * ("virus [HIV] disease") and, in the indexes, <nemod> nonessential modifiers.
 * All three become numbered optional groups in a token list, so descriptions,
 * Tabular notes and index titles share one expansion rule. Expansion is capped:
 * a title with six modifiers would otherwise give 64 terms, nearly all noise.
 */

import { isAdjective } from './english-pos.js';
import { functionWords } from '../text/function-words.js';

/** A word, a glued punctuation mark, or one word of an optional group. */
export interface Token {
  text: string;
  /** -1 for words that are always present; otherwise the optional group's id. */
  group: number;
  /** Written without a space before it (a comma, "disease(s)", "Abasia(-astasia)"). */
  glue: boolean;
}

export type Phrase = Token[];

/** Default most forms of one phrase: none, each group alone, all groups. */
export const MAX_FORMS = 4;

/** "Not elsewhere classified" / "not otherwise specified" are coding instructions, not words a note uses. */
const INSTRUCTION_TOKENS = new Set(['NEC', 'NOS']);

/** Splits text into tokens; `( )` and `[ ]` enclose optional groups. */
export function parsePhrase(text: string): Phrase {
  const out: Phrase = [];
  let group = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] as string;
    if (ch === '(' || ch === '[') {
      const close = findClose(text, i);
      if (close < 0) {
        // An unbalanced bracket is kept as a plain character rather than swallowing the rest.
        pushWords(out, text.slice(i, i + 1), -1, i > 0 && !isSpace(text[i - 1]));
        i++;
        continue;
      }
      const inner = text.slice(i + 1, close).trim();
      if (inner.length > 0) {
        const attached = (i > 0 && !isSpace(text[i - 1]) && /^(s|es)$/.test(inner)) || inner.startsWith('-');
        pushWords(out, inner, group++, attached);
      }
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && text[j] !== '(' && text[j] !== '[') j++;
    pushWords(out, text.slice(i, j), -1, i > 0 && !isSpace(text[i - 1]) && !isSpace(text[i]));
    i = j;
  }
  return out;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

/** Index of the bracket closing the one at `open`, or -1. Nested brackets stay inside the group. */
function findClose(text: string, open: number): number {
  let depth = 0;
  for (let k = open; k < text.length; k++) {
    const c = text[k];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

function pushWords(out: Phrase, chunk: string, group: number, firstGlued: boolean): void {
  const words = chunk.split(/\s+/).filter((w) => w.length > 0);
  words.forEach((w, k) => {
    const glue = k === 0 && firstGlued;
    // A trailing comma is its own token so that titles can be split on it.
    if (w.length > 1 && w.endsWith(',')) {
      out.push({ text: w.slice(0, -1), group, glue });
      out.push({ text: ',', group, glue: true });
    } else {
      // "Legg(-Calvé)-Perthes": a word starting with a hyphen continues the one before.
      out.push({ text: w, group, glue: glue || w === ',' || (w.length > 1 && w.startsWith('-') && out.length > 0) });
    }
  });
}

/** Drops NEC / NOS and the commas left dangling by that. */
export function stripInstructions(phrase: Phrase): Phrase {
  return phrase.filter((t) => !INSTRUCTION_TOKENS.has(t.text));
}

/** Words that cannot be one side of an "or" pair: "due to or associated with", "two or more", "toxic or with ...". */
const NOT_AN_OR_ITEM = functionWords('not-an-or-item');

/**
 * The phrases an "or" list stands for: "atrial or auricular (established)" ->
 * "atrial (established)", "auricular (established)"; "in pregnancy, childbirth
 * or puerperium" -> "in pregnancy", "in childbirth", "in puerperium"; the words
 * before and after the list are shared. Only one "or", joining single words,
 * with list commas only between its items: "overdose or wrong substance given
 * or taken" and "stenosis or atresia, dextraposition of aorta" say more than a
 * list of alternatives, and are left alone (null).
 */
export function orAlternatives(phrase: Phrase): Phrase[] | null {
  const ors = phrase.flatMap((t, i) => (t.group < 0 && t.text.toLowerCase() === 'or' ? [i] : []));
  if (ors.length !== 1) return null;
  const at = ors[0] as number;
  const fixedAt = (i: number, step: number): number => {
    let k = i + step;
    while (k >= 0 && k < phrase.length && (phrase[k] as Token).group >= 0) k += step;
    return k >= 0 && k < phrase.length ? k : -1;
  };
  const isItem = (k: number): boolean => {
    const t = phrase[k];
    if (t === undefined || t.group >= 0 || t.glue || !/^[A-Za-z][\w'-]*[A-Za-z']$/.test(t.text)) return false;
    const next = phrase[k + 1];
    return !NOT_AN_OR_ITEM.has(t.text.toLowerCase()) && !(next !== undefined && next.glue && next.text !== ',');
  };
  const last = fixedAt(at, 1);
  if (last < 0 || !isItem(last)) return null;
  const after = fixedAt(last, 1);
  if (after >= 0 && (phrase[after] as Token).text === ',') return null;
  const items = [last];
  let k = fixedAt(at, -1);
  if (k >= 0 && (phrase[k] as Token).text === ',') k = fixedAt(k, -1); // "sedative, hypnotic, or anxiolytic"
  if (k < 0 || !isItem(k)) return null;
  items.unshift(k);
  // Walk left over ", item" pairs: "device, implant or graft". Items of one list are of one kind, in
  // number and word class; "procedures, complication or misadventure" and "degenerative, spine or
  // vertebra" are inverted phrases, not lists of three.
  const kind = (i: number): string => {
    const w = (phrase[i] as Token).text;
    return `${/[^siu]s$/.test(w)}${isAdjective(w)}`;
  };
  for (;;) {
    const comma = fixedAt(k, -1);
    if (comma < 0 || (phrase[comma] as Token).text !== ',') break;
    const item = fixedAt(comma, -1);
    if (item < 0 || !isItem(item) || kind(item) !== kind(last)) return null;
    items.unshift(item);
    k = item;
  }
  const first = items[0] as number;
  // A comma before the list's words means the list is a clause of a longer phrase.
  if (phrase.slice(0, first).some((t) => t.group < 0 && t.text === ',')) return null;
  const skip = new Set<number>();
  for (let i = first; i <= last; i++) if ((phrase[i] as Token).group < 0) skip.add(i);
  return items.map((item) => phrase.filter((_, i) => i === item || !skip.has(i)));
}

/** Ids of the optional groups in a phrase, in order of appearance. */
export function groupsOf(phrase: Phrase): number[] {
  const seen: number[] = [];
  for (const t of phrase) if (t.group >= 0 && !seen.includes(t.group)) seen.push(t.group);
  return seen;
}

/** Writes the phrase with the given optional groups present. */
export function render(phrase: Phrase, enabled: ReadonlySet<number> | 'all' | 'none' = 'none'): string {
  let s = '';
  let prevComma = true; // no comma at the start
  for (const t of phrase) {
    if (t.group >= 0 && enabled !== 'all' && (enabled === 'none' || !enabled.has(t.group))) continue;
    if (t.text === ',') {
      if (prevComma) continue;
      s += ',';
      prevComma = true;
      continue;
    }
    s += s.length === 0 || t.glue ? t.text : ' ' + t.text;
    prevComma = false;
  }
  return s.replace(/,$/, '').trim();
}

/**
 * The forms of a phrase: without optional words first, then each group alone,
 * then both groups when there are two apart; at most `cap`, duplicates and
 * empty strings removed. Groups side by side are alternatives ("Tuberculosis of
 * intestine (large) (small)", "hypertension (arterial) (benign) ..."), so they
 * are never all written together.
 */
export function forms(phrase: Phrase, cap = MAX_FORMS): string[] {
  const groups = groupsOf(phrase);
  const picks: Array<ReadonlySet<number> | 'none' | 'all'> = ['none'];
  for (const g of groups) picks.push(new Set([g]));
  if (groups.length === 2 && !adjacent(phrase)) picks.push('all');
  const out: string[] = [];
  for (const p of picks) {
    const s = render(phrase, p);
    if (s.length > 0 && !out.includes(s)) out.push(s);
    if (out.length >= cap) break;
  }
  return out;
}

/** True when no fixed word stands between two optional groups. */
function adjacent(phrase: Phrase): boolean {
  let last = -1;
  let fixedSince = false;
  for (const t of phrase) {
    if (t.group < 0) {
      if (t.text !== ',') fixedSince = true;
    } else if (t.group !== last) {
      if (last >= 0 && !fixedSince) return true;
      last = t.group;
      fixedSince = false;
    }
  }
  return false;
}

/** Forms of a free-text title (description, inclusion term): NEC/NOS removed, optional words expanded. */
export function textForms(text: string, cap = MAX_FORMS): string[] {
  // Most titles have nothing optional; skipping the token list for them saves about a third of a full read.
  if (isPlain(text)) {
    const s = text.replace(/\s+/g, ' ').trim().replace(/,+$/, '');
    return s.length > 0 ? [s] : [];
  }
  return forms(stripInstructions(parsePhrase(text)), cap);
}

/** True when `render(parsePhrase(text))` would only collapse spaces: no brackets, NEC/NOS, " ," or " -". */
export function isPlain(text: string): boolean {
  return !/[()[\]]|\bNEC\b|\bNOS\b|\s[,-]|,,/.test(text);
}

/**
 * How see-references and titles are compared: lowercase, bracketed words and
 * NEC/NOS removed ("Complication(s)" and "in (due to)" name "Complication", "in").
 */
export function lookupKey(text: string): string {
  return text
    .replace(/\([^()]*\)|\[[^\]]*\]/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0 && !INSTRUCTION_TOKENS.has(w))
    .join(' ')
    .replace(/ ,/g, ',')
    .replace(/,+$/, '')
    .toLowerCase();
}
