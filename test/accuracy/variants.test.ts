import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { IcdError } from '../../src/errors.js';
import { icdErrorOf } from '../helpers/errors.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import {
  conventionForms,
  headAfterSite,
  headFirst,
  withoutLevel,
  withoutStatus,
  causeAgentForms,
  headNounForms,
  closedCompounds,
  neoplasmForms,
  organFunctionForms,
  parseSynonyms,
  possessiveEponym,
  resectedAdjective,
  qualifierFirst,
  projectTerms,
  readSynonyms,
  synonymForms,
  variantTerms,
  type SynonymFile,
} from '../../src/lexicon/project-terms.js';
import type { Lexicon, TermRecord } from '../../src/lexicon/types.js';
import { lexiconOf, titleTerms } from '../helpers/synthetic-lexicon.js';

const SYNONYMS: SynonymFile = {
  format: 1,
  description: 'test',
  groups: [{ words: ['kidney', 'renal'] }, { words: ['femur', 'femoral'] }, { words: ['liver', 'hepatic'] }, { words: ['lymph node', 'lymph nodes', 'lymph gland'] }],
};
const table = new Map(SYNONYMS.groups.flatMap((g) => g.words.map((w) => [w, g.words.filter((o) => o !== w)] as [string, string[]])));

describe('phrasing variants, by class', () => {
  it.each([
    ['Unspecified fracture of left femur, initial encounter for closed fracture', 'S72.92XA', 'fracture of left femur'],
    ['Unspecified atrial fibrillation', 'I48.91', 'atrial fibrillation'],
    ['Chronic kidney disease, unspecified', 'N18.9', 'Chronic kidney disease'],
    ['Hemorrhage, not elsewhere classified', 'R58', 'Hemorrhage'],
  ])('coding-convention words dropped: %s', (text, code, form) => {
    expect(conventionForms(text, code)).toEqual([text, form]);
  });

  it('keeps the encounter clause of a subsequent-encounter or sequela code', () => {
    expect(conventionForms('Unspecified fracture of left femur, subsequent encounter for closed fracture with routine healing', 'S72.92XD')).toEqual([
      'Unspecified fracture of left femur, subsequent encounter for closed fracture with routine healing',
      'fracture of left femur, subsequent encounter for closed fracture with routine healing',
    ]);
    // "Unspecified" alone in front of one word is not dropped: nothing would be left to say.
    expect(conventionForms('Unspecified dementia', 'F03.90')).toEqual(['Unspecified dementia']);
  });

  it.each([
    ['Fracture of femur', 'femur Fracture'],
    ['fracture of left femur', 'left femur fracture'],
    ['Disease of the liver', 'liver Disease'],
    ['Personal history of nicotine dependence', null],
    ['Fracture of femur with delayed healing', null],
    ['Encounter for examination of eyes', null],
  ])('head noun after its site: %s', (text, expected) => {
    expect(headAfterSite(text)).toBe(expected);
  });

  it.each([
    ['Right upper quadrant pain', 'pain in Right upper quadrant'],
    ['Epigastric pain', 'pain in Epigastric'],
    ['Scrotal pain', 'pain in Scrotal'],
    ['Low back pain', 'pain in Low back'],
    // A qualifier that is not a site keeps the title's order: "pain in chronic pancreatitis" is not chronic pain.
    ['Chronic pain', null],
    ['Other chest pain', null],
    ['Generalized abdominal pain', null],
    ['Postprocedural pain', null],
    // Only the heads of head-first.json, and not a lone head.
    ['Right upper quadrant swelling', null],
    ['pain', null],
  ])('symptom before its site: %s', (text, expected) => {
    expect(headFirst(text)).toBe(expected);
  });

  it.each([
    ['Elevated transaminase level', 'Elevated transaminase'],
    ['Elevated blood glucose level', 'Elevated blood glucose'],
    ['Abnormal serum enzyme levels', 'Abnormal serum enzyme'],
    // "level" that is not a measured value keeps its word.
    ['Other cervical disc displacement at C4-C5 level', null],
    ['Disability intellectual specified level', null],
    ['Elevated lipoprotein, unspecified level', null],
  ])('a measured value without "level": %s', (text, expected) => {
    expect(withoutLevel(text)).toBe(expected);
  });

  it.each([
    ['Staphylococcus aureus infection as the cause of diseases classified elsewhere', 'B95.61', ['Staphylococcus aureus']],
    ['Unspecified staphylococcus as the cause of diseases classified elsewhere', 'B95.8', ['staphylococcus']],
    ['Streptococcus, group A, as the cause of diseases classified elsewhere', 'B95.0', ['Streptococcus, group A']],
    // The Tabular's bracketed short name is a name of its own.
    ['Unspecified Escherichia coli E. coli as the cause of diseases classified elsewhere', 'B96.20', ['Escherichia coli', 'E. coli']],
    // "Other ..." names no organism; outside B95-B97 the words are not an organism's title.
    ['Other streptococcus as the cause of diseases classified elsewhere', 'B95.4', []],
    ['Staphylococcus aureus infection as the cause of diseases classified elsewhere', 'A49.01', []],
    ['Staphylococcal arthritis', 'B95.8', []],
  ])('an organism by its name alone: %s (%s)', (text, code, expected) => {
    expect(causeAgentForms(text, code)).toEqual(expected);
  });

  it('names a qualified condition with each generic head noun', () => {
    const heads = new Set(['disease', 'disorder', 'illness', 'condition']);
    const common = new Set(['endocrine', 'psychiatric', 'intervertebral', 'disc']);
    expect(headNounForms('endocrine Disorder', heads, common)).toEqual(['endocrine disease', 'endocrine illness', 'endocrine condition']);
    expect(headNounForms('Psychiatric disorder', heads, common)).toContain('Psychiatric illness');
    expect(headNounForms('intervertebral disc Disease', heads, common)).toContain('intervertebral disc condition');
    // An eponym is not a qualifier: "Hers disease" is not "her condition".
    expect(headNounForms('Hers disease', heads, common)).toEqual([]);
    // Clause words, a lone head, other heads and long terms keep their wording.
    expect(headNounForms('Disorder of kidney', heads, common)).toEqual([]);
    expect(headNounForms('disease', heads, common)).toEqual([]);
    expect(headNounForms('endocrine disc psychiatric intervertebral disease', heads, common)).toEqual([]);
    expect(headNounForms('endocrine Failure', heads, common)).toEqual([]);
    expect(headNounForms('endocrine Disorder', new Set(), common)).toEqual([]);
    // A note-only head is read into, but a title with it keeps its wording.
    const withProblem = new Set([...heads, 'problem']);
    const noteOnly = new Set(['problem']);
    expect(headNounForms('endocrine Disorder', withProblem, common, noteOnly)).toContain('endocrine problem');
    expect(headNounForms('endocrine problem', withProblem, common, noteOnly)).toEqual([]);
  });

  it("reads the Index's status after an organ's removal as its participle", () => {
    expect(resectedAdjective('Status hysterectomy')).toBe('hysterectomized');
    expect(resectedAdjective('Status splenectomy')).toBe('splenectomized');
    expect(resectedAdjective('Hysterectomy')).toBeNull();
    expect(resectedAdjective('Status hysterectomy total')).toBeNull();
  });

  it('drops "status" after a test result, and only there', () => {
    expect(withoutStatus('Estrogen receptor positive status')).toBe('Estrogen receptor positive');
    expect(withoutStatus('Human epidermal growth factor receptor 2 negative status')).toBe('Human epidermal growth factor receptor 2 negative');
    expect(withoutStatus('Tubal ligation status')).toBeNull();
    expect(withoutStatus('Positive status')).toBeNull();
  });

  it('closes hyphenated compounds, which the tokenizer reads as two words', () => {
    expect(closedCompounds('Light-headedness')).toBe('Lightheadedness');
    // A name after the hyphen keeps it: notes write "non-Hodgkin", not "nonHodgkin".
    expect(closedCompounds('Non-Hodgkin lymphoma, breast-feeding')).toBe('Non-Hodgkin lymphoma, breastfeeding');
    // Letters only: codes, numbers and lone letters keep their hyphen.
    expect(closedCompounds('Glucose-6-phosphate dehydrogenase deficiency')).toBeNull();
    expect(closedCompounds('X-linked agammaglobulinemia')).toBeNull();
    expect(closedCompounds('Diabetes')).toBeNull();
  });

  it("names an organ's impairment by its function", () => {
    expect(organFunctionForms('renal Impairment')).toEqual(
      expect.arrayContaining(['impairment of renal function', 'deterioration of renal function', 'renal function impairment', 'impaired renal function']),
    );
    expect(organFunctionForms('liver Dysfunction')).toContain('worsening of liver function');
    expect(organFunctionForms('Impairment')).toEqual([]);
    expect(organFunctionForms('renal Failure')).toEqual([]);
    expect(organFunctionForms('mild cognitive impairment')).toEqual([]);
    // The Index's abnormal function studies, named by the function.
    expect(organFunctionForms('Abnormal function studies kidney')).toEqual(expect.arrayContaining(['abnormal kidney function', 'altered kidney function']));
  });

  it('names an eponymous disease by its possessive alone', () => {
    expect(possessiveEponym("Crohn's disease")).toBe("Crohn's");
    expect(possessiveEponym("Graves' disease")).toBe("Graves'");
    expect(possessiveEponym("Still's disease")).toBe("Still's");
    expect(possessiveEponym('Down syndrome')).toBeNull();
    expect(possessiveEponym("Crohn's disease of small intestine")).toBeNull();
  });

  it('puts a three-element index path in English order when its last element qualifies', () => {
    expect(qualifierFirst('Syndrome coronary acute')).toBe('acute coronary Syndrome');
    // An adjective by its ending, not only the listed qualifiers.
    expect(qualifierFirst('Syndrome malignant neuroleptic')).toBe('neuroleptic malignant Syndrome');
    expect(qualifierFirst('Fracture femur shaft')).toBeNull();
    expect(qualifierFirst('Syndrome coronary')).toBeNull();
  });

  it('a head variant never takes a wording the release gives another code', () => {
    const terms: TermRecord[] = [
      { text: 'endocrine Disorder', code: 'E34.9', source: 'index' },
      { text: 'glandular Disorder', code: 'E34.9', source: 'index' },
      { text: 'glandular disease', code: 'E99.9', source: 'inclusion' },
      // Writes the qualifiers in lower case after a first word: they are common words.
      { text: 'Adenoma endocrine glandular', code: 'D35.9', source: 'index' },
    ];
    const out = variantTerms(terms, { ...SYNONYMS, heads: [{ why: 'test', words: ['disease', 'disorder'] }] });
    expect(out.filter((t) => t.code === 'E34.9').map((t) => t.text)).toEqual(['endocrine disease']);
    expect(out.filter((t) => t.code === 'E99.9')).toEqual([]);
  });

  it('replaces one site word or phrase at a time, keeping punctuation', () => {
    expect(synonymForms('kidney Failure', table)).toEqual(['renal Failure']);
    expect(synonymForms('left femur fracture', table)).toEqual(['left femoral fracture']);
    expect(synonymForms('liver and kidney, failure', table).sort()).toEqual(['hepatic and kidney, failure', 'liver and renal, failure']);
    expect(synonymForms('enlarged lymph nodes', table).sort()).toEqual(['enlarged lymph gland', 'enlarged lymph node']);
    expect(synonymForms('Heart failure', table)).toEqual([]);
  });

  it('gives neoplasm table rows the morphology words of their column', () => {
    expect(neoplasmForms('secondary malignant neoplasm bone')).toEqual(expect.arrayContaining(['bone metastases', 'metastasis to bone']));
    expect(neoplasmForms('malignant neoplasm prostate')).toEqual(expect.arrayContaining(['prostate cancer', 'carcinoma of prostate', 'adenocarcinoma of prostate']));
    expect(neoplasmForms('benign neoplasm kidney')).toEqual(expect.arrayContaining(['kidney adenoma']));
    expect(neoplasmForms('carcinoma in situ cervix uteri')).toEqual(['carcinoma in situ cervix uteri', 'cervix uteri carcinoma in situ']);
    expect(neoplasmForms('Neoplasm of uncertain behavior')).toEqual(['Neoplasm of uncertain behavior']);
  });

  it('variants keep code and source, skip non-prose sources, and never repeat the term', () => {
    const terms: TermRecord[] = [
      { text: 'Fracture of femur', code: 'S72.90XA', source: 'description' },
      { text: 'kidney Failure', code: 'N19', source: 'index' },
      { text: 'Fall from bed', code: 'W06.XXXA', source: 'external-cause' },
      { text: 'Femoral fracture', code: 'S72.90XA', source: 'inclusion' },
    ];
    const out = variantTerms(terms, SYNONYMS);
    expect(out.filter((t) => t.code === 'N19')).toEqual([{ text: 'renal Failure', code: 'N19', source: 'index' }]);
    expect(out.some((t) => t.code === 'W06.XXXA')).toBe(false);
    expect(out.filter((t) => t.code === 'S72.90XA').map((t) => t.text.toLowerCase())).toEqual(
      expect.arrayContaining(['femur fracture', 'femoral fracture', 'fracture of femoral']),
    );
    expect(out.filter((t) => t.text === 'Femoral fracture')).toEqual([]);
  });
});

describe('variants reach the matcher', () => {
  let engine: Engine;
  beforeAll(() => {
    const c = (code: string, longDescription: string, billable = true) => ({ code, billable, shortDescription: longDescription, longDescription });
    const codes = [
      c('S72.92XA', 'Unspecified fracture of left femur, initial encounter for closed fracture'),
      c('N18.9', 'Chronic kidney disease, unspecified'),
      c('C78.7', 'Secondary malignant neoplasm of liver and intrahepatic bile duct'),
      c('C61', 'Malignant neoplasm of prostate'),
    ];
    const lex = lexiconOf(codes, [
      ...titleTerms(codes),
      { text: 'secondary malignant neoplasm liver', code: 'C78.7', source: 'neoplasm' },
      { text: 'malignant neoplasm prostate', code: 'C61', source: 'neoplasm' },
    ]);
    engine = Engine.fromBuffer(compileLexicon(lex, variantTerms(lex.terms, SYNONYMS)).bytes.buffer);
  });

  it.each([
    ['Fracture of the left femur.', 'S72.92XA'],
    ['Left femoral fracture.', 'S72.92XA'],
    ['Chronic renal disease.', 'N18.9'],
    ['Multiple hepatic metastases.', 'C78.7'],
    ['Carcinoma of the prostate.', 'C61'],
    ['Prostatic adenocarcinoma.', 'C61'],
  ])('%s -> %s', (text, code) => {
    expect(engine.detect(text, { context: false }).map((s) => s.concepts[0]?.code)).toEqual([code]);
  });
});

describe('synonym file', () => {
  it('the repository file is valid', () => {
    expect(readSynonyms().groups.length).toBeGreaterThan(10);
  });

  it('validates the head nouns', () => {
    const issues = icdErrorOf(() => parseSynonyms({ format: 1, description: 'x', groups: [], heads: [{ words: ['disease'], note: 1 }] })).issues;
    expect(issues.map((i) => i.path)).toEqual(['heads[0].note', 'heads[0].why', 'heads[0].words']);
    expect(icdErrorOf(() => parseSynonyms({ format: 1, description: 'x', groups: [], heads: { words: [] } })).issues.map((i) => i.path)).toEqual(['heads']);
    const outside = { why: 'y', words: ['disease', 'disorder'], noteOnly: ['problem'] };
    expect(icdErrorOf(() => parseSynonyms({ format: 1, description: 'x', groups: [], heads: [outside] })).issues.map((i) => i.path)).toEqual(['heads[0].noteOnly']);
  });

  it('rejects unknown keys, bad words and a word in two groups, with paths', () => {
    try {
      parseSynonyms({ format: 1, description: 'x', groups: [{ words: ['kidney', 'renal'], note: 1 }, { words: ['Renal!'] }, { words: ['kidney', 'nephric'] }] });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IcdError);
      expect((err as IcdError).issues.map((i) => i.path)).toEqual(['groups[0].note', 'groups[1].words', 'groups[2].words']);
    }
  });

  it('projectTerms keeps abbreviations whose code exists and adds variants', () => {
    const lex = {
      codes: [{ code: 'I10', billable: true, shortDescription: 'Essential hypertension', longDescription: 'Essential (primary) hypertension' }],
      terms: [{ text: 'Hypertension of kidney', code: 'I10', source: 'index' as const }],
    } as unknown as Lexicon;
    const out = projectTerms(lex, SYNONYMS);
    expect(out.filter((t) => t.source === 'abbreviation').map((t) => t.text)).toEqual(['HTN']);
    expect(out.filter((t) => t.source === 'index').map((t) => t.text)).toEqual(expect.arrayContaining(['kidney Hypertension', 'Hypertension of renal', 'renal Hypertension']));
  });
});
