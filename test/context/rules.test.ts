/** Rule file validation: every problem reported at once, each with its path. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadContextRules,
  parseContextRules,
  safeParseContextRules,
} from '../../src/context/index.js';
import { icdErrorOf } from '../helpers/errors.js';

const GOOD = {
  format: 1,
  sources: { negex: 'NegEx trigger list', project: 'this project' },
  rules: [
    { id: 'neg.no', phrase: 'no', category: 'NEGATED', direction: 'forward', source: 'negex' },
    { id: 'term.but', phrase: 'but', category: 'TERMINATE', direction: 'terminate', terminates: ['NEGATED'], source: 'negex' },
    { id: 'pseudo.no_change', phrase: 'no change', category: 'PSEUDO', direction: 'pseudo', source: 'negex' },
    { id: 'hist.ago', phrase: 'years ago', category: 'HISTORICAL', direction: 'backward', window: 5, source: 'project', note: 'why' },
  ],
};

function issuesOf(json: unknown): Array<{ path: string; message: string }> {
  const r = safeParseContextRules(json);
  if (r.ok) return [];
  return r.issues.map(({ path, message }) => ({ path, message }));
}

function pathsOf(json: unknown): string[] {
  return issuesOf(json).map((i) => i.path);
}

describe('parseContextRules', () => {
  it('accepts a valid file and keeps every field', () => {
    const file = parseContextRules(GOOD);
    expect(file.rules).toHaveLength(4);
    expect(file.rules[1]?.terminates).toEqual(['NEGATED']);
    expect(file.rules[3]?.window).toBe(5);
    expect(file.rules[3]?.note).toBe('why');
  });

  it('reports every problem with its path, in one error', () => {
    const bad = {
      format: 2,
      sources: { negex: 'NegEx', empty: '' },
      extra: true,
      rules: [
        { id: 'neg.no', phrase: 'no', category: 'NEGATED', direction: 'sideways', source: 'negex' },
        { id: 'neg.no', phrase: 'not', category: 'NEGATION', direction: 'forward', source: 'negex', colour: 'red' },
        { id: 'Bad Id', phrase: 'the', category: 'NEGATED', direction: 'forward', source: 'nowhere' },
        { id: 'neg.win', phrase: 'without', category: 'NEGATED', direction: 'forward', window: 0, source: 'negex' },
        { id: 'pseudo.x', phrase: 'no change', category: 'PSEUDO', direction: 'forward', source: 'negex' },
        { id: 'term.x', phrase: 'but', category: 'TERMINATE', direction: 'terminate', window: 3, source: 'negex' },
        { id: 'neg.y', phrase: 'never', category: 'NEGATED', direction: 'forward', terminates: ['NEGATED'], source: 'negex' },
        { id: 'term.y', phrase: 'however', category: 'TERMINATE', direction: 'terminate', terminates: ['NEGATED', 'SOON'], source: 'negex' },
        { id: 'neg.z', phrase: '(denies|deny', category: 'NEGATED', direction: 'forward', source: 'negex' },
        'not a rule',
        { phrase: 'denied' },
      ],
    };
    const e = icdErrorOf(() => parseContextRules(bad));
    expect(e.code).toBe('E_RULES_INVALID');
    expect(e.issues.map((i) => i.path)).toEqual([
      'extra',
      'format',
      'sources.empty',
      'rules[0].direction',
      'rules[1].colour',
      'rules[1].category',
      'rules[1].id',
      'rules[2].id',
      'rules[2].phrase',
      'rules[2].source',
      'rules[3].window',
      'rules[4].direction',
      'rules[5].window',
      'rules[6].terminates',
      'rules[7].terminates[1]',
      'rules[8].phrase',
      'rules[9]',
      'rules[10].id',
      'rules[10].category',
      'rules[10].direction',
      'rules[10].source',
    ]);
    // Issues carry what was expected and what came in.
    const direction = e.issues.find((i) => i.path === 'rules[0].direction');
    expect(direction?.expected).toContain('forward');
    expect(direction?.received).toBe('"sideways"');
  });

  it('rejects duplicate ids', () => {
    const json = { ...GOOD, rules: [...GOOD.rules, { ...GOOD.rules[0], phrase: 'never' }] };
    expect(issuesOf(json)).toEqual([{ path: 'rules[4].id', message: 'duplicate id, first used by rules[0]' }]);
  });

  it('rejects two rules that normalise to the same words', () => {
    // "ruled out" and "rule out" stem alike; "history of" drops its stopword.
    const json = {
      ...GOOD,
      rules: [
        { id: 'unc.rule_out', phrase: 'rule out', category: 'UNCERTAIN', direction: 'forward', source: 'negex' },
        { id: 'neg.ruled_out', phrase: 'ruled out', category: 'NEGATED', direction: 'backward', source: 'negex' },
        { id: 'hist.history', phrase: 'history', category: 'HISTORICAL', direction: 'forward', source: 'negex' },
        { id: 'hist.history_of', phrase: '(history of|hx)', category: 'HISTORICAL', direction: 'forward', source: 'negex' },
      ],
    };
    expect(pathsOf(json)).toEqual(['rules[1].phrase', 'rules[3].phrase']);
  });

  it('allows the same words twice within one rule', () => {
    expect(pathsOf({ ...GOOD, rules: [{ ...GOOD.rules[0], phrase: '(deny|denies|denied)' }] })).toEqual([]);
  });

  it('wholeTarget: a boolean, and only on a rule with a scope', () => {
    const rule = (extra: Record<string, unknown>, direction = 'forward', category = 'NEGATED') => ({
      ...GOOD,
      rules: [{ id: 'neg.non', phrase: 'non', category, direction, window: 1, source: 'project', ...extra }],
    });
    expect(parseContextRules(rule({ wholeTarget: true })).rules[0]?.wholeTarget).toBe(true);
    expect(parseContextRules(rule({})).rules[0]?.wholeTarget).toBeUndefined();
    expect(pathsOf(rule({ wholeTarget: 'yes' }))).toEqual(['rules[0].wholeTarget']);
    const pseudo = { ...GOOD, rules: [{ id: 'pseudo.x', phrase: 'non', category: 'PSEUDO', direction: 'pseudo', wholeTarget: true, source: 'project' }] };
    expect(pathsOf(pseudo)).toEqual(['rules[0].wholeTarget']);
  });

  it('rejects a non-object file and a missing rules array', () => {
    expect(pathsOf([])).toEqual(['']);
    expect(pathsOf({ format: 1, sources: {} })).toEqual(['rules']);
    expect(pathsOf({ format: 1, rules: [] })).toEqual(['sources']);
  });

  it('each category takes only its directions', () => {
    const rule = (category: string, direction: string) => ({
      ...GOOD,
      rules: [{ id: 'x.y', phrase: 'zz', category, direction, source: 'negex' }],
    });
    for (const c of ['NEGATED', 'UNCERTAIN', 'HYPOTHETICAL', 'HISTORICAL', 'FAMILY']) {
      for (const d of ['forward', 'backward', 'bidirectional']) expect(pathsOf(rule(c, d))).toEqual([]);
      for (const d of ['pseudo', 'terminate']) expect(pathsOf(rule(c, d))).toEqual(['rules[0].direction']);
    }
    expect(pathsOf(rule('PSEUDO', 'pseudo'))).toEqual([]);
    expect(pathsOf(rule('PSEUDO', 'forward'))).toEqual(['rules[0].direction']);
    expect(pathsOf(rule('TERMINATE', 'terminate'))).toEqual([]);
    expect(pathsOf(rule('TERMINATE', 'backward'))).toEqual(['rules[0].direction']);
  });
});

describe('loadContextRules', () => {
  it('loads the shipped file by default', () => {
    const file = loadContextRules();
    expect(file.format).toBe(1);
    const ids = file.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['neg.no', 'hist.history_of', 'unc.rule_out', 'pseudo.no_change', 'term.but']) expect(ids).toContain(id);
    for (const r of file.rules) expect(Object.keys(file.sources)).toContain(r.source);
  });

  it('reports a missing file or bad JSON as E_RULES_INVALID', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-rules-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ "format": 1,');
    expect(() => loadContextRules(join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'E_RULES_INVALID' }));
    expect(() => loadContextRules(bad)).toThrow(expect.objectContaining({ code: 'E_RULES_INVALID' }));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(GOOD));
    expect(loadContextRules(good).rules).toHaveLength(4);
  });
});
