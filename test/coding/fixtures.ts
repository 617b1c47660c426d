/** The two synthetic notes of the code-set issue, shared by the end-to-end tests. */
export const PLAIN_NOTE =
  'Past medical history: myocardial infarction. Type 2 diabetes; labs show CKD stage 3a. Hypertension. No evidence of pneumonia. Mother had breast cancer.';
export const SHORTHAND_NOTE =
  '67 y/o F w/ PMH of HTN, HLD, T2DM on metformin, CAD s/p CABG, CKD III, OSA on CPAP, presents with CP and SOB. Denies N/V. FHx: mother w/ breast CA.';
