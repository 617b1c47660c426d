/**
 * Genres: a rule's `genres` scope it to clinical notes or to eligibility
 * criteria. The same sentence reads differently in each: an exception ends a
 * negation in a note and carves a condition out of a criterion.
 */
import { describe, expect, it } from 'vitest';
import { GENRES, loadContextRules, parseContextRules, rulesForGenre, safeParseContextRules } from '../../src/context/index.js';
import { flags, harness, NONE } from './helpers.js';

const clinical = harness(undefined, undefined, [], 'clinical');
const criteria = harness(undefined, undefined, [], 'criteria');

describe('the shipped rules by genre', () => {
  it.each([
    ['History of malignancy other than basal cell carcinoma.', 'basal cell carcinoma'],
    ['Any infection except for hepatitis B.', 'hepatitis B'],
    ['Prior cancer, with the exception of carcinoma in situ of the cervix.', 'carcinoma in situ'],
    ['Autoimmune disease apart from vitiligo.', 'vitiligo'],
  ])('an exception: not negated in a note, carved out of a criterion: %s', (text, target) => {
    expect(clinical.at(text, target).assertions.negated).toBe(false);
    const read = criteria.at(text, target);
    expect(read.assertions.negated).toBe(true);
    expect(read.rules).toContain('crit.except');
  });

  it('an exception after a negation: the note affirms it, the criterion leaves it out', () => {
    const text = 'No complaints other than fatigue.';
    expect(clinical.at(text, 'fatigue').assertions).toEqual(NONE);
    expect(criteria.at(text, 'fatigue').assertions).toEqual(flags('negated'));
  });

  it('what comes before the exception is read alike in both genres', () => {
    const text = 'History of malignancy other than basal cell carcinoma.';
    expect(clinical.at(text, 'malignancy').assertions).toEqual(flags('historical'));
    expect(criteria.at(text, 'malignancy').assertions).toEqual(flags('historical'));
  });

  it('examples after an exception belong to the criterion, not to the exception', () => {
    const text = 'Chronic liver disease other than hepatitis B, such as hemochromatosis or Wilson disease.';
    expect(criteria.at(text, 'hepatitis B').assertions.negated).toBe(true);
    expect(criteria.at(text, 'hemochromatosis').assertions.negated).toBe(false);
    expect(criteria.at(text, 'Wilson disease').assertions.negated).toBe(false);
    expect(criteria.at('Psychiatric disorder (not including mild depression).', 'mild depression').assertions.negated).toBe(true);
  });

  it('the price of the examples terminator: a denied class no longer denies its examples in criteria', () => {
    const text = 'No autoimmune disease such as lupus.';
    expect(clinical.at(text, 'lupus').assertions).toEqual(flags('negated'));
    expect(criteria.at(text, 'lupus').assertions).toEqual(NONE);
    expect(criteria.at(text, 'autoimmune disease').assertions).toEqual(flags('negated'));
  });

  it('"unless": a hypothetical in a note, an exception in a criterion', () => {
    const text = 'INR above 1.5 unless the subject has hemophilia.';
    expect(clinical.at(text, 'hemophilia').assertions).toEqual(flags('hypothetical'));
    expect(clinical.at(text, 'hemophilia').rules).toEqual(['hyp.unless']);
    expect(criteria.at(text, 'hemophilia').assertions).toEqual(flags('negated'));
    expect(criteria.at(text, 'hemophilia').rules).toEqual(['crit.unless']);
  });

  it('"is allowed" lets a condition through a criterion; a note has no such reading', () => {
    const text = 'Cervical carcinoma in situ is allowed.';
    expect(criteria.at(text, 'Cervical carcinoma in situ').assertions).toEqual(flags('negated'));
    expect(clinical.at(text, 'Cervical carcinoma in situ').assertions).toEqual(NONE);
    // Not an exception when the allowance is about something else, further away.
    expect(criteria.at('Prior radiotherapy for lymphoma of the neck and chest wall is allowed.', 'lymphoma').assertions.negated).toBe(false);
  });

  it('a test that must rule a condition out: uncertain in a note, required absent by a criterion', () => {
    const text = 'A ventilation-perfusion scan that rules out pulmonary embolism.';
    expect(clinical.at(text, 'pulmonary embolism').assertions).toEqual(flags('uncertain'));
    expect(criteria.at(text, 'pulmonary embolism').assertions).toEqual(flags('negated'));
    expect(criteria.at('Imaging to evaluate for metastases.', 'metastases').assertions).toEqual(flags('uncertain'));
  });

  it('"are not eligible" leaves a condition out of a criterion', () => {
    const text = 'Patients with fibrolamellar carcinoma are not eligible.';
    expect(criteria.at(text, 'fibrolamellar carcinoma').assertions).toEqual(flags('negated'));
    expect(criteria.at(text, 'fibrolamellar carcinoma').rules).toEqual(['crit.not_eligible']);
    expect(criteria.at('Patients with fibrolamellar carcinoma are eligible.', 'fibrolamellar carcinoma').assertions).toEqual(NONE);
  });

  it('rules without genres read in both: plain negation, history, hypotheticals', () => {
    for (const h of [clinical, criteria]) {
      expect(h.at('No history of seizures.', 'seizures').assertions).toEqual(flags('negated', 'historical'));
      expect(h.at('Patients without diabetes.', 'diabetes').assertions).toEqual(flags('negated'));
      expect(h.at('Exclude if pregnant.', 'pregnant').assertions).toEqual(flags('hypothetical'));
    }
  });

  it('every rule of the shipped file reads in at least one genre, and the criteria rules only there', () => {
    const file = loadContextRules();
    const byGenre = Object.fromEntries(GENRES.map((g) => [g, new Set(rulesForGenre(file, g).rules.map((r) => r.id))]));
    for (const r of file.rules) expect(GENRES.some((g) => byGenre[g]?.has(r.id))).toBe(true);
    for (const id of ['crit.except', 'crit.unless', 'crit.allowed', 'crit.rule_out', 'crit.not_eligible', 'term.examples']) {
      expect(byGenre.criteria?.has(id)).toBe(true);
      expect(byGenre.clinical?.has(id)).toBe(false);
    }
    expect(byGenre.clinical?.has('term.except')).toBe(true);
    expect(byGenre.criteria?.has('term.except')).toBe(false);
  });
});

describe('rule file: genres', () => {
  const base = { format: 1, sources: { s: 'source' } };
  const rule = (id: string, phrase: string, genres?: unknown) => ({
    id,
    phrase,
    category: 'NEGATED',
    direction: 'forward',
    source: 's',
    ...(genres === undefined ? {} : { genres }),
  });

  it('lets rules of disjoint genres share a phrase and keeps their genres', () => {
    const file = parseContextRules({ ...base, rules: [rule('a.x', 'unless', ['clinical']), rule('b.x', 'unless', ['criteria'])] });
    expect(file.rules.map((r) => r.genres)).toEqual([['clinical'], ['criteria']]);
    expect(rulesForGenre(file, 'criteria').rules.map((r) => r.id)).toEqual(['b.x']);
  });

  it('reports a phrase two rules share in a genre', () => {
    const both = safeParseContextRules({ ...base, rules: [rule('a.x', 'unless'), rule('b.x', 'unless', ['criteria'])] });
    expect(both.ok).toBe(false);
    if (!both.ok) expect(both.issues.map((i) => i.path)).toEqual(['rules[1].phrase']);
  });

  it('rejects unknown, repeated and empty genres with their paths', () => {
    const r = safeParseContextRules({
      ...base,
      rules: [rule('a.x', 'no', ['clinical', 'poetry']), rule('b.x', 'not', []), rule('c.x', 'none', ['criteria', 'criteria']), rule('d.x', 'never', 'criteria')],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(['rules[0].genres[1]', 'rules[1].genres', 'rules[2].genres[1]', 'rules[3].genres']);
  });

  it('compiles only the rules of the genre asked for (default clinical)', () => {
    const file = parseContextRules({ ...base, rules: [rule('a.x', 'unless', ['clinical']), rule('b.x', 'except', ['criteria'])] });
    expect(harness(file).engine.rules.map((r) => r.id)).toEqual(['a.x']);
    expect(harness(file, undefined, [], 'criteria').engine.rules.map((r) => r.id)).toEqual(['b.x']);
  });
});
