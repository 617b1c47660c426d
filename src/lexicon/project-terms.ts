/**
 * Terms the project adds on top of the release (build time only):
 *
 * 1. Abbreviations from data/text/abbreviations.json (source 'abbreviation').
 * 2. Phrasings of release terms that clinical text uses and the release does
 *    not spell out, by class. Each variant keeps its term's code and source:
 *    it is the same statement worded the way notes word it.
 *    - Coding-convention words dropped: a leading "Unspecified", a trailing
 *      ", unspecified" / ", not elsewhere classified", and the initial-encounter
 *      suffix of a 7th-character 'A' code ("Unspecified fracture of left femur,
 *      initial encounter for closed fracture" -> "fracture of left femur"). A
 *      note never says "unspecified"; what it leaves unsaid is what the
 *      unspecified code is for, and 'A' is the default encounter.
 *    - Head noun after its site: "Fracture of femur" -> "femur fracture";
 *      and a symptom before its site (data/text/head-first.json): "Right
 *      upper quadrant pain" -> "pain in right upper quadrant";
 *      a qualifier the index puts last goes first: "Syndrome coronary acute"
 *      -> "acute coronary syndrome".
 *    - Site synonyms (data/text/synonyms.json): "kidney failure" -> "renal
 *      failure", "femur fracture" -> "femoral fracture".
 *    - Generic head nouns (synonyms.json `heads`): "endocrine disorder" ->
 *      "endocrine disease", "Psychiatric disorder" -> "psychiatric illness".
 *    - An organ's impairment by its function: "renal Impairment" ->
 *      "deterioration of renal function", "impaired renal function".
 *    - Hyphenated compounds closed: "Light-headedness" -> "Lightheadedness".
 *    - A measured value or a test result without its last word: "Elevated
 *      transaminase level" -> "Elevated transaminase", "Estrogen receptor
 *      positive status" -> "Estrogen receptor positive".
 *    - Neoplasm morphology words for the Table of Neoplasms columns:
 *      "malignant neoplasm liver" -> "liver cancer", "carcinoma of liver"...;
 *      "secondary malignant neoplasm bone" -> "bone metastases",
 *      "metastasis to bone"...; "benign neoplasm X" -> "X adenoma"...
 *
 * Entries whose code is not in the release are skipped, so a new fiscal year
 * never makes the build emit an invalid code. Identical word sequences become
 * one automaton pattern, so a variant that the release already has costs
 * nothing but a ranking row for the same code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IcdError, type Issue } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { TermSource } from '../types.js';
import type { Lexicon, TermRecord } from './types.js';
import { isAdjective } from './english-pos.js';
import headFirstData from '../../data/text/head-first.json' with { type: 'json' };
import siteData from '../../data/text/site-words.json' with { type: 'json' };
import { functionWords } from '../text/function-words.js';
import neoplasmFormData from '../../data/text/neoplasm-forms.json' with { type: 'json' };
import { FileCheck } from '../text/data-file.js';
import { oneOf, PHRASINGS } from './phrasings.js';

interface AbbreviationFile {
  format: number;
  entries: Array<{ abbr: string; code: string; sense: string }>;
}

export interface SynonymFile {
  format: 1;
  description: string;
  groups: Array<{ words: string[] }>;
  /**
   * Groups of generic head nouns one qualified condition is named with ("endocrine disorder" / "endocrine disease").
   * `noteOnly` heads are read into ("thyroid problems" for "Thyroid disorder"), but a title with one keeps its wording.
   */
  heads?: Array<{ why: string; words: string[]; noteOnly?: string[] }>;
}

export function readAbbreviations(): AbbreviationFile {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/abbreviations.json'), 'utf8')) as AbbreviationFile;
}

/** Validates a synonym file; every problem is reported with its path. */
export function parseSynonyms(data: unknown, file = 'synonyms.json'): SynonymFile {
  const issues: Issue[] = [];
  const obj = data as Record<string, unknown> | null;
  if (obj === null || typeof obj !== 'object') throw new IcdError('E_RULES_INVALID', `${file}: not a JSON object`);
  for (const k of Object.keys(obj)) if (!['format', 'description', 'groups', 'heads'].includes(k)) issues.push({ path: k, message: 'unknown key' });
  if (obj.format !== 1) issues.push({ path: 'format', message: 'unsupported format', expected: '1', received: String(obj.format) });
  if (typeof obj.description !== 'string' || obj.description.length === 0) issues.push({ path: 'description', message: 'provenance description required' });
  const groups = Array.isArray(obj.groups) ? obj.groups : [];
  if (!Array.isArray(obj.groups)) issues.push({ path: 'groups', message: 'must be an array' });
  const seen = new Map<string, number>();
  groups.forEach((g: unknown, i: number) => {
    const group = g as Record<string, unknown> | null;
    if (group === null || typeof group !== 'object') return void issues.push({ path: `groups[${i}]`, message: 'must be an object' });
    for (const k of Object.keys(group)) if (k !== 'words') issues.push({ path: `groups[${i}].${k}`, message: 'unknown key' });
    const words = group.words;
    if (!Array.isArray(words) || words.length < 2 || !words.every((w) => typeof w === 'string' && /^[a-z][a-z -]*[a-z]$/.test(w))) {
      return void issues.push({ path: `groups[${i}].words`, message: 'at least two lower-case words or phrases' });
    }
    for (const w of words as string[]) {
      const other = seen.get(w);
      if (other !== undefined) issues.push({ path: `groups[${i}].words`, message: `"${w}" is already in groups[${other}]` });
      seen.set(w, i);
    }
  });
  if (obj.heads !== undefined) {
    if (!Array.isArray(obj.heads)) issues.push({ path: 'heads', message: 'must be an array of groups' });
    else {
      obj.heads.forEach((g: unknown, i: number) => {
        const heads = g as Record<string, unknown> | null;
        if (heads === null || typeof heads !== 'object') return void issues.push({ path: `heads[${i}]`, message: 'must be an object' });
        for (const k of Object.keys(heads)) if (k !== 'why' && k !== 'words' && k !== 'noteOnly') issues.push({ path: `heads[${i}].${k}`, message: 'unknown key' });
        if (typeof heads.why !== 'string' || heads.why.length === 0) issues.push({ path: `heads[${i}].why`, message: 'provenance required' });
        const words = heads.words;
        if (!Array.isArray(words) || words.length < 2 || !words.every((w) => typeof w === 'string' && /^[a-z]+$/.test(w))) {
          issues.push({ path: `heads[${i}].words`, message: 'at least two lower-case single words' });
        }
        const noteOnly = heads.noteOnly;
        if (noteOnly !== undefined && (!Array.isArray(noteOnly) || !noteOnly.every((w) => Array.isArray(words) && words.includes(w)))) {
          issues.push({ path: `heads[${i}].noteOnly`, message: 'words of the group' });
        }
      });
    }
  }
  if (issues.length > 0) {
    throw new IcdError('E_RULES_INVALID', `${file}: ${issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`, { issues });
  }
  return obj as unknown as SynonymFile;
}

export function readSynonyms(): SynonymFile {
  const path = join(PACKAGE_ROOT, 'data/text/synonyms.json');
  return parseSynonyms(JSON.parse(readFileSync(path, 'utf8')), path);
}

export function projectTerms(lexicon: Lexicon, synonyms: SynonymFile = readSynonyms()): TermRecord[] {
  const known = new Set(lexicon.codes.map((c) => c.code));
  const abbreviations = readAbbreviations()
    .entries.filter((e) => known.has(e.code))
    .map((e) => ({ text: e.abbr, code: e.code, source: 'abbreviation' as const }));
  return [...abbreviations, ...variantTerms(lexicon.terms, synonyms)];
}

/** Sources whose wording is clinical prose; short descriptions are truncated, drug and external-cause rows are not diagnoses. */
const VARIANT_SOURCES: ReadonlySet<TermSource> = new Set(['description', 'inclusion', 'index', 'index-see', 'neoplasm']);

/** Most variants kept per release term: the rest are rarer spellings of the same few forms. */
const MAX_VARIANTS_PER_TERM = 24;

/** Phrasing variants of release terms (see the module comment); never the term itself. */
export function variantTerms(terms: readonly TermRecord[], synonyms: SynonymFile): TermRecord[] {
  const swap = synonymTable(synonyms);
  const headGroups = (synonyms.heads ?? []).map((g) => ({ words: new Set(g.words), noteOnly: new Set(g.noteOnly ?? []) }));
  const named = releaseHeadTexts(terms, new Set(headGroups.flatMap((g) => [...g.words])));
  const common = headGroups.length > 0 ? commonWords(terms) : new Set<string>();
  const out: TermRecord[] = [];
  const emitted = new Set<string>();
  for (const t of terms) {
    if (!VARIANT_SOURCES.has(t.source)) continue;
    const own = t.text.toLowerCase();
    const forms = new Set<string>();
    const bases = t.source === 'neoplasm' ? neoplasmForms(t.text) : conventionForms(t.text, t.code);
    bases.push(...causeAgentForms(t.text, t.code));
    const eponym = possessiveEponym(t.text);
    if (eponym !== null) bases.push(eponym);
    const operated = resectedAdjective(t.text);
    if (operated !== null) bases.push(operated);
    for (const b of bases) {
      forms.add(b);
      const r = headAfterSite(b);
      if (r !== null) forms.add(r);
      if (t.source === 'description' || t.source === 'inclusion') {
        const h = headFirst(b);
        if (h !== null) forms.add(h);
      }
    }
    if (t.source === 'index' || t.source === 'index-see') {
      const q = qualifierFirst(t.text);
      if (q !== null) forms.add(q);
    }
    for (const g of headGroups) widen(forms, (f) => headNounForms(f, g.words, common, g.noteOnly).filter((h) => !named.has(h.toLowerCase())));
    widen(forms, organFunctionForms);
    widen(forms, withoutLevel);
    widen(forms, withoutStatus);
    widen(forms, closedCompounds);
    widen(forms, (f) => synonymForms(f, swap));
    let n = 0;
    for (const f of forms) {
      const lower = f.toLowerCase();
      if (lower === own) continue;
      const key = `${t.code}\u0000${lower}`;
      if (emitted.has(key)) continue;
      emitted.add(key);
      out.push({ text: f, code: t.code, source: t.source });
      if (++n >= MAX_VARIANTS_PER_TERM) break;
    }
  }
  return out;
}

/** Adds what `variant` makes of each form already in `forms` (one pass: a new form is not read again). */
function widen(forms: Set<string>, variant: (form: string) => string | readonly string[] | null): void {
  for (const f of [...forms]) {
    const v = variant(f);
    if (typeof v === 'string') forms.add(v);
    else if (v !== null) for (const x of v) forms.add(x);
  }
}

// Coding-convention words (phrasings.json conventionWords): "Unspecified ...", "..., not elsewhere classified", "..., initial encounter for ...".
const CONVENTION = PHRASINGS.conventionWords;
const LEADING_UNSPECIFIED = new RegExp(`^${oneOf(CONVENTION.leading)}\\s+(?=\\S+\\s+\\S)`, 'i');
const TRAILING_CONVENTION = new RegExp(`,\\s*${oneOf(CONVENTION.trailing)}$`, 'i');
const INITIAL_ENCOUNTER = new RegExp(`,\\s*${CONVENTION.initialEncounter}(\\s+for\\s+[^,]+)?$`, 'i');

/** The term and its forms without coding-convention words. */
export function conventionForms(text: string, code: string): string[] {
  const forms = [text];
  let t = text;
  // Only the default encounter ('A') speaks for a note that says nothing about it.
  if (/^[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{3}A$/.test(code)) t = t.replace(INITIAL_ENCOUNTER, '');
  t = t.replace(TRAILING_CONVENTION, '').replace(LEADING_UNSPECIFIED, '');
  if (t !== text && t.trim().length > 0) forms.push(t.trim());
  return forms;
}

// B95-B97: "<organism> as the cause of diseases classified elsewhere" (phrasings.json causeAgent).
const CAUSE_AGENT_CODE = new RegExp(`^${oneOf(PHRASINGS.causeAgent.categories)}`);
const AS_THE_CAUSE = new RegExp(`,?\\s+${PHRASINGS.causeAgent.suffix}$`, 'i');

// "Escherichia coli E. coli": the Tabular's bracketed short name ("[E. coli]") after the organism's.
const WITH_SHORT_NAME = /^([A-Z])[a-z]+ ([a-z]+) (\1\. \2)$/;

// An eponym in the possessive before the head it names: "Crohn's disease", "Graves' disease", "Guillain-Barre's syndrome" (phrasings.json possessiveEponym).
const POSSESSIVE_EPONYM = new RegExp(`^((?:[A-Z][a-z]+-)*[A-Z][a-z]+(?:'s|s'))\\s+${oneOf(PHRASINGS.possessiveEponym.heads)}$`);

/**
 * "Crohn's disease" -> "Crohn's": notes name an eponymous disease by the
 * possessive alone ("history of Crohn's", "early Parkinson's"). The scan-time
 * reader counts such a one-word term only where the note writes the
 * possessive (candidates.ts), since the name alone may be a word ("Still",
 * "Down") or a person. Null for other terms.
 */
export function possessiveEponym(text: string): string | null {
  const m = POSSESSIVE_EPONYM.exec(text);
  return m === null ? null : (m[1] as string);
}

// The Index's status after an organ's removal: "Status, hysterectomy", "Status, splenectomy" (phrasings.json resectionStatus).
const RESECTION = PHRASINGS.resectionStatus;
const RESECTION_STATUS = new RegExp(`^${RESECTION.lead} ([a-z]+)${RESECTION.noun}$`);

/**
 * "Status hysterectomy" -> "hysterectomized": the participle notes use for the
 * patient in that state ("hysterectomized women", "splenectomized patient").
 * The procedure's own noun ("hysterectomy") names the operation as often as
 * the state, so it is not read alone. Null for other terms.
 */
export function resectedAdjective(text: string): string | null {
  const m = RESECTION_STATUS.exec(text);
  return m === null ? null : `${m[1] as string}${RESECTION.participle}`;
}

/**
 * "Staphylococcus aureus infection NOS as the cause of diseases classified
 * elsewhere" (B95.61) -> "Staphylococcus aureus": the codes of blocks B95-B97
 * say which organism caused an infection coded elsewhere, and a note names it
 * by the organism alone ("cultures grew Staphylococcus aureus"), or by the
 * short name the Tabular gives in brackets ("E. coli", "H. pylori"). The
 * remaining "Other ..." titles name no organism: none for them and for other codes.
 */
export function causeAgentForms(text: string, code: string): string[] {
  const agent = causeAgent(text, code);
  if (agent === null) return [];
  const m = WITH_SHORT_NAME.exec(agent);
  return m === null ? [agent] : [agent.slice(0, agent.length - (m[3] as string).length - 1), m[3] as string];
}

function causeAgent(text: string, code: string): string | null {
  if (!CAUSE_AGENT_CODE.test(code) || !AS_THE_CAUSE.test(text)) return null;
  const agent = text
    .replace(AS_THE_CAUSE, '')
    .replace(/\s+NOS$/, '')
    .replace(/\s+infection$/i, '')
    .replace(/^unspecified\s+/i, '')
    .trim();
  return /^other\b/i.test(agent) || agent.length === 0 ? null : agent;
}

// "<head> of <site>": the head is one or two words, the site one to three, no clause words.
const HEAD_OF_SITE = /^([a-z-]+(?: [a-z-]+)?) of (?:the )?([a-z-]+(?: [a-z-]+){0,2})$/i;
const NOT_A_SITE = functionWords('not-a-site');
// Heads that make the title a circumstance, not a condition at a site (phrasings.json headAfterSite).
const NOT_A_HEAD: ReadonlySet<string> = new Set(PHRASINGS.headAfterSite.notHeads);

/** "Fracture of femur" -> "femur Fracture"; null when the term is not of that shape. */
export function headAfterSite(text: string): string | null {
  const m = HEAD_OF_SITE.exec(text);
  if (m === null) return null;
  const head = m[1] as string;
  const site = m[2] as string;
  if (head.split(' ').some((w) => NOT_A_HEAD.has(w.toLowerCase()) || NOT_A_SITE.has(w.toLowerCase()))) return null;
  if (site.split(' ').some((w) => NOT_A_SITE.has(w.toLowerCase()))) return null;
  return `${site} ${head}`;
}

const HEAD_FIRST = new Set(headFirstData.heads);
const HEAD_FIRST_SITES = new Set([...headFirstData.sites, ...siteData.words]);

/**
 * "Right upper quadrant pain" -> "pain in Right upper quadrant": notes put the
 * symptom first and its site after "in the" ("the" is a stopword; "in" is
 * written out because the interposed reading, which would skip it, also
 * skips the side and position words the site starts with). Only when every
 * word before the head is a site (data/text/head-first.json), so "Chronic
 * pain" and "Other chest pain" keep their order; null otherwise.
 */
export function headFirst(text: string): string | null {
  const words = text.split(' ');
  if (words.length < 2 || words.length > 5) return null;
  const head = words[words.length - 1] as string;
  if (!HEAD_FIRST.has(head.toLowerCase())) return null;
  const sites = words.slice(0, -1);
  if (!sites.every((w) => HEAD_FIRST_SITES.has(w.toLowerCase()))) return null;
  return `${head} in ${sites.join(' ')}`;
}

/**
 * "endocrine Disorder" -> "endocrine disease", "endocrine illness", "endocrine
 * condition": a condition named by qualifiers and a generic head noun is
 * named with any other head of the group (synonyms.json `heads`). Only short
 * terms whose words before the head are all qualifiers (no clause words), so
 * "Disorder of kidney and ureter" and "Disease due to ..." keep their wording;
 * and only qualifiers the release also writes in lower case (`common`), so an
 * eponym keeps its head ("Hers disease" is not "her condition"). A title
 * whose head is `noteOnly` keeps it: the release's "problems" are
 * circumstances ("Occupational problem", Z56), not the organ's disease.
 */
export function headNounForms(text: string, heads: ReadonlySet<string>, common: ReadonlySet<string>, noteOnly: ReadonlySet<string> = new Set()): string[] {
  if (heads.size === 0) return [];
  const words = text.split(' ');
  if (words.length < 2 || words.length > 4) return [];
  const last = (words[words.length - 1] as string).toLowerCase();
  if (!heads.has(last) || noteOnly.has(last)) return [];
  const qualifiers = words.slice(0, -1);
  for (const w of qualifiers) {
    const lower = w.toLowerCase();
    if (!/^[a-z][a-z-]*$/.test(lower) || !common.has(lower) || heads.has(lower) || NOT_A_SITE.has(lower) || lower === 'specified') return [];
  }
  const out: string[] = [];
  for (const h of heads) if (h !== last) out.push(`${qualifiers.join(' ')} ${h}`);
  return out;
}

/** Words that some release term writes in lower case after its first word: common words, not names. */
function commonWords(terms: readonly TermRecord[]): Set<string> {
  const out = new Set<string>();
  for (const t of terms) {
    const words = t.text.split(' ');
    for (let i = 1; i < words.length; i++) {
      const w = words[i] as string;
      if (/^[a-z][a-z-]*$/.test(w)) out.add(w);
    }
  }
  return out;
}

// "Elevated transaminase level", "Abnormal blood-gas level": a measured value said to be off, then "level" (phrasings.json valueLevel).
const VALUE_LEVEL = new RegExp(`^(${oneOf(PHRASINGS.valueLevel.offWords)}\\s+[a-z][a-z -]*?)\\s+${oneOf(PHRASINGS.valueLevel.lastWords)}$`, 'i');
const LEVEL_IS_A_GRADE = new RegExp(`\\b${oneOf(PHRASINGS.valueLevel.keepWith)}\\b`, 'i');

/**
 * "Elevated transaminase level" -> "Elevated transaminase": notes name the
 * value without the word ("elevated transaminases", "elevated blood glucose").
 * Only a term that starts by saying the value is off, so a spinal "C4-C5
 * level" or an "unspecified level" keeps its word; null otherwise.
 */
export function withoutLevel(text: string): string | null {
  const m = VALUE_LEVEL.exec(text);
  return m === null || LEVEL_IS_A_GRADE.test(m[1] as string) ? null : (m[1] as string);
}

// "Estrogen receptor positive status": a test result, then "status" (phrasings.json resultStatus).
const RESULT_STATUS = new RegExp(`^(.+\\s${oneOf(PHRASINGS.resultStatus.results)})\\s+${PHRASINGS.resultStatus.lastWord}$`, 'i');

/**
 * "Estrogen receptor positive status" -> "Estrogen receptor positive": notes
 * and pathology reports give the result without the word ("estrogen receptor
 * positive breast cancer"). Only a title that ends in a positive or negative
 * result; a procedure's status ("Tubal ligation status") keeps its word, for
 * the procedure alone is not its status.
 */
export function withoutStatus(text: string): string | null {
  return RESULT_STATUS.exec(text)?.[1] ?? null;
}

// Two letter runs joined by a hyphen: "Light-headedness", "breast-feeding" (phrasings.json closedCompound).
const HYPHENATED = new RegExp(PHRASINGS.closedCompound.pattern, 'g');

/**
 * "Light-headedness" -> "Lightheadedness": notes close many hyphenated
 * compounds, and the tokenizer reads a hyphen as a word break, so the closed
 * word would never meet the release's two. Null when the term has none.
 */
export function closedCompounds(text: string): string | null {
  const closed = text.replace(HYPHENATED, '$1$2');
  return closed === text ? null : closed;
}

// "<organ> Impairment", "<organ> Dysfunction": the Index's wording for a failing organ without a named disease (phrasings.json organFunction).
const ORGAN_IMPAIRMENT = new RegExp(`^([a-z]+) ${oneOf(PHRASINGS.organFunction.heads)}$`, 'i');
// "Abnormal, function studies, kidney" (R94.4): the abnormal result of an organ's tests, which notes call its function (abnormalFunctionStudies).
const ABNORMAL_FUNCTION = new RegExp(`^${PHRASINGS.abnormalFunctionStudies.lead} ([a-z]+)$`, 'i');

/**
 * "renal Impairment" -> "impairment of renal function", "deterioration of
 * renal function", "renal function impairment"...: notes name a failing organ
 * by its function, the way laboratory reports do ("worsening of renal
 * function, creatinine 2.3"). The Index says "Impairment, kidney" and
 * "Dysfunction, liver"; the function wording says the same. Likewise the
 * Index's "Abnormal, function studies, kidney" (R94.4) is "abnormal renal
 * function" in a note: the tests' result, named by what they test.
 */
export function organFunctionForms(text: string): string[] {
  const a = ABNORMAL_FUNCTION.exec(text);
  if (a !== null) return organForms(PHRASINGS.abnormalFunctionStudies.forms, a[1] as string);
  const m = ORGAN_IMPAIRMENT.exec(text);
  return m === null ? [] : organForms(PHRASINGS.organFunction.forms, m[1] as string);
}

function organForms(forms: readonly string[], organ: string): string[] {
  const lower = organ.toLowerCase();
  return forms.map((f) => f.replaceAll('{organ}', () => lower));
}

/** Release term texts (lower case) that end in a head noun: a head variant never takes a wording the release gives a code of its own. */
function releaseHeadTexts(terms: readonly TermRecord[], heads: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (heads.size === 0) return out;
  for (const t of terms) {
    const lower = t.text.toLowerCase();
    const last = lower.slice(lower.lastIndexOf(' ') + 1);
    if (heads.has(last)) out.add(lower);
  }
  return out;
}

/**
 * Qualifiers English puts first that the Alphabetic Index puts last ("Syndrome,
 * coronary, acute"), phrasings.json qualifierFirst. Other words move only when
 * they read as adjectives, so a noun subterm stays where the Index puts it.
 */
const LEADING_QUALIFIERS: ReadonlySet<string> = new Set(PHRASINGS.qualifierFirst.qualifiers);

/** "Syndrome coronary acute" (an index path of three one-word elements) -> "acute coronary Syndrome"; null otherwise. */
export function qualifierFirst(text: string): string | null {
  const w = text.split(' ');
  if (w.length !== 3) return null;
  const [main, sub, qualifier] = w as [string, string, string];
  if (!/^[A-Z][a-z-]+$/.test(main) || !/^[a-z-]+$/.test(sub) || !(LEADING_QUALIFIERS.has(qualifier) || (/^[a-z]/.test(qualifier) && isAdjective(qualifier)))) return null;
  return `${qualifier} ${sub} ${main}`;
}

type SynonymTable = Map<string, string[]>;

/** The other ways the synonym file writes a text, one site word swapped at a time (for the Table of Neoplasms' sites). */
export function siteSynonyms(file: SynonymFile): (text: string) => string[] {
  const table = synonymTable(file);
  return (text) => synonymForms(text, table);
}

function synonymTable(file: SynonymFile): SynonymTable {
  const table: SynonymTable = new Map();
  for (const g of file.groups) for (const w of g.words) table.set(w, g.words.filter((o) => o !== w));
  return table;
}

/**
 * Forms of `text` with one site word or phrase replaced by each of its synonyms,
 * one replacement at a time. Phrases are matched whole-word, longest first.
 */
export function synonymForms(text: string, table: SynonymTable): string[] {
  const words = text.split(/(\s+)/); // words at even indexes, separators at odd ones
  const lower = words.map((w) => w.toLowerCase().replace(/[,;:]$/, ''));
  const out: string[] = [];
  for (let i = 0; i < words.length; i += 2) {
    // Longest phrase starting here (phrases are at most three words).
    for (let len = 3; len >= 1; len--) {
      const end = i + 2 * (len - 1);
      if (end >= words.length) continue;
      const phrase = lower.slice(i, end + 1).join('').replace(/\s+/g, ' ');
      const others = table.get(phrase);
      if (others === undefined) continue;
      const trailing = /[,;:]$/.exec(words[end] as string)?.[0] ?? '';
      for (const o of others) out.push([...words.slice(0, i), o + trailing, ...words.slice(end + 1)].join(''));
      break;
    }
  }
  return out;
}

/** A column's phrase and what notes call its rows (data/text/neoplasm-forms.json). */
export interface NeoplasmFormFile {
  format: 1;
  description: string;
  columns: Array<{ phrase: string; templates: string[] }>;
}

/** Validates the file, reporting every problem with its path (IcdError E_RULES_INVALID). */
export function parseNeoplasmForms(value: unknown, file = 'neoplasm-forms.json'): NeoplasmFormFile {
  const check = new FileCheck(file);
  const obj = check.top(value, ['columns']);
  if (obj !== null) {
    if (!Array.isArray(obj.columns) || obj.columns.length === 0) check.issues.push({ path: 'columns', message: 'a non-empty array' });
    (Array.isArray(obj.columns) ? obj.columns : []).forEach((c: unknown, i: number) => {
      const path = `columns[${i}]`;
      const column = check.object(c, path);
      if (column === null) return;
      check.keys(column, ['phrase', 'templates'], path);
      if (typeof column.phrase !== 'string' || !/^[a-z]+(?: [a-z]+)*$/.test(column.phrase)) check.issues.push({ path: `${path}.phrase`, message: 'lower-case words' });
      check.strings(column.templates, `${path}.templates`).forEach((t, k) => {
        if (!t.includes('{site}')) check.issues.push({ path: `${path}.templates[${k}]`, message: 'must say where the site goes ({site})', received: t });
      });
    });
  }
  check.done();
  return value as NeoplasmFormFile;
}

const NEOPLASM_COLUMNS = parseNeoplasmForms(neoplasmFormData, 'data/text/neoplasm-forms.json').columns.map((c) => ({
  pattern: new RegExp(`^${c.phrase} (.+)$`, 'i'),
  templates: c.templates,
}));

/** A Table of Neoplasms row term and the morphology words notes use for its column. */
export function neoplasmForms(text: string): string[] {
  for (const { pattern, templates } of NEOPLASM_COLUMNS) {
    const m = pattern.exec(text);
    if (m === null) continue;
    const site = m[1] as string;
    return [text, ...templates.map((t) => t.replaceAll('{site}', () => site))];
  }
  return [text];
}
