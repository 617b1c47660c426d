/**
 * The one list of function words (data/text/function-words.json): the short
 * words titles and Index entries are built with, each with the roles it plays
 * in the build (lexicon/) and in the review (review/). Validated when this
 * module loads, so a bad file fails the engine's load, not a detect.
 */
import data from '../../data/text/function-words.json' with { type: 'json' };
import { FileCheck } from './data-file.js';

export const FUNCTION_WORD_ROLES = ['glue', 'free', 'droppable', 'qualifying', 'not-a-site', 'connector', 'open-end', 'not-an-or-item', 'nested-lead', 'list-link'] as const;
export type FunctionWordRole = (typeof FUNCTION_WORD_ROLES)[number];

export interface FunctionWordFile {
  format: 1;
  description: string;
  roles: Record<FunctionWordRole, string>;
  words: Array<{ word: string; roles: FunctionWordRole[] }>;
}

const isRole = (r: unknown): r is FunctionWordRole => (FUNCTION_WORD_ROLES as readonly unknown[]).includes(r);

/** Validates the file, reporting every problem with its path (IcdError E_RULES_INVALID). */
export function parseFunctionWords(value: unknown, file = 'function-words.json'): FunctionWordFile {
  const check = new FileCheck(file);
  const obj = check.top(value, ['roles', 'words']);
  if (obj !== null) {
    const roles = check.object(obj.roles, 'roles');
    if (roles !== null) {
      check.keys(roles, FUNCTION_WORD_ROLES, 'roles');
      for (const r of FUNCTION_WORD_ROLES) if (typeof roles[r] !== 'string' || roles[r] === '') check.issues.push({ path: `roles.${r}`, message: 'each role says what it is for and which code reads it' });
    }
    if (!Array.isArray(obj.words)) check.issues.push({ path: 'words', message: 'must be an array' });
    const seen = new Set<string>();
    (Array.isArray(obj.words) ? obj.words : []).forEach((w: unknown, i: number) => {
      const path = `words[${i}]`;
      const entry = check.object(w, path);
      if (entry === null) return;
      check.keys(entry, ['word', 'roles'], path);
      if (typeof entry.word !== 'string' || !/^[a-z]+(?: [a-z]+)?$/.test(entry.word)) check.issues.push({ path: `${path}.word`, message: 'one or two lower-case words', received: String(entry.word) });
      else if (seen.has(entry.word)) check.issues.push({ path: `${path}.word`, message: `duplicate ${entry.word}` });
      else seen.add(entry.word);
      check.strings(entry.roles, `${path}.roles`).forEach((r, j) => {
        if (!isRole(r)) check.issues.push({ path: `${path}.roles[${j}]`, message: 'unknown role', expected: FUNCTION_WORD_ROLES.join(' | '), received: r });
      });
    });
  }
  check.done();
  return value as FunctionWordFile;
}

/** The words of each role in `file`. */
export function wordsByRole(file: FunctionWordFile): Record<FunctionWordRole, ReadonlySet<string>> {
  const sets = Object.fromEntries(FUNCTION_WORD_ROLES.map((r) => [r, new Set<string>()])) as Record<FunctionWordRole, Set<string>>;
  for (const { word, roles } of file.words) for (const r of roles) sets[r].add(word);
  return sets;
}

const BY_ROLE = wordsByRole(parseFunctionWords(data, 'data/text/function-words.json'));

/** The function words that play `role`. */
export function functionWords(role: FunctionWordRole): ReadonlySet<string> {
  return BY_ROLE[role];
}
