/**
 * The shipped rules (data/context/rules.json) on synthetic sentences: for every
 * category, a sentence where it applies and one where it must not. Sentences are
 * written for these tests; none comes from an evaluation set.
 */
import { describe, expect, it } from 'vitest';
import { flags, harness, NONE } from './helpers.js';
import type { Assertions } from '../../src/types.js';

const h = harness();

type Row = [text: string, target: string, expected: Assertions, rule?: string];

const TABLE: Record<string, Row[]> = {
  'required fixtures': [
    ['No evidence of pneumonia.', 'pneumonia', flags('negated'), 'neg.no'],
    ['Rule out pulmonary embolism.', 'pulmonary embolism', flags('uncertain'), 'unc.rule_out'],
    ['History of MI in 2019.', 'MI', flags('historical'), 'hist.history_of'],
    ['Family history: mother with breast cancer.', 'breast cancer', flags('family'), 'sec.family_history'],
    ['Patient has COPD.', 'COPD', NONE],
  ],
  'NEGATED forward': [
    ['She denies chest pain or palpitations.', 'palpitations', flags('negated'), 'neg.denies'],
    ['The wound is without erythema.', 'erythema', flags('negated'), 'neg.without'],
    ['Urinalysis negative for leukocytes.', 'leukocytes', flags('negated'), 'neg.negative_for'],
    ['He does not have diabetes.', 'diabetes', flags('negated'), 'neg.not'],
    ["She doesn't have dysuria.", 'dysuria', flags('negated'), 'neg.contraction'],
    ["She doesn't report dysuria.", 'dysuria', flags('negated'), 'neg.not_report'],
    ['Remains free of infection at the incision.', 'infection', flags('negated'), 'neg.free_of'],
    ['Chest film fails to reveal consolidation.', 'consolidation', flags('negated'), 'neg.fails_to_reveal'],
  ],
  'NEGATED backward': [
    ['Pulmonary embolism was ruled out.', 'Pulmonary embolism', flags('negated'), 'neg.ruled_out'],
    ['Fever: none.', 'Fever', flags('negated'), 'neg.none'],
    ['Pedal pulses absent.', 'Pedal pulses', flags('negated'), 'neg.absent'],
    ['Blood cultures were negative.', 'Blood cultures', flags('negated'), 'neg.negative'],
    ['Bacterial infection is unlikely.', 'Bacterial infection', flags('negated'), 'neg.unlikely'],
    ['Pain free since surgery.', 'Pain', flags('negated'), 'neg.free'],
  ],
  'NEGATED bidirectional': [
    ['Hydronephrosis is not seen.', 'Hydronephrosis', flags('negated'), 'neg.not_seen'],
    ['The scan does not demonstrate hydronephrosis.', 'hydronephrosis', flags('negated')],
  ],
  'UNCERTAIN': [
    ['Possible early appendicitis.', 'appendicitis', flags('uncertain'), 'unc.possible'],
    ['Findings are suspicious for lymphoma.', 'lymphoma', flags('uncertain'), 'unc.suspicious_for'],
    ['Sarcoidosis cannot be excluded.', 'Sarcoidosis', flags('uncertain'), 'unc.not_excluded'],
    ['Cellulitis versus abscess.', 'abscess', flags('uncertain'), 'unc.versus'],
    ['Cellulitis versus abscess.', 'Cellulitis', flags('uncertain'), 'unc.versus'],
    ['The opacity may represent atelectasis.', 'atelectasis', flags('uncertain'), 'unc.may_be'],
    ['Unclear whether the rash is drug related.', 'rash', flags('uncertain'), 'unc.unclear'],
  ],
  'HYPOTHETICAL': [
    ['Return to clinic if chest pain recurs.', 'chest pain', flags('hypothetical'), 'hyp.return_to'],
    ['If chest pain recurs, return.', 'chest pain', flags('hypothetical'), 'hyp.if'],
    ['Call for any shortness of breath.', 'shortness of breath', flags('hypothetical'), 'hyp.call_for'],
    ['Oxycodone as needed for pain.', 'pain', flags('hypothetical'), 'hyp.as_needed'],
    ['Should she develop a fever, start antibiotics.', 'fever', flags('hypothetical'), 'hyp.should'],
    ['Heparin to prevent thrombosis.', 'thrombosis', flags('hypothetical'), 'hyp.prevent'],
  ],
  'HISTORICAL': [
    ['Status post appendectomy.', 'appendectomy', flags('historical'), 'hist.status_post'],
    ['Prior stroke with no residual deficit.', 'stroke', flags('historical'), 'hist.previous'],
    ['Gout diagnosed several years ago.', 'Gout', flags('historical'), 'hist.ago'],
    ['Asthma as a child.', 'Asthma', flags('historical'), 'hist.childhood'],
    ['Past medical history significant for hypertension.', 'hypertension', flags('historical'), 'hist.history_of'],
    ['She is an ex-heroin addict.', 'heroin addict', flags('historical'), 'hist.ex'],
  ],
  'FAMILY': [
    ['Her father had colon cancer.', 'colon cancer', flags('family'), 'fam.relative'],
    ['Colon cancer in her father.', 'Colon cancer', flags('family'), 'fam.relative'],
    ['Family history of early coronary disease.', 'coronary disease', flags('family'), 'fam.family_history'],
  ],
  'criteria and list phrasing: negations': [
    ['Adults who are non-pregnant.', 'pregnant', flags('negated'), 'neg.non'],
    ['Lifelong non-smoker.', 'smoker', flags('negated'), 'neg.non'],
    ['Adults free from epilepsy for two years.', 'epilepsy', flags('negated'), 'neg.free_from'],
    ['Cultures with or without growth; no endocarditis.', 'endocarditis', flags('negated'), 'neg.no'],
    ['No more than two episodes, and no syncope.', 'syncope', flags('negated'), 'neg.no'],
    ['Asthma not controlled, no pneumonia.', 'pneumonia', flags('negated'), 'neg.no'],
    ['Unable to swallow, not anemic.', 'anemic', flags('negated'), 'neg.not'],
    ['Gout treated, no medication and no tophi.', 'tophi', flags('negated'), 'neg.no'],
    ['Urine negative for glucose, with negative ketones.', 'glucose', flags('negated'), 'neg.negative_for'],
    ['She did not receive counselling before surgery.', 'counselling', flags('negated'), 'neg.not_action'],
    ['No fever, non-tender abdomen or rash.', 'rash', flags('negated'), 'neg.no'],
  ],
  'criteria and list phrasing: not negations': [
    // 'non-' binds to its word; a longer mention names the head, which is present.
    ['Known non-allergic rhinitis.', 'allergic rhinitis', NONE],
    ['Any non-melanoma skin cancer.', 'melanoma skin cancer', NONE],
    ['Non-Hodgkin lymphoma in remission.', 'Non-Hodgkin lymphoma', NONE],
    ['Conditions including but not limited to asthma, gout or lupus.', 'lupus', NONE],
    ['Cellulitis with or without abscess.', 'abscess', NONE],
    ['Cellulitis with/without abscess.', 'abscess', NONE],
    ['No more than two weeks of diarrhea.', 'diarrhea', NONE],
    ['Onset not later than one month after the fracture.', 'fracture', NONE],
    ['Seizures not well controlled despite levetiracetam, with aura.', 'aura', NONE],
    ['Hypertension that has not been treated for cardiomyopathy.', 'cardiomyopathy', NONE],
    ['Did not take insulin and presented in ketoacidosis.', 'ketoacidosis', NONE],
    ['Does not wish to participate because of migraine.', 'migraine', NONE],
    ['Advised not to use ibuprofen given gastritis.', 'gastritis', NONE],
    ['No chemotherapy for metastatic melanoma.', 'metastatic melanoma', NONE],
    ['Without treatment for hypothyroidism.', 'hypothyroidism', NONE],
    ['Colon cancer resected with negative margins.', 'Colon cancer', NONE],
    ['Anemia, has negative stool testing.', 'Anemia', NONE],
  ],
  'notes written in capitals': [
    ['NO EVIDENCE OF PNEUMONIA.', 'PNEUMONIA', flags('negated'), 'neg.no'],
    ['PULMONARY EMBOLISM WAS RULED OUT.', 'PULMONARY EMBOLISM', flags('negated'), 'neg.ruled_out'],
    ['A TWO DAYS HISTORY OF COUGH.', 'COUGH', NONE],
    ['HIS SONS HAVE ASTHMA.', 'ASTHMA', flags('family'), 'fam.relative'],
  ],
  'affirmed (no trigger applies)': [
    ['The patient reports cough and fever.', 'fever', NONE],
    ['Gram negative bacteremia.', 'bacteremia', NONE],
    ['No change in the pleural effusion.', 'pleural effusion', NONE],
    ['No increase in the pleural effusion.', 'pleural effusion', NONE],
    ['History of present illness: cough for two days.', 'cough', NONE],
    ['A three day history of sore throat.', 'sore throat', NONE],
    ['A 45 year old man with chest pain.', 'chest pain', NONE],
    ['Mother reports that the child has a fever.', 'fever', NONE],
    ['Admitted with pneumonia, improving on antibiotics.', 'pneumonia', NONE],
    ['Risk factors include hypertension.', 'hypertension', NONE],
    ['The patient swallows without difficulty.', 'swallows', NONE],
  ],
};

describe('shipped rules', () => {
  for (const [group, rows] of Object.entries(TABLE)) {
    describe(group, () => {
      it.each(rows)('%s [%s]', (text, target, expected, rule) => {
        const result = h.at(text, target);
        expect(result.assertions).toEqual(expected);
        if (rule !== undefined) expect(result.rules).toContain(rule);
        if (Object.values(expected).every((v) => !v)) expect(result.rules).toEqual([]);
      });
    });
  }

  it('loads, validates and compiles the shipped rule and section files', () => {
    expect(h.engine.rules.length).toBeGreaterThan(40);
    expect(h.engine.sectionNames).toContain('family_history');
    expect(h.engine.alphabetSize).toBe(h.vocab.size);
  });

  it('terminators end a negation: "but", "presents with", "positive for"', () => {
    expect(h.at('No fever but has a productive cough.', 'productive cough').assertions).toEqual(NONE);
    expect(h.at('Denies nausea, presents with abdominal pain.', 'abdominal pain').assertions).toEqual(NONE);
    expect(h.at('Negative for chills, positive for night sweats.', 'night sweats').assertions).toEqual(NONE);
    expect(h.at('Negative for chills, positive for night sweats.', 'chills').assertions).toEqual(flags('negated'));
  });

  it('present-time words end a history but not a negation', () => {
    expect(h.at('History of asthma, now with wheezing.', 'wheezing').assertions).toEqual(NONE);
    expect(h.at('History of asthma, now with wheezing.', 'asthma').assertions).toEqual(flags('historical'));
  });

  it('"history significant for" keeps the history scope', () => {
    expect(h.at('History significant for gout.', 'gout').assertions).toEqual(flags('historical'));
  });

  it('marks a target inside a section header, and only there', () => {
    const text = 'HISTORY OF PRESENT ILLNESS:\nA febrile illness for three days.\nPast medical history: asthma.';
    expect(h.at(text, 'ILLNESS').inHeader).toBe(true);
    expect(h.at(text, 'illness').inHeader).toBe(false);
    expect(h.at(text, 'asthma').inHeader).toBe(false);
    expect(h.at(text, 'asthma').section).toBe('past_medical_history');
    // The same words in running text are no header.
    expect(h.at('She reports an illness of the present kind.', 'illness').inHeader).toBe(false);
  });
});
