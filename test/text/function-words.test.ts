import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { FUNCTION_WORD_ROLES, functionWords, parseFunctionWords, wordsByRole } from '../../src/text/function-words.js';
import { parseWordClasses } from '../../src/text/word-class.js';
import { icdErrorOf } from '../helpers/errors.js';

const read = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text', name), 'utf8')) as Record<string, unknown>;
const paths = (f: () => unknown): string[] => icdErrorOf(f).issues.map((i) => i.path);

describe('the function-word list', () => {
  it('gives every role some words, each role from the one list', () => {
    const file = parseFunctionWords(read('function-words.json'));
    const byRole = wordsByRole(file);
    for (const role of FUNCTION_WORD_ROLES) expect(byRole[role].size).toBeGreaterThan(0);
    expect(functionWords('glue').has('with')).toBe(true);
    expect(functionWords('nested-lead').has('due to')).toBe(true);
    expect(functionWords('glue').has('of')).toBe(false);
  });

  it('rejects unknown keys, unknown roles and duplicates, each with its path, all at once', () => {
    const file = read('function-words.json');
    const words = file.words as Array<Record<string, unknown>>;
    const bad = {
      ...file,
      extra: 1,
      roles: { ...(file.roles as object), nonsense: 'x' },
      words: [{ ...words[0], weight: 2 }, { word: 'with', roles: ['glue'] }, { word: 'and', roles: ['nonsense'] }, ...words.slice(2)],
    };
    expect(paths(() => parseFunctionWords(bad))).toEqual(['extra', 'roles.nonsense', 'words[0].weight', 'words[1].word', 'words[2].roles[0]']);
    expect(icdErrorOf(() => parseFunctionWords(bad)).code).toBe('E_RULES_INVALID');
  });

  it('requires a format and a provenance description', () => {
    const { description: _, ...rest } = read('function-words.json');
    expect(paths(() => parseFunctionWords({ ...rest, format: 2 }))).toEqual(['format', 'description']);
  });
});

describe('the word-class file', () => {
  it('is valid as shipped, and an unknown key or a malformed suffix is named by its path', () => {
    const file = read('word-classes.json');
    expect(parseWordClasses(file).qualifiers).toContain('chronic');
    const bad = { ...file, adjectiveSuffixes: ['ed', 'IC'], adverbs: [] };
    expect(paths(() => parseWordClasses(bad))).toEqual(['adverbs', 'adjectiveSuffixes[1]']);
  });
});
