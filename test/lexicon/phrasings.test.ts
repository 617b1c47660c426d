import { describe, expect, it } from 'vitest';
import { parsePhrasings } from '../../src/lexicon/phrasings.js';
import { icdErrorOf } from '../helpers/errors.js';
import { expectEveryRuleSourced, ruleFile } from '../helpers/rule-file.js';

const file = (): Record<string, Record<string, unknown>> => ruleFile('data/text/phrasings.json');

describe('phrasing rules (data/text/phrasings.json)', () => {
  it('the shipped file is valid, and every rule says where it comes from', () => {
    expectEveryRuleSourced(parsePhrasings(file()));
  });

  it('reports every problem with its path', () => {
    const f = file();
    const bad = { ...f, extra: 1, valueLevel: { ...f.valueLevel, source: '', offWords: ['elevated', 'Raised'], weight: 2 } };
    expect(icdErrorOf(() => parsePhrasings(bad)).issues.map((i) => i.path).sort()).toEqual(['extra', 'valueLevel.offWords[1]', 'valueLevel.source', 'valueLevel.weight']);
  });

  it('a pattern must compile and capture the two parts it joins', () => {
    const f = file();
    const paths = (pattern: string): string[] => icdErrorOf(() => parsePhrasings({ ...f, closedCompound: { ...f.closedCompound, pattern } })).issues.map((i) => i.path);
    expect(paths('([a-z]+-')).toEqual(['closedCompound.pattern']);
    expect(paths('([a-z]+)-[a-z]+')).toEqual(['closedCompound.pattern']);
  });

  it('categories must be ICD-10-CM categories', () => {
    const f = file();
    const bad = { ...f, causeAgent: { ...f.causeAgent, categories: ['B95', 'b96', 'B9'] } };
    expect(icdErrorOf(() => parsePhrasings(bad)).issues.map((i) => i.path)).toEqual(['causeAgent.categories[1]', 'causeAgent.categories[2]']);
  });

  it('a missing rule is an issue, not a crash', () => {
    const { valueLevel: _, ...rest } = file();
    expect(icdErrorOf(() => parsePhrasings(rest)).issues.map((i) => i.path)).toContain('valueLevel');
  });
});
