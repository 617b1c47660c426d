import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.js';
import { TermFilter, parseTermFilter, type TermFilterSpec } from '../../src/lexicon/term-filter.js';
import { termWords } from '../../src/text/tokens.js';
import type { TermSource } from '../../src/types.js';
import { icdErrorOf } from '../helpers/errors.js';

const SPEC: TermFilterSpec = {
  genericWords: ['disease', 'Symptoms'],
  unnamedIllness: { code: 'R69', words: ['illness'] },
  everydayWords: ['age', 'scales'],
  functionWords: ['with', 'to'],
  oneWordCodeBlocks: [
    { from: 'V00', to: 'Y99' },
    { from: 'Z00', to: 'Z13' },
  ],
  titlesNeedingWords: [
    { id: 'substance-only', from: 'T36', to: 'T65', sources: ['short-description', 'inclusion'], words: ['poisoning', 'adverse', 'toxicity'] },
    { id: 'procedure-only', from: 'Z00', to: 'Z13', sources: [], words: ['encounter', 'screening'] },
  ],
};

const filter = new TermFilter(SPEC);
const reason = (text: string, code: string, source: TermSource = 'index') => filter.reason(termWords(text), { code, source, text });

describe('TermFilter.reason', () => {
  it.each([
    // one normalised word from a word list, whatever its code or source
    ['Disease', 'R69', 'index', 'generic'],
    ['symptom', 'R68.89', 'description', 'generic'],
    ['Age', 'R41.81', 'index-see', 'everyday'],
    ['scale', 'R23.4', 'index', 'everyday'],
    // one word and prepositions is still one word
    ['Age (to)', 'R41.81', 'index', 'everyday'],
    ['Exposure to', 'X58.XXXA', 'external-cause', 'code-block'],
    // one word in a listed block
    ['Standing', 'X50.1XXA', 'external-cause', 'code-block'],
    ['Examination', 'Z00.00', 'index', 'code-block'],
    ['Follow-up', 'Z09', 'index', 'code-block'],
    // substance-only titles in the poisoning blocks, from the listed sources only
    ['Penicillins', 'T36.0X', 'short-description', 'substance-only'],
    ['oral contraceptives', 'T38.4X', 'short-description', 'substance-only'],
    ['Cocaine', 'T41.3', 'inclusion', 'substance-only'],
    // procedure names in the examination-encounter block, from any source
    ['laboratory Test', 'Z00.00', 'index', 'procedure-only'],
    ['Eye examination', 'Z01.00', 'description', 'procedure-only'],
  ] as const)('%s (%s, %s) is left out as %s', (text, code, source, why) => {
    expect(reason(text, code, source)).toBe(why);
  });

  it.each([
    // the same words inside longer terms stay
    ['Coronary artery disease', 'I25.10', 'description'],
    ['Screening for malignant neoplasm of colon', 'Z12.11', 'index'],
    ['Fall from ladder', 'W11.XXXA', 'external-cause'],
    ['age-related cognitive decline', 'R41.81', 'description'],
    // one word outside the blocks and lists
    ['Pneumonia', 'J18.9', 'index'],
    ['Homelessness', 'Z59.00', 'description'],
    ['Pregnancy', 'Z33.1', 'inclusion'],
    // poisoning terms that say what happened, and index conditions, stay
    ['Poisoning by penicillins', 'T36.0X1A', 'short-description'],
    ['Adverse effect of anticoagulants', 'T45.515A', 'inclusion'],
    ['Plumbism', 'T56.0X1A', 'index'],
    ['penicillin toxicity', 'T36.0X1A', 'short-description'],
    ['Encounter for screening for depression', 'Z13.31', 'description'],
    ['screening for malignant neoplasm of colon', 'Z12.11', 'index'],
  ] as const)('%s (%s, %s) is kept', (text, code, source) => {
    expect(reason(text, code, source)).toBeNull();
  });
});

describe('TermFilter.aliasAllowed', () => {
  it.each([
    // a generic or everyday word, compared after the normaliser, is read in its note sense
    ['Diseases', false],
    ['Age', false],
    ['Scales', false],
    ['Symptom', false],
    // one that is neither names its entry
    ['Lithiasis', true],
    ['Maternal care', true],
  ] as const)('%s: %s', (title, allowed) => {
    expect(filter.aliasAllowed(title)).toBe(allowed);
  });

  it('turns down the project list\'s "Affection" and, stemmed alike, "Abnormity"', () => {
    const project = TermFilter.load();
    expect(project.aliasAllowed('Affection')).toBe(false);
    expect(project.aliasAllowed('Abnormity')).toBe(false);
    expect(project.aliasAllowed('Thrombus')).toBe(true);
  });
});

describe('parseTermFilter', () => {
  const valid = () => ({
    format: 2,
    description: 'test',
    words: { why: 'w', list: ['disease'] },
    unnamedIllness: { why: 'u', code: 'R69', list: ['illness'] },
    everydayWords: { why: 'e', list: [{ word: 'age', indexSense: 'R41.81', noteSense: 'years of age' }] },
    functionWords: { why: 'f', list: ['with'] },
    oneWordCodeBlocks: { why: 'b', list: [{ from: 'V00', to: 'Y99', block: 'External causes' }] },
    titlesNeedingWords: { why: 'n', list: [{ id: 'substance-only', why: 's', from: 'T36', to: 'T65', sources: ['short-description'], words: ['poisoning'] }] },
  });

  it('reads a valid file', () => {
    const spec = parseTermFilter(valid());
    expect(spec.genericWords).toEqual(['disease']);
    expect(spec.unnamedIllness).toEqual({ code: 'R69', words: ['illness'] });
    expect(spec.everydayWords).toEqual(['age']);
    expect(spec.oneWordCodeBlocks).toEqual([{ from: 'V00', to: 'Y99' }]);
    expect(spec.titlesNeedingWords).toEqual([{ id: 'substance-only', from: 'T36', to: 'T65', sources: ['short-description'], words: ['poisoning'] }]);
  });

  it('reports every problem with its path', () => {
    const bad = valid() as Record<string, unknown>;
    bad.format = 1;
    bad.extra = true;
    bad.words = { why: 'w', list: ['two words', 7, 'illness'] };
    bad.unnamedIllness = { why: 'u', code: 'R 69', list: ['illness'], extra: 1 };
    bad.oneWordCodeBlocks = { why: 'b', list: [{ from: 'Y99', to: 'V00', block: 'backwards' }, { from: 'V0', to: 'V99', block: 'short' }] };
    bad.titlesNeedingWords = {
      why: 'n',
      list: [
        { id: 'generic', why: 's', from: 'T36', to: 'T65', sources: ['nowhere'], words: [] },
        { id: 'x', why: 'y', from: 'Z00', to: 'Z13', words: ['encounter'], colour: 'red' },
      ],
    };
    const err = icdErrorOf(() => parseTermFilter(bad));
    const paths = err.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'format',
        'extra',
        'words.list[0]',
        'words.list[1]',
        'unnamedIllness.extra',
        'unnamedIllness.code',
        'unnamedIllness.list[0]',
        'oneWordCodeBlocks.list[0].to',
        'oneWordCodeBlocks.list[1].from',
        'titlesNeedingWords.list[0].id',
        'titlesNeedingWords.list[0].sources[0]',
        'titlesNeedingWords.list[0].words',
        'titlesNeedingWords.list[1].colour',
      ]),
    );
  });

  it('gives the unnamed-illness words as terms of their code, when the release has it', () => {
    expect(filter.unnamedIllnessTerms(new Set(['R69']))).toEqual([{ text: 'illness', code: 'R69', source: 'index-see' }]);
    expect(filter.unnamedIllnessTerms(new Set(['R68.89']))).toEqual([]);
    expect(reason('Illness', 'R69')).toBeNull();
  });

  it('loads the project file', () => {
    expect(TermFilter.load().reason(['age'], { code: 'R41.81', source: 'index-see', text: 'Age' })).toBe('everyday');
  });
});

describe('the project filter on the real release', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await loadEngine({ build: 'never' });
  });
  const codes = (text: string) => engine.detect(text).map((s) => [s.text, s.concepts[0]?.code]);

  it('reports none of the one-word encounter, external-cause, everyday or substance terms', () => {
    const text =
      'At 40 years of age she came for examination and follow-up after admission. Pain was worse when standing. ' +
      'She takes anticoagulants and penicillins.';
    expect(codes(text)).toEqual([['Pain', 'R52']]);
  });

  it('codes a disease the note does not name as R69, and not a header or a named disease', () => {
    const text = 'HISTORY OF PRESENT ILLNESS:\nThe disease progressed despite treatment. Crohn disease.';
    expect(codes(text)).toEqual([
      ['disease', 'R69'],
      ['Crohn disease', 'K50.90'],
    ]);
  });

  it('reads words that only stem like a condition as the words they are', () => {
    const text =
      'Soft and depressible abdomen. Selective arterial embolization was done. The isolate was sensitive to ciprofloxacin. ' +
      'An exhaustive work-up. Irritative voiding symptoms. The patient declined surgery. Saline heated to 37 C. ' +
      'Rigorous sampling. Ocular irritants. Pulmonary embolism.';
    expect(codes(text).map(([t]) => t)).toEqual(['Pulmonary embolism']);
  });

  it('reads the words of a longer reading the review turned down ("his disease" is no eponym)', () => {
    expect(codes('His disease progressed.')).toEqual([['disease', 'R69']]);
  });

  it('reads past a longer reading the review turned down ("chronic alcohol" is not "chronic alcoholism")', () => {
    expect(codes('Chronic alcohol abuse and drug use.')).toEqual([
      ['alcohol abuse', 'F10.10'],
      ['drug use', 'F19.90'],
    ]);
  });

  it('keeps the longer terms that hold those words', () => {
    const text = 'Poisoning by penicillins. Encounter for screening for malignant neoplasm of colon. She is pregnant.';
    expect(codes(text)).toEqual([
      ['Poisoning by penicillins', 'T36.0X1A'],
      ['Encounter for screening for malignant neoplasm of colon', 'Z12.11'],
      ['pregnant', 'Z33.1'],
    ]);
  });
});
