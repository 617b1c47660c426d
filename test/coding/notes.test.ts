/**
 * The two notes of the issue, end to end on the real release, and the
 * option and data-file checks of `engine.code`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.js';
import { CODING_DATA_DIR, loadCodingData, parseCourse, parseStatus } from '../../src/coding/data.js';
import { ALL_RULES } from '../../src/coding/index.js';
import { icdErrorOf } from '../helpers/errors.js';
import { PLAIN_NOTE, SHORTHAND_NOTE } from './fixtures.js';

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'never' });
});


describe('engine.code on whole notes', () => {
  it('codes the plain note as I25.2, E11.22, N18.31, I12.9, Z80.3 and no J18', () => {
    const set = engine.code(PLAIN_NOTE);
    expect(set.codes.map((c) => c.code).sort()).toEqual(['E11.22', 'I12.9', 'I25.2', 'N18.31', 'Z80.3']);
    expect(set.setAside).toContainEqual(expect.objectContaining({ code: 'J18.9', rule: { id: 'context.negated', section: 'IV.J' } }));
    expect(set.setAside).toContainEqual(expect.objectContaining({ code: 'I21.9', rule: { id: 'course.resolved', section: 'IV.J' }, by: 'I25.2' }));
    const e1122 = set.codes.find((c) => c.code === 'E11.22');
    expect(e1122?.rules).toEqual([{ id: 'with.combination', section: 'I.A.15' }]);
    expect(e1122?.evidence.map((e) => e.text)).toEqual(['Type 2 diabetes', 'CKD']);
    for (const c of set.codes) {
      expect(c.billable).toBe(true);
      for (const e of c.evidence) expect(PLAIN_NOTE.slice(e.start, e.end)).toBe(e.text);
    }
  });

  it('reads the shorthand note: chronic conditions current, statuses, symptoms, the mother\'s cancer as family history', () => {
    const set = engine.code(SHORTHAND_NOTE);
    const codes = set.codes.map((c) => c.code);
    // HTN with CKD III (I12.9), T2DM with CKD (E11.22), HLD, CAD, OSA: current, though listed under PMH.
    expect(codes).toEqual(expect.arrayContaining(['I12.9', 'E11.22', 'N18.30', 'E78.5', 'I25.10', 'G47.33']));
    // s/p CABG, on metformin, on CPAP.
    expect(codes).toEqual(expect.arrayContaining(['Z95.1', 'Z79.84', 'Z99.89']));
    // "CP" beside "SOB" is chest pain; both are coded (no confirmed diagnosis explains them).
    expect(codes).toEqual(expect.arrayContaining(['R07.9', 'R06.02']));
    // "breast CA" of the mother is family history; N/V is denied.
    expect(codes).toContain('Z80.3');
    expect(codes.filter((c) => /^(C50|R11|I10|Z8[67])/.test(c))).toEqual([]);
    expect(set.setAside.map((s) => `${s.code} ${s.rule.id}`)).toEqual(expect.arrayContaining(['R11.2 context.negated', 'C50.919 context.family', 'I10 hypertension.combination']));
    const ckd = set.codes.find((c) => c.code === 'N18.30');
    expect(ckd?.rules.map((r) => r.id)).toEqual(['course.persists', 'tabular.use-additional-code']);
  });

  it('gives the same result for the same text, and nothing for empty text', () => {
    expect(engine.code(SHORTHAND_NOTE)).toEqual(engine.code(SHORTHAND_NOTE));
    expect(engine.code('')).toEqual({ codes: [], setAside: [] });
    expect(engine.code('The weather was fine.')).toEqual({ codes: [], setAside: [] });
  });

  it('rejects bad options with every problem and its path', () => {
    const err = icdErrorOf(() => engine.code('HTN', { setting: 'ward' as never, minScore: 2, extra: 1 } as never));
    expect(err.code).toBe('E_OPTION_INVALID');
    expect(err.issues.map((i) => i.path).sort()).toEqual(['extra', 'minScore', 'setting']);
    expect(icdErrorOf(() => engine.code(42 as never)).code).toBe('E_INPUT_INVALID');
  });

  it('names a Guidelines section for every rule, each id once', () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const r of ALL_RULES) expect(r.section).toMatch(/^(I|II|III|IV)\.[A-Z]/);
  });
});

describe('coding data files', () => {
  it('load, and every entry names a source its file cites', () => {
    const data = loadCodingData();
    expect(data.course.persists.length).toBeGreaterThan(10);
    expect(data.course.resolves.length).toBeGreaterThan(10);
    for (const f of ['course', 'hypertension', 'status', 'integral', 'with', 'family']) {
      const raw = JSON.parse(readFileSync(join(CODING_DATA_DIR, `${f}.json`), 'utf8')) as { format: number; sources: Record<string, string> };
      expect(raw.format).toBe(1);
      expect(Object.keys(raw.sources).length).toBeGreaterThan(0);
    }
  });

  it('reject unknown keys, missing sources and bad ranges, all at once', () => {
    const bad = { format: 2, description: '', sources: { a: 'x' }, persists: [{ codes: ['E11-'], name: 'x', source: 'b', extra: 1 }], resolves: [] };
    const err = icdErrorOf(() => parseCourse(bad));
    expect(err.code).toBe('E_RULES_INVALID');
    expect(err.issues.map((i) => i.path).sort()).toEqual(['description', 'format', 'persists[0].codes[0]', 'persists[0].extra', 'persists[0].source'].sort());
    expect(icdErrorOf(() => parseStatus({ format: 1, description: 'x', sources: {} })).issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['statuses', 'drugs', 'drugCues', 'bmi']),
    );
  });

  it('every status and drug class resolves to a code of the release', () => {
    const data = loadCodingData();
    const codes = [...data.status.statuses.map((s) => s.index), ...data.status.drugs.map((d) => d.index)].map(
      (phrase) => engine.detect(phrase, { context: false }).find((s) => s.start === 0 && s.end === phrase.length)?.concepts[0]?.code ?? `unresolved: ${phrase}`,
    );
    expect(codes).toEqual(['Z95.1', 'Z99.89', 'Z79.01', 'Z79.02', 'Z79.4', 'Z79.84', 'Z79.82']);
  });
});
