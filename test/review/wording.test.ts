import { describe, expect, it } from 'vitest';
import { ENCOUNTER_CLAUSE, GENERALIZED, INFLAMMATION, parseReviewWording, SEQUELA, SUBSEQUENT, UNSPECIFIED, WITHOUT_CLAUSE } from '../../src/review/wording.js';
import { icdErrorOf } from '../helpers/errors.js';
import { expectEveryRuleSourced, ruleFile } from '../helpers/rule-file.js';

const file = (): Record<string, Record<string, unknown>> => ruleFile('data/text/review-wording.json');

describe('review wording (data/text/review-wording.json)', () => {
  it('the shipped file is valid, and every rule says where it comes from', () => {
    expectEveryRuleSourced(parseReviewWording(file()));
  });

  it('reports every problem with its path', () => {
    const f = file();
    const bad = { ...f, sequela: { ...f.sequela, rule: '', phrases: ['late  effect'] }, inflammation: { ...f.inflammation, suffix: 'Itis' } };
    expect(icdErrorOf(() => parseReviewWording(bad)).issues.map((i) => i.path).sort()).toEqual(['inflammation.suffix', 'sequela.phrases[0]', 'sequela.rule']);
  });

  it('reads titles and sentences as the rules say', () => {
    expect(UNSPECIFIED.test('Pneumonia, unspecified organism')).toBe(true);
    expect(UNSPECIFIED.test('Unsp fracture of right femur')).toBe(true);
    expect(GENERALIZED.test('Generalized edema')).toBe(true);
    expect('Type 2 diabetes mellitus without complications, other'.replace(WITHOUT_CLAUSE, '')).toBe('Type 2 diabetes mellitus , other');
    expect(WITHOUT_CLAUSE.test('Alcohol abuse, uncomplicated')).toBe(true);
    expect('Fracture of nasal bones, initial encounter for closed fracture'.replace(ENCOUNTER_CLAUSE, '')).toBe('Fracture of nasal bones');
    expect(SUBSEQUENT.test('Seen for a subsequent visit.')).toBe(true);
    expect(SUBSEQUENT.test('Subsequently she improved.')).toBe(false);
    expect(SEQUELA.test('late effects of the stroke')).toBe(true);
    expect(SEQUELA.test('no sequelae')).toBe(true);
    expect(SEQUELA.test('sequelant')).toBe(false);
    expect(INFLAMMATION.test('gastritis')).toBe(true);
    expect(INFLAMMATION.test('gastric')).toBe(false);
  });
});
