/**
 * The historical and hypothetical trigger classes taken from the published
 * ConText, pyConTextNLP and medspaCy lists, and their terminators and
 * pseudo-triggers: for each class a sentence where it applies and one where it
 * must not. Sentences are written for these tests; none comes from an
 * evaluation set.
 */
import { describe, expect, it } from 'vitest';
import { flags, harness, NONE } from './helpers.js';
import type { Assertions } from '../../src/types.js';

const h = harness();

type Row = [text: string, target: string, expected: Assertions, rule?: string];

const TABLE: Record<string, Row[]> = {
  'hist.in_the_past (ConText "in the past")': [
    ['She had seizures in the past.', 'seizures', flags('historical'), 'hist.in_the_past'],
    ['In the past he was treated for gout.', 'gout', flags('historical'), 'hist.in_the_past'],
    ['Past episodes of pancreatitis.', 'pancreatitis', flags('historical'), 'hist.in_the_past'],
    // Under ConText's two-week line the time is recent.
    ['Fever in the past 2 days.', 'Fever', NONE],
    ['Cough over the past week.', 'Cough', NONE],
    ['Diarrhea for the past few days.', 'Diarrhea', NONE],
  ],
  'hist.preexisting (ConText one-word "pre-existing")': [
    ['Pre-existing heart disease.', 'heart disease', flags('historical'), 'hist.preexisting'],
    ['Preexisting neuropathy.', 'neuropathy', flags('historical'), 'hist.preexisting'],
    ['Pre-existing conditions reviewed at length with the family, and acute pancreatitis.', 'acute pancreatitis', NONE],
  ],
  'hist.resolved and hist.resolution_of (pyConTextNLP)': [
    ['Pneumonia, resolved.', 'Pneumonia', flags('historical'), 'hist.resolved'],
    ['Resolved hepatitis A.', 'hepatitis A', flags('historical'), 'hist.resolved'],
    ['With resolution of the rash.', 'rash', flags('historical'), 'hist.resolution_of'],
    ['Healing ulcer on the heel.', 'ulcer', NONE],
    ['Symptoms resolved, now with new atrial fibrillation.', 'atrial fibrillation', NONE],
  ],
  'pseudo.history additions (ConText PSEU)': [
    ['A poor history is given by the patient about the knee pain.', 'knee pain', NONE],
    ['Patient history reviewed with the daughter; cough.', 'cough', NONE],
    ['History of knee pain.', 'knee pain', flags('historical'), 'hist.history_of'],
  ],
  'hyp.return_to (ConText "return", "come back to")': [
    ['Return to the ED for chest pain.', 'chest pain', flags('hypothetical'), 'hyp.return_to'],
    ['Go to the emergency room if short of breath.', 'short of breath', flags('hypothetical')],
    ['Returned to clinic and was found to have cellulitis.', 'cellulitis', NONE],
  ],
  'hyp.watch_for "look out for" (ConText)': [
    ['Look out for fever.', 'fever', flags('hypothetical'), 'hyp.watch_for'],
    ['Looks out of breath, with wheezing.', 'wheezing', NONE],
  ],
  'hyp.warned (pyConTextNLP FUTURE "warned of")': [
    ['Warned about dizziness on the new medication.', 'dizziness', flags('hypothetical'), 'hyp.warned'],
    ['Counseled regarding bleeding.', 'bleeding', flags('hypothetical'), 'hyp.warned'],
    ['Educated by the nurse. Wheezing on exam.', 'Wheezing', NONE],
    ['Gave informed consent; has anemia.', 'anemia', NONE],
  ],
  'hyp.predispose (pyConTextNLP FUTURE)': [
    ['Immobility predisposes to pressure ulcers.', 'pressure ulcers', flags('hypothetical'), 'hyp.predispose'],
    ['Predisposed by immobility, she has pressure ulcers.', 'pressure ulcers', NONE],
  ],
  'hyp.precautions (clinical usage)': [
    ['Seizure precautions.', 'Seizure', flags('hypothetical'), 'hyp.precautions'],
    ['Aspiration precautions were ordered.', 'Aspiration', flags('hypothetical'), 'hyp.precautions'],
    ['Seizure this morning at home; precautions were then ordered.', 'Seizure', NONE],
  ],
  'pseudo.if_negative (ConText PSEU)': [
    ['If negative, repeat the troponin for chest pain.', 'chest pain', NONE],
    ['If chest pain recurs, repeat the troponin.', 'chest pain', flags('hypothetical'), 'hyp.if'],
  ],
};

describe('published trigger classes', () => {
  for (const [group, rows] of Object.entries(TABLE)) {
    describe(group, () => {
      it.each(rows)('%s [%s]', (text, target, expected, rule) => {
        const result = h.at(text, target);
        expect(result.assertions).toEqual(expected);
        if (rule !== undefined) expect(result.rules).toContain(rule);
      });
    });
  }
});

describe('terminators from the published lists', () => {
  it('term.history_end: a current finding after a history (ConText CONJ)', () => {
    expect(h.at('History of CAD, recent chest pain.', 'chest pain').assertions).toEqual(NONE);
    expect(h.at('History of CAD, recent chest pain.', 'CAD').assertions).toEqual(flags('historical'));
    expect(h.at('Prior stroke, was found to have aphasia.', 'aphasia').assertions).toEqual(NONE);
  });

  it('term.history_end ends a history only: a negation reaches past it', () => {
    expect(h.at('No fever, recent cough or chills.', 'chills').assertions).toEqual(flags('negated'));
  });

  it('term.reports ends a history and a negation, term.positive only a negation', () => {
    expect(h.at('History of asthma, reports wheezing.', 'wheezing').assertions).toEqual(NONE);
    expect(h.at('History of asthma, reports wheezing.', 'asthma').assertions).toEqual(flags('historical'));
    expect(h.at('Denies fever, reports cough.', 'cough').assertions).toEqual(NONE);
    expect(h.at('Denies fever, reports cough.', 'fever').assertions).toEqual(flags('negated'));
    expect(h.at('Past medical history significant for gout.', 'gout').assertions).toEqual(flags('historical'));
  });

  it('term.hypothetical_end: a reason after a hypothetical (medspaCy)', () => {
    expect(h.at('Call if worse, because she has asthma.', 'asthma').assertions).toEqual(NONE);
    expect(h.at('Call if she has asthma.', 'asthma').assertions).toEqual(flags('hypothetical'));
  });

  it('term.hypothetical_end does not end a negation', () => {
    expect(h.at('No fever since the operation or chills.', 'chills').assertions).toEqual(flags('negated'));
  });
});
