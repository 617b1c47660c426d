/**
 * Code search on the real release (the artifact global-setup builds): the
 * query forms a coder types, the ranking rules, options and errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.js';
import type { SearchResult } from '../../src/search/types.js';
import { withinOneEdit } from '../../src/search/surface.js';
import { icdErrorOf } from '../helpers/errors.js';

const expectIcdError = (fn: () => unknown, code: string) => expect(icdErrorOf(fn).code).toBe(code);

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'never' });
});

const codes = (rs: SearchResult[]) => rs.map((r) => r.code);
const top = (q: string, limit = 5) => codes(engine.search(q, { limit }));

describe('query forms', () => {
  it.each([
    ['diab typ 2 kid', 'E11.22'],
    ['chf', 'I50.9'],
    ['afib', 'I48.91'],
    ['dvt', 'I82.409'],
    ['copd exacerbation', 'J44.1'],
    ['anxeity', 'F41.9'],
    ['low back pain', 'M54.50'],
    ['bmi 40 adult', 'Z68.41'],
    ['kidney failure chronic', 'N18.9'],
  ])('%s finds %s in the top 5', (q, code) => {
    expect(top(q)).toContain(code);
  });

  it('reads a code prefix with or without the dot, the named code first, then codes under it', () => {
    for (const q of ['E11.2', 'e112', 'E112']) {
      const rs = engine.search(q, { limit: 20 });
      expect(rs[0]).toMatchObject({ code: 'E11.2', score: 1, matched: { source: 'code', term: 'E11.2' } });
      expect(codes(rs.slice(1)).every((c) => c.startsWith('E11.2'))).toBe(true);
      expect(codes(rs)).toEqual(expect.arrayContaining(['E11.21', 'E11.22', 'E11.29']));
    }
  });

  it('filters words by a code prefix in the same query', () => {
    const rs = engine.search('e11 kidney', { limit: 10 });
    expect(rs.length).toBeGreaterThan(0);
    expect(rs.every((r) => r.code.startsWith('E11'))).toBe(true);
    expect(codes(rs)).toContain('E11.22');
  });

  it('names the release term that matched and the words of it the query matched', () => {
    const [first] = engine.search('type 2 diabetes mellitus with diabetic chronic kidney disease');
    expect(first?.code).toBe('E11.22');
    expect(first?.matched.source).toBe('description');
    expect(first?.matched.term).toBe('Type 2 diabetes mellitus with diabetic chronic kidney disease');
    expect(first?.matched.words).toEqual(['Type', '2', 'diabetes', 'mellitus', 'with', 'diabetic', 'chronic', 'kidney', 'disease']);
    const [chf] = engine.search('chf');
    // The abbreviation is read as its sense: the matched words are the sense's words in a release term.
    expect(chf?.matched.words.map((w) => w.toLowerCase()).sort()).toEqual(['congestive', 'failure', 'heart']);
  });

  it('matches every word as a prefix, and one edit only on words of five letters or more', () => {
    expect(top('hypert')).toContain('I10');
    expect(top('hypertensoin')).toContain('I10'); // two letters swapped
    expect(engine.search('pian')).not.toContainEqual(expect.objectContaining({ code: 'R52' })); // four letters: no typo reading
  });
});

describe('ranking', () => {
  const queries = ['diabetes', 'pain', 'fracture of femur', 'asthma', 'E11', 'heart failure', 'pneumonia'];

  it('never lists a header together with a code under it, unless the query named the header', () => {
    for (const q of queries) {
      const rs = engine.search(q, { limit: 50 });
      for (const r of rs) {
        if (r.matched.source === 'code' && r.score === 1) continue;
        const under = rs.filter((o) => o.code !== r.code && o.code.replace('.', '').startsWith(r.code.replace('.', '')));
        expect(under, `${q}: ${r.code} listed with ${codes(under).join(', ')}`).toEqual([]);
      }
    }
  });

  it('sorts by score, billable codes first when scores tie', () => {
    for (const q of queries) {
      const rs = engine.search(q, { limit: 50 });
      for (let i = 1; i < rs.length; i++) {
        const a = rs[i - 1] as SearchResult;
        const b = rs[i] as SearchResult;
        expect(a.score).toBeGreaterThanOrEqual(b.score);
        if (a.score === b.score) expect(Number(a.billable)).toBeGreaterThanOrEqual(Number(b.billable));
      }
    }
  });

  it('billableOnly leaves headers out', () => {
    const rs = engine.search('E11.2', { billableOnly: true, limit: 20 });
    expect(rs.length).toBeGreaterThan(0);
    expect(rs.every((r) => r.billable)).toBe(true);
    expect(codes(rs)).not.toContain('E11.2');
  });

  it('gives each result the code facts of the release', () => {
    for (const r of engine.search('asthma', { limit: 10 })) {
      const info = engine.lookup(r.code);
      expect(info).not.toBeNull();
      expect(r.description).toBe(info?.description);
      expect(r.billable).toBe(info?.billable);
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThanOrEqual(1);
    }
  });

  it('honours limit, and an empty or stopword-only query finds nothing', () => {
    expect(engine.search('fracture', { limit: 3 })).toHaveLength(3);
    expect(engine.search('')).toEqual([]);
    expect(engine.search('  the of  ')).toEqual([]);
  });
});

describe('errors', () => {
  it('rejects bad options naming each, and a query that is not a string or too long', () => {
    expectIcdError(() => engine.search('x', { limit: 0 }), 'E_OPTION_INVALID');
    expectIcdError(() => engine.search('x', { limit: 2.5, billableOnly: 'yes' as unknown as boolean }), 'E_OPTION_INVALID');
    expectIcdError(() => engine.search('x', { limt: 3 } as never), 'E_OPTION_INVALID');
    expectIcdError(() => engine.search(42 as unknown as string), 'E_INPUT_INVALID');
    expectIcdError(() => engine.search('a'.repeat(501)), 'E_INPUT_INVALID');
  });
});

describe('withinOneEdit', () => {
  it.each([
    ['anxeity', 'anxiety', true],
    ['diabtes', 'diabetes', true],
    ['diabetes', 'diabetess', true],
    ['fracture', 'fractura', true],
    ['fracture', 'frcature', true],
    ['fracture', 'fratcrue', false],
    ['asthma', 'asthma', true],
    ['asthma', 'astma', true],
    ['asthma', 'athma', true],
    ['asthma', 'asmtha', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });
});
