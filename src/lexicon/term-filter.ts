/**
 * Which release terms are compiled only inside longer terms (build time). The
 * classes and their reasons are data, in data/text/generic-terms.json; this
 * module validates that file and applies it to a term's normalised words. One
 * class goes the other way: words naming an unnamed illness are compiled alone,
 * as the Index's code for it (unnamedIllnessTerms).
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { Issues, isRecord, readRuleJson } from '../sections/rulefile.js';
import { termWords } from '../text/tokens.js';
import { TERM_SOURCES, type TermSource } from '../types.js';
import type { TermRecord } from './types.js';

/** 'generic', 'everyday', 'code-block', or the id of a titlesNeedingWords entry. */
export type FilterReason = string;

export interface TermFilterSpec {
  /** Words naming "something is wrong" without saying what. */
  genericWords: readonly string[];
  /** Words whose Index sense is not the sense notes use. */
  everydayWords: readonly string[];
  /** Words that do not count when deciding whether a term is one word ("contact with", "allergy to"). */
  functionWords: readonly string[];
  /** Words and phrases naming a disease without saying which ("the disease progressed", "comorbidities"), compiled alone with the Index's code for an unnamed illness. */
  unnamedIllness: { code: string; words: readonly string[] };
  /** Inclusive ranges of 3-character categories ("V00"-"Y99") whose one-word terms are left out. */
  oneWordCodeBlocks: ReadonlyArray<{ from: string; to: string }>;
  /** Category ranges whose terms (from the listed sources; all when empty) must contain one of the words. */
  titlesNeedingWords: ReadonlyArray<{ id: string; from: string; to: string; sources: readonly TermSource[]; words: readonly string[] }>;
}

interface NeedWords {
  id: string;
  from: string;
  to: string;
  sources: ReadonlySet<TermSource> | null;
  words: ReadonlySet<string>;
}

export class TermFilter {
  private readonly alone = new Map<string, FilterReason>();
  private readonly functionWords: ReadonlySet<string>;
  private readonly blocks: ReadonlyArray<{ from: string; to: string }>;
  private readonly needWords: readonly NeedWords[];
  private readonly unnamedIllness: TermFilterSpec['unnamedIllness'];

  constructor(spec: TermFilterSpec) {
    this.unnamedIllness = spec.unnamedIllness;
    // Entries are compared after the shared normaliser, as the terms are.
    for (const w of spec.everydayWords) for (const n of termWords(w)) this.alone.set(n, 'everyday');
    for (const w of spec.genericWords) for (const n of termWords(w)) this.alone.set(n, 'generic');
    this.functionWords = new Set(spec.functionWords.flatMap((w) => termWords(w)));
    this.blocks = spec.oneWordCodeBlocks;
    this.needWords = spec.titlesNeedingWords.map((n) => ({
      id: n.id,
      from: n.from,
      to: n.to,
      sources: n.sources.length > 0 ? new Set(n.sources) : null,
      words: new Set(n.words.flatMap((w) => termWords(w))),
    }));
  }

  /** Why a term with these normalised words is left out, or null to compile it. */
  reason(words: readonly string[], term: Pick<TermRecord, 'code' | 'source' | 'text'>): FilterReason | null {
    const category = term.code.slice(0, 3);
    const content = words.length === 1 ? words : words.filter((w) => !this.functionWords.has(w));
    if (content.length === 1) {
      const r = this.alone.get(content[0] as string);
      if (r !== undefined) return r;
    }
    // A hyphenated compound ("Follow-up") is one written word, though it normalises to two.
    if ((content.length === 1 || !/\s/.test(term.text.trim())) && this.blocks.some((b) => category >= b.from && category <= b.to)) {
      return 'code-block';
    }
    for (const n of this.needWords) {
      if (category < n.from || category > n.to || (n.sources !== null && !n.sources.has(term.source))) continue;
      if (!words.some((w) => n.words.has(w))) return n.id;
    }
    return null;
  }

  /**
   * Whether an index main term that only names another entry may stand for it
   * with that entry's subterms: not when one of its words is generic or
   * everyday here, for the alias would then read the word in its other sense
   * ("Affection" see "Disease" would make "affecting the kidney" a kidney
   * disease; "Consumption" see "Tuberculosis", "alcohol consumption").
   */
  aliasAllowed(title: string): boolean {
    return !termWords(title).some((w) => this.alone.has(w));
  }

  /**
   * The unnamed-illness words as terms of their code ('index-see': the Index
   * sends "Illness" to "Disease" and back), when the release has the code.
   */
  unnamedIllnessTerms(codes: ReadonlySet<string>): TermRecord[] {
    const { code, words } = this.unnamedIllness;
    return codes.has(code) ? words.map((text) => ({ text, code, source: 'index-see' as const })) : [];
  }

  /** The project's filter, from data/text/generic-terms.json. */
  static load(path = join(PACKAGE_ROOT, 'data/text/generic-terms.json')): TermFilter {
    return new TermFilter(parseTermFilter(readRuleJson(path), path));
  }
}

const CATEGORY = /^[A-Z][0-9][0-9A-Z]$/;

/** Validates the file's shape, reporting every problem with its path. */
export function parseTermFilter(data: unknown, what = 'generic-terms.json'): TermFilterSpec {
  const issues: Issues = new Issues(); // annotated, so that `issues.fail` narrows
  if (!isRecord(data)) issues.fail(`${what}: expected an object`);
  issues.keys(data, ['format', 'description', 'words', 'unnamedIllness', 'everydayWords', 'functionWords', 'oneWordCodeBlocks', 'titlesNeedingWords'], '');
  if (data.format !== 2) issues.bad('format', 'unsupported format', '2', data.format);
  issues.string(data, 'description', '');

  const section = (key: string): unknown[] => {
    const v = data[key];
    if (!isRecord(v)) {
      issues.bad(key, 'must be an object with "why" and "list"', 'object', v);
      return [];
    }
    issues.keys(v, ['why', 'list'], key);
    issues.string(v, 'why', key);
    if (!Array.isArray(v.list)) {
      issues.bad(`${key}.list`, 'must be an array', 'array', v.list);
      return [];
    }
    return v.list as unknown[];
  };
  const word = (v: unknown, path: string): string | undefined => {
    if (typeof v === 'string' && termWords(v).length === 1) return v;
    issues.bad(path, 'must be a string that normalises to one word', 'word', v);
    return undefined;
  };
  const category = (obj: Record<string, unknown>, key: string, path: string): string => {
    const v = issues.string(obj, key, path) ?? '';
    if (v !== '' && !CATEGORY.test(v)) issues.bad(`${path}.${key}`, 'must be a 3-character category', 'e.g. "T36"', v);
    return v;
  };

  const genericWords = section('words').flatMap((v, i) => word(v, `words.list[${i}]`) ?? []);
  const unnamed = data.unnamedIllness;
  let unnamedIllness: TermFilterSpec['unnamedIllness'] = { code: '', words: [] };
  if (!isRecord(unnamed)) issues.bad('unnamedIllness', 'must be an object with "why", "code" and "list"', 'object', unnamed);
  else {
    issues.keys(unnamed, ['why', 'code', 'list'], 'unnamedIllness');
    issues.string(unnamed, 'why', 'unnamedIllness');
    const code = issues.string(unnamed, 'code', 'unnamedIllness') ?? '';
    if (code !== '' && !/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/.test(code)) issues.bad('unnamedIllness.code', 'must be an ICD-10-CM code', 'e.g. "R69"', code);
    const list = Array.isArray(unnamed.list) ? unnamed.list : (issues.bad('unnamedIllness.list', 'must be an array', 'array', unnamed.list), []);
    const words = list.flatMap((v, i) => {
      if (typeof v === 'string' && termWords(v).length > 0) return [v];
      issues.bad(`unnamedIllness.list[${i}]`, 'must be a word or phrase', 'string', v);
      return [];
    });
    const generic = new Set(genericWords.flatMap((g) => termWords(g)));
    words.forEach((w, i) => {
      const n = termWords(w);
      if (n.length === 1 && generic.has(n[0] as string)) issues.bad(`unnamedIllness.list[${i}]`, 'is also a generic word', 'a word in one class', w);
    });
    unnamedIllness = { code, words };
  }
  const everydayWords = section('everydayWords').flatMap((v, i) => {
    const path = `everydayWords.list[${i}]`;
    if (!isRecord(v)) return issues.bad(path, 'must be an object', 'object', v), [];
    issues.keys(v, ['word', 'indexSense', 'noteSense'], path);
    issues.string(v, 'indexSense', path);
    issues.string(v, 'noteSense', path);
    return word(v.word, `${path}.word`) ?? [];
  });
  const functionWords = section('functionWords').flatMap((v, i) => word(v, `functionWords.list[${i}]`) ?? []);
  const oneWordCodeBlocks = section('oneWordCodeBlocks').flatMap((v, i) => {
    const path = `oneWordCodeBlocks.list[${i}]`;
    if (!isRecord(v)) return issues.bad(path, 'must be an object', 'object', v), [];
    issues.keys(v, ['from', 'to', 'block'], path);
    issues.string(v, 'block', path);
    const from = category(v, 'from', path);
    const to = category(v, 'to', path);
    if (from > to) issues.bad(`${path}.to`, 'must not come before "from"', `>= ${from}`, to);
    return [{ from, to }];
  });

  const ids = new Set<string>(['generic', 'everyday', 'code-block']);
  const titlesNeedingWords = section('titlesNeedingWords').flatMap((v, i) => {
    const path = `titlesNeedingWords.list[${i}]`;
    if (!isRecord(v)) return issues.bad(path, 'must be an object', 'object', v), [];
    issues.keys(v, ['id', 'why', 'from', 'to', 'sources', 'words'], path);
    issues.string(v, 'why', path);
    const id = issues.string(v, 'id', path) ?? '';
    if (ids.has(id)) issues.bad(`${path}.id`, 'must be unique and not a built-in reason', 'a new id', id);
    ids.add(id);
    const sources = v.sources === undefined ? [] : Array.isArray(v.sources) ? v.sources : (issues.bad(`${path}.sources`, 'must be an array', 'array', v.sources), []);
    sources.forEach((src, j) => {
      if (!TERM_SOURCES.includes(src as TermSource)) issues.bad(`${path}.sources[${j}]`, 'unknown term source', TERM_SOURCES.join(', '), src);
    });
    const words = Array.isArray(v.words) ? v.words : [];
    if (words.length === 0) issues.add(`${path}.words`, 'must list at least one word', 'array of words');
    return [
      {
        id,
        from: category(v, 'from', path),
        to: category(v, 'to', path),
        sources: sources as TermSource[],
        words: words.flatMap((w, j) => word(w, `${path}.words[${j}]`) ?? []),
      },
    ];
  });
  if (issues.list.length > 0) issues.fail(what);
  return { genericWords, unnamedIllness, everydayWords, functionWords, oneWordCodeBlocks, titlesNeedingWords };
}
