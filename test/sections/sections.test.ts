/** Sections through the context engine: names, assertions they set, where they end. */
import { describe, expect, it } from 'vitest';
import { flags, harness, NONE } from '../context/helpers.js';

const h = harness();

describe('sections in assess', () => {
  const NOTE = [
    'CHIEF COMPLAINT: Cough.',
    'PAST MEDICAL HISTORY:',
    '1. Hypertension',
    '2. Gout',
    'FAMILY HISTORY: Father with colon cancer.',
    'SOCIAL HISTORY: Quit smoking.',
    'PHYSICAL EXAM:',
    'Lungs with crackles.',
    'ASSESSMENT AND PLAN: Pneumonia.',
  ].join('\n');

  it.each([
    ['Cough', 'chief_complaint', NONE],
    ['Hypertension', 'past_medical_history', flags('historical')],
    ['Gout', 'past_medical_history', flags('historical')],
    ['colon cancer', 'family_history', flags('family')],
    ['smoking', 'social_history', flags('historical')],
    ['crackles', 'physical_exam', NONE],
    ['Pneumonia', 'assessment_and_plan', NONE],
  ])('%s is in %s', (target, section, assertions) => {
    const r = h.at(NOTE, target);
    expect(r.section).toBe(section);
    expect(r.assertions).toEqual(assertions);
  });

  it('reports the section rule that set an assertion', () => {
    expect(h.at(NOTE, 'Gout').rules).toEqual(['sec.past_medical_history']);
    expect(h.at(NOTE, 'colon cancer').rules).toContain('sec.family_history');
  });

  it('is null before the first header', () => {
    expect(h.at('Cough for two days.\nHPI: worse at night.', 'Cough').section).toBeNull();
    expect(h.at('Cough for two days.\nHPI: worse at night.', 'night').section).toBe('history_of_present_illness');
  });

  it('a header phrase inside a sentence is not a header', () => {
    const text = 'HPI: The family history is notable for asthma.';
    const r = h.at(text, 'asthma');
    expect(r.section).toBe('history_of_present_illness');
    // The words still trigger as a rule (fam.family_history), not as a section.
    expect(r.assertions).toEqual(flags('family'));
    expect(r.rules).toEqual(['fam.family_history']);
  });

  it('an unknown upper-case label ends a section that sets an assertion', () => {
    const text = 'PAST MEDICAL HISTORY: Gout.\nTECHNIQUE: Knee arthroscopy.\nFINDINGS: Effusion.';
    expect(h.at(text, 'Gout').assertions).toEqual(flags('historical'));
    expect(h.at(text, 'Effusion').assertions).toEqual(NONE);
    expect(h.at(text, 'Effusion').section).toBe('findings');
    expect(h.at(text, 'Knee arthroscopy').section).toBeNull();
  });

  it('mixed-case sub-labels do not end it', () => {
    const text = 'Past medical history:\nCardiac: coronary disease\nPulmonary: asthma';
    expect(h.at(text, 'asthma').assertions).toEqual(flags('historical'));
  });

  it('headers of a note flattened to one line are found after a sentence end', () => {
    const text = 'Chief complaint: cough. Past medical history: gout. Physical exam: wheezing.';
    expect(h.at(text, 'gout').assertions).toEqual(flags('historical'));
    expect(h.at(text, 'wheezing').section).toBe('physical_exam');
    expect(h.at(text, 'wheezing').assertions).toEqual(NONE);
  });

  it('headers written in capitals match like lower-case ones', () => {
    const text = 'MEDS: aspirin.\nMeds: heparin.\nPMH: GOUT.';
    expect(h.at(text, 'aspirin').section).toBe('medications');
    expect(h.at(text, 'heparin').section).toBe('medications');
    expect(h.at(text, 'GOUT').section).toBe('past_medical_history');
  });

  it('rules still apply inside a section', () => {
    const text = 'FAMILY HISTORY: No diabetes.';
    expect(h.at(text, 'diabetes').assertions).toEqual(flags('family', 'negated'));
  });

  it('sections can be switched off', () => {
    const plain = harness(undefined, null);
    const r = plain.at('Family history: asthma.', 'asthma');
    expect(r.section).toBeNull();
    // The phrase is still a FAMILY rule.
    expect(r.assertions).toEqual(flags('family'));
  });
});
