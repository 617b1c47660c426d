/**
 * Who a note is about, where the code says more than the sentence
 * (data/context/patient.json): in a note about a child, a pregnancy, a
 * delivery or lactation is the mother's ("A 2-month-old infant ... pregnancy
 * and delivery were normal"). ConText's family triggers need a word such as
 * "mother" in the sentence; birth histories seldom say it.
 */
import patient from '../../data/context/patient.json' with { type: 'json' };

/** The rule id a span marked this way carries in `rules`. */
export const CHILD_PATIENT_RULE = 'exp.child-patient';

/** Characters read for the patient's age: case reports and admission notes state it first. */
const OPENING = 200;
// An age as notes state it: "3-month-old", "72 year old", "3 years and 8 months old" (read by its first unit).
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const AGE = new RegExp(
  `\\b(\\d{1,3}|${NUMBER_WORDS.join('|')})[\\s-]*(day|week|month|year|yr)s?(?:[\\s,-]*(?:and[\\s-]*)?\\d{1,3}[\\s-]*(?:day|week|month)s?)?[\\s-]*old\\b`,
  'i',
);
const NEWBORN = new RegExp(`\\b(?:${patient.newbornWords.map((w) => w.replace('-', '[- ]?')).join('|')})s?\\b`, 'i');
const MATERNAL = new RegExp(`^(?:${patient.maternalCodes.prefixes.join('|')})`);

/** Whether `code` names the mother whoever the note is about (chapter 15, Z33-Z37, Z39, Z3A). */
export function isMaternalCode(code: string): boolean {
  return MATERNAL.test(code);
}

/**
 * Whether the note is about a child: the first age its opening states is at
 * most `childUpToYears`, or a newborn is named there before any age. Later in
 * a note, a newborn is as likely the patient's own baby.
 */
export function aboutChild(text: string): boolean {
  const opening = text.slice(0, OPENING);
  const age = AGE.exec(opening);
  const newborn = NEWBORN.exec(opening);
  if (newborn !== null && (age === null || newborn.index < age.index)) return true;
  if (age === null) return false;
  const unit = (age[2] as string).toLowerCase();
  const n = (age[1] as string).toLowerCase();
  const years = /^\d/.test(n) ? Number(n) : NUMBER_WORDS.indexOf(n) + 1;
  return unit !== 'year' && unit !== 'yr' ? true : years <= patient.childUpToYears;
}
