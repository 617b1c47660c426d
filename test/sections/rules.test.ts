/** Section file validation: every problem reported at once, each with its path. */
import { describe, expect, it } from 'vitest';
import { loadSectionRules, parseSectionRules, safeParseSectionRules } from '../../src/sections/index.js';
import { icdErrorOf } from '../helpers/errors.js';

const GOOD = {
  format: 1,
  sources: { ccda: 'C-CDA section titles' },
  sections: [
    { id: 'sec.family_history', name: 'family_history', headers: ['family history', 'fh'], category: 'FAMILY', source: 'ccda' },
    { id: 'sec.plan', name: 'plan', headers: ['plan'], source: 'ccda', note: 'no category' },
  ],
};

describe('parseSectionRules', () => {
  it('accepts a valid file', () => {
    const file = parseSectionRules(GOOD);
    expect(file.sections.map((s) => s.name)).toEqual(['family_history', 'plan']);
    expect(file.sections[0]?.category).toBe('FAMILY');
    expect(file.sections[1]?.category).toBeUndefined();
  });

  it('reports every problem with its path', () => {
    const bad = {
      format: 1,
      sources: { ccda: 'C-CDA' },
      sections: [
        { id: 'sec.a', name: 'a', headers: ['alpha'], source: 'ccda' },
        { id: 'sec.a', name: 'a', headers: ['Alphas', 'the'], category: 'LATER', source: 'web', extra: 1 },
        { id: 'nodot', name: 'Bad Name', headers: [], source: 'ccda' },
        { id: 'sec.c', name: 'c', headers: ['gamma', 7], source: 'ccda' },
      ],
    };
    const e = icdErrorOf(() => parseSectionRules(bad));
    expect(e.code).toBe('E_RULES_INVALID');
    expect(e.issues.map((i) => i.path)).toEqual([
      'sections[1].extra',
      'sections[1].id',
      'sections[1].name',
      'sections[1].headers[0]',
      'sections[1].headers[1]',
      'sections[1].category',
      'sections[1].source',
      'sections[2].id',
      'sections[2].name',
      'sections[2].headers',
      'sections[3].headers[1]',
    ]);
  });

  it('rejects a wrong format and unknown top-level keys', () => {
    const r = safeParseSectionRules({ ...GOOD, format: '1', more: [] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['more', 'format']);
  });
});

describe('loadSectionRules', () => {
  it('loads the shipped file with the sections the context engine relies on', () => {
    const file = loadSectionRules();
    const byName = new Map(file.sections.map((s) => [s.name, s]));
    expect(byName.get('family_history')?.category).toBe('FAMILY');
    expect(byName.get('past_medical_history')?.category).toBe('HISTORICAL');
    expect(byName.get('past_surgical_history')?.category).toBe('HISTORICAL');
    for (const name of ['chief_complaint', 'history_of_present_illness', 'social_history', 'medications', 'allergies', 'review_of_systems', 'physical_exam', 'assessment', 'plan', 'discharge_diagnoses', 'impression']) {
      expect(byName.has(name)).toBe(true);
    }
    for (const s of file.sections) expect(Object.keys(file.sources)).toContain(s.source);
  });
});
