/**
 * The rules `engine.code` applies, each with the Guidelines section it follows.
 * Ids are stable: they appear in every code's `rules` and every set-aside's `rule`.
 */
import type { RuleRef } from './types.js';

const rule = (id: string, section: string): RuleRef => Object.freeze({ id, section });

export const RULES = {
  /** A mention affirmed for the patient now. */
  documented: rule('context.documented', 'IV.J'),
  /** Denied or absent: not a documented condition. */
  negated: rule('context.negated', 'IV.J'),
  /** Conditional or future ("if she develops chest pain"). */
  hypothetical: rule('context.hypothetical', 'IV.J'),
  /** About a relative: the patient's family history instead. */
  family: rule('context.family', 'I.C.21.c.4'),
  familyHistory: rule('history.family', 'I.C.21.c.4'),
  familyNoCode: rule('history.family-no-index-entry', 'I.C.21.c.4'),
  /** Uncertain, outpatient: signs and symptoms instead. */
  uncertainOutpatient: rule('uncertain.outpatient', 'IV.H'),
  /** Uncertain, inpatient: coded as if established. */
  uncertainInpatient: rule('uncertain.inpatient', 'II.H'),
  /** A past condition that persists: coded as current. */
  persists: rule('course.persists', 'IV.J'),
  /** A past condition that resolved: not coded as current. */
  resolved: rule('course.resolved', 'IV.J'),
  personalHistory: rule('history.personal', 'I.C.21.c.4'),
  noHistoryCode: rule('history.no-index-entry', 'I.C.21.c.4'),
  /** A past condition whose course the data does not say. */
  unknownCourse: rule('course.unknown', 'IV.J'),
  status: rule('status.stated', 'I.C.21.c.3'),
  drugTherapy: rule('status.drug-therapy', 'I.C.21.c.3'),
  bmi: rule('status.bmi', 'I.B.14'),
  bmiUnassociated: rule('status.bmi-unassociated', 'I.B.14'),
  /** The "with" convention: a combination code from the Index. */
  withCombination: rule('with.combination', 'I.A.15'),
  withIncluded: rule('with.included', 'I.A.15'),
  hypertension: rule('hypertension.combination', 'I.C.9.a'),
  hypertensionIncluded: rule('hypertension.included', 'I.C.9.a'),
  useAdditional: rule('tabular.use-additional-code', 'I.A.13'),
  codeAlso: rule('tabular.code-also', 'I.A.17'),
  excludes1: rule('tabular.excludes1', 'I.A.12.a'),
  integral: rule('symptom.integral', 'I.B.5'),
  /** The same condition coded once, at its most specific. */
  oneCode: rule('specificity.one-code', 'I.B.2'),
  header: rule('specificity.header', 'I.A.3'),
} as const;

/** Every rule, for the README table and the tests. */
export const ALL_RULES: readonly RuleRef[] = Object.values(RULES);
