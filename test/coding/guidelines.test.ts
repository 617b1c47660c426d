/**
 * `engine.code` on the real release, case by case from the ICD-10-CM Official
 * Guidelines for Coding and Reporting: each case names the section it follows.
 * Synthetic sentences, written for these tests in the Guidelines' own terms.
 *
 * A case lists codes that must be coded (`codes`), codes that must not be
 * (`absent`), and codes that must be set aside by a named rule (`aside`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.js';
import type { Setting } from '../../src/coding/index.js';

interface Case {
  section: string;
  text: string;
  setting?: Setting;
  codes?: string[];
  absent?: string[];
  /** [code, rule id] pairs. */
  aside?: Array<[string, string]>;
  /** [code, rule id]: a kept code that carries the rule. */
  rule?: [string, string];
}

const CASES: Case[] = [
  // I.A.15 "With": the Index's "with" links two conditions into a combination code.
  { section: 'I.A.15', text: 'Type 2 diabetes mellitus. Chronic kidney disease stage 3a.', codes: ['E11.22', 'N18.31'], absent: ['E11.9'], aside: [['E11.9', 'with.combination']] },
  { section: 'I.A.15', text: 'Type 1 diabetes. Gastroparesis.', codes: ['E10.43', 'K31.84'], absent: ['E10.9'] },
  { section: 'I.A.15', text: 'Type 2 diabetes with neuropathy.', codes: ['E11.40'], absent: ['E11.9'] },
  { section: 'I.A.15', text: 'COPD with acute exacerbation.', codes: ['J44.1'], absent: ['J44.9'] },
  { section: 'I.A.15', text: 'Type 2 diabetes mellitus with diabetic chronic kidney disease.', codes: ['E11.22'] },
  { section: 'I.A.15', text: 'T2DM. CKD stage 4.', codes: ['E11.22', 'N18.4'], rule: ['E11.22', 'with.combination'] },
  { section: 'I.A.15', text: 'Type 2 diabetes with hyperlipidemia.', codes: ['E11.9', 'E78.5'], absent: ['E11.69'] },
  { section: 'I.A.15', text: 'Asthma with exacerbation.', codes: ['J45.901'] },
  // I.C.4.a: as many codes from E08-E13 as needed to identify all the associated conditions.
  { section: 'I.C.4.a', text: 'Type 2 diabetes with diabetic neuropathy. CKD stage 4.', codes: ['E11.40', 'E11.22', 'N18.4'], absent: ['E11.9'] },
  { section: 'I.C.4.a', text: 'Type 2 diabetes. CKD stage 3a. Gastroparesis.', codes: ['E11.22', 'E11.43', 'N18.31', 'K31.84'], absent: ['E11.9'] },
  // I.C.9.a Hypertension with heart disease or CKD.
  { section: 'I.C.9.a.1', text: 'Hypertension. Congestive heart failure.', codes: ['I11.0', 'I50.9'], absent: ['I10'], aside: [['I10', 'hypertension.combination']] },
  { section: 'I.C.9.a.1', text: 'Hypertension and cardiomegaly.', codes: ['I11.9'], absent: ['I10', 'I51.7'], aside: [['I51.7', 'hypertension.included']] },
  { section: 'I.C.9.a.2', text: 'Hypertension and CKD stage 4.', codes: ['I12.9', 'N18.4'], absent: ['I10'] },
  { section: 'I.C.9.a.2', text: 'Hypertension with end stage renal disease.', codes: ['I12.0', 'N18.6'], absent: ['I10'] },
  { section: 'I.C.9.a.3', text: 'HTN, CHF, CKD stage 3b.', codes: ['I13.0', 'I50.9', 'N18.32'], absent: ['I10', 'I11.0', 'I12.9'] },
  { section: 'I.C.9.a.3', text: 'HTN, ESRD, CHF.', codes: ['I13.2', 'N18.6', 'I50.9'], absent: ['I10'] },
  { section: 'I.C.9.a.3', text: 'Hypertension, chronic kidney disease, cardiomegaly.', codes: ['I13.10'], absent: ['I10', 'I12.9', 'I51.7'] },
  { section: 'I.C.9.a.3', text: 'Hypertensive heart disease with heart failure. CKD stage 5.', codes: ['I13.2', 'N18.5'], absent: ['I11.0'] },
  { section: 'I.C.9.a', text: 'Essential hypertension. Coronary artery disease.', codes: ['I10', 'I25.10'], absent: ['I11.9'] },
  // IV.I / IV.J: chronic conditions in the past medical history coexist and are coded as current.
  { section: 'IV.J', text: 'History of hypertension.', codes: ['I10'], rule: ['I10', 'course.persists'] },
  { section: 'IV.J', text: 'History of COPD.', codes: ['J44.9'] },
  { section: 'IV.J', text: 'Past medical history: asthma.', codes: ['J45.909'] },
  { section: 'IV.I', text: 'PMH: hyperlipidemia, atrial fibrillation.', codes: ['E78.5', 'I48.91'] },
  { section: 'IV.J', text: 'PMH: obstructive sleep apnea.', codes: ['G47.33'] },
  // IV.J and I.C.21.c.4: a condition treated and no longer present is a personal-history code, from the Index.
  { section: 'I.C.9.e.4', text: 'History of MI.', codes: ['I25.2'], absent: ['I21.9'], aside: [['I21.9', 'course.resolved']] },
  { section: 'I.C.2.d', text: 'History of colon cancer.', codes: ['Z85.038'], absent: ['C18.9'] },
  { section: 'I.C.21.c.4', text: 'Hx of DVT.', codes: ['Z86.718'], absent: ['I82.409'] },
  { section: 'I.C.21.c.4', text: 'Former smoker.', codes: ['Z87.891'] },
  { section: 'I.C.21.c.4', text: 'History of pneumonia.', codes: ['Z87.01'], absent: ['J18.9'] },
  { section: 'I.C.21.c.4', text: 'History of pulmonary embolism.', codes: ['Z86.711'], absent: ['I26.99'] },
  { section: 'I.C.9.d.3', text: 'History of stroke.', codes: ['Z86.73'], absent: ['I63.9'] },
  { section: 'I.C.2.d', text: 'History of breast cancer.', codes: ['Z85.3'], absent: ['C50.919'] },
  { section: 'I.C.21.c.4', text: 'Past medical history: kidney stones.', codes: ['Z87.442'], absent: ['N20.0'] },
  { section: 'IV.J', text: 'History of appendicitis.', absent: ['K37'], aside: [['K37', 'course.unknown']] },
  // I.C.21.c.4 family history.
  { section: 'I.C.21.c.4', text: 'Mother had breast cancer.', codes: ['Z80.3'], absent: ['C50.919'], aside: [['C50.919', 'context.family']] },
  { section: 'I.C.21.c.4', text: 'Family history of diabetes.', codes: ['Z83.3'] },
  { section: 'I.C.21.c.4', text: 'Father with colon cancer.', codes: ['Z80.0'], absent: ['C18.9'] },
  { section: 'I.C.21.c.4', text: 'Family history: brother with asthma.', codes: ['Z82.5'], absent: ['J45.909'] },
  { section: 'I.C.21.c.4', text: 'FHx: father with stroke.', codes: ['Z82.3'], absent: ['I63.9'] },
  { section: 'I.C.21.c.4', text: 'Mother with hypertension.', codes: ['Z82.49'], absent: ['I10'] },
  { section: 'I.C.21.c.4', text: 'FHx: father w/ MI, mother w/ breast CA.', codes: ['Z82.49', 'Z80.3'], absent: ['I21.9', 'C50.919'] },
  // Negated conditions are not documented conditions (IV.J).
  { section: 'IV.J', text: 'No evidence of pneumonia.', absent: ['J18.9'], aside: [['J18.9', 'context.negated']] },
  { section: 'IV.J', text: 'Denies chest pain.', absent: ['R07.9'], aside: [['R07.9', 'context.negated']] },
  { section: 'IV.J', text: 'Patient denies N/V.', absent: ['R11.2'], aside: [['R11.2', 'context.negated']] },
  { section: 'I.C.21.c.3', text: 'No history of CABG.', absent: ['Z95.1'], aside: [['Z95.1', 'context.negated']] },
  // IV.H (outpatient) and II.H (inpatient): uncertain diagnoses.
  { section: 'IV.H', text: 'Cough and fever, rule out pneumonia.', codes: ['R05.9', 'R50.9'], absent: ['J18.9'], aside: [['J18.9', 'uncertain.outpatient']] },
  { section: 'II.H', text: 'Cough and fever, rule out pneumonia.', setting: 'inpatient', codes: ['J18.9'], absent: ['R05.9', 'R50.9'], rule: ['J18.9', 'uncertain.inpatient'] },
  { section: 'IV.H', text: 'Probable pneumonia.', absent: ['J18.9'] },
  { section: 'II.H', text: 'Probable pneumonia.', setting: 'inpatient', codes: ['J18.9'] },
  { section: 'IV.H', text: 'Suspected pulmonary embolism. Shortness of breath.', codes: ['R06.02'], absent: ['I26.99'] },
  { section: 'II.H', text: 'Suspected pulmonary embolism. Shortness of breath.', setting: 'inpatient', codes: ['I26.99'], absent: ['R06.02'] },
  // I.B.5 integral signs and symptoms; I.B.6 those that are not.
  { section: 'I.B.5', text: 'Acute myocardial infarction with chest pain.', codes: ['I21.9'], absent: ['R07.9'], aside: [['R07.9', 'symptom.integral']] },
  { section: 'I.B.5', text: 'Pneumonia with cough and fever.', codes: ['J18.9'], absent: ['R05.9', 'R50.9'] },
  { section: 'I.B.5', text: 'Urinary tract infection with dysuria.', codes: ['N39.0'], absent: ['R30.0'] },
  { section: 'I.B.5', text: 'Chest pain. Acute STEMI.', codes: ['I21.3'], absent: ['R07.9'] },
  { section: 'I.B.6', text: 'Pneumonia. Hematuria.', codes: ['J18.9', 'R31.9'] },
  { section: 'I.B.4', text: 'Chest pain. Shortness of breath.', codes: ['R07.9', 'R06.02'] },
  // I.C.21.c.3 status codes, read from the Index and the Table of Drugs.
  { section: 'I.C.21.c.3', text: 'Status post CABG.', codes: ['Z95.1'] },
  { section: 'I.C.21.c.3', text: 'On apixaban for atrial fibrillation.', codes: ['Z79.01', 'I48.91'] },
  { section: 'I.C.4.a.3', text: 'Type 2 diabetes on insulin.', codes: ['E11.9', 'Z79.4'] },
  { section: 'I.C.4.a.3', text: 'Type 2 diabetes treated with metformin.', codes: ['E11.9', 'Z79.84'], rule: ['Z79.84', 'tabular.use-additional-code'] },
  { section: 'I.C.21.c.3', text: 'Takes aspirin daily.', codes: ['Z79.82'] },
  { section: 'I.C.21.c.3', text: 'OSA on CPAP.', codes: ['G47.33', 'Z99.89'] },
  { section: 'I.B.14', text: 'Obesity, BMI 42.', codes: ['E66.9', 'Z68.41'] },
  { section: 'I.B.14', text: 'BMI 42.', absent: ['Z68.41'], aside: [['Z68.41', 'status.bmi-unassociated']] },
  // I.A.12.a Excludes1: one of the two is kept.
  { section: 'I.A.12.a', text: 'Type 1 diabetes and type 2 diabetes.', codes: ['E10.9'], absent: ['E11.9'], aside: [['E11.9', 'tabular.excludes1']] },
  { section: 'I.A.12.a', text: 'Type 2 diabetes. Gestational diabetes.', codes: ['O24.419'], absent: ['E11.9'], aside: [['E11.9', 'tabular.excludes1']] },
  // I.A.13 "use additional code" and I.B.2 level of detail.
  { section: 'I.A.13', text: 'Type 2 diabetes mellitus with diabetic chronic kidney disease, stage 3a.', codes: ['E11.22', 'N18.31'], rule: ['N18.31', 'tabular.use-additional-code'] },
  { section: 'I.A.13', text: 'Hypertension. Heart failure.', codes: ['I11.0', 'I50.9'], rule: ['I50.9', 'tabular.use-additional-code'] },
  { section: 'I.B.2', text: 'CKD. CKD stage 4.', codes: ['N18.4'], absent: ['N18.9'], aside: [['N18.9', 'specificity.one-code']] },
  { section: 'I.B.2', text: 'Type 2 diabetes with diabetic neuropathy.', codes: ['E11.40'], absent: ['E11.9'] },
  { section: 'I.B.2', text: 'Asthma. Acute exacerbation of asthma.', codes: ['J45.901'], absent: ['J45.909'] },
];

let engine: Engine;
beforeAll(async () => {
  engine = await loadEngine({ build: 'never' });
});

describe('engine.code: the Guidelines, case by case', () => {
  it('has at least 60 cases, each naming a section', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
    for (const c of CASES) expect(c.section).toMatch(/^(I|II|III|IV)\.[A-Z](\.\d+)?(\.[a-z](\.\d+)?)?$/);
  });

  it.each(CASES.map((c) => [`${c.section} ${c.setting ?? 'outpatient'}: ${c.text}`, c] as const))('%s', (_, c) => {
    const set = engine.code(c.text, c.setting === undefined ? {} : { setting: c.setting });
    const codes = set.codes.map((x) => x.code);
    for (const code of c.codes ?? []) expect(codes, `coded: ${codes.join(' ')}`).toContain(code);
    for (const code of c.absent ?? []) expect(codes).not.toContain(code);
    for (const [code, rule] of c.aside ?? []) {
      expect(set.setAside.map((s) => `${s.code} ${s.rule.id}`)).toContain(`${code} ${rule}`);
    }
    if (c.rule !== undefined) {
      const [code, rule] = c.rule;
      expect(set.codes.find((x) => x.code === code)?.rules.map((r) => r.id)).toContain(rule);
    }
    // Every evidence span is the caller's text, and every decision names a section.
    for (const x of [...set.codes, ...set.setAside]) for (const e of x.evidence) expect(c.text.slice(e.start, e.end)).toBe(e.text);
    for (const x of set.codes) expect(x.rules.length).toBeGreaterThan(0);
  });
});
