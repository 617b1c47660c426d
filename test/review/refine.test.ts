import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon } from '../../src/lexicon/types.js';
import { readArtifactFile } from '../../src/artifact/read.js';
import { DEFAULT_ARTIFACT } from '../../src/paths.js';
import { refineSpan, reviewSpan, SITE_WORDS, SpanReview } from '../../src/review/refine.js';
import { compileContext, loadContextRules } from '../../src/context/index.js';
import { normalizeWord } from '../../src/text/word.js';
import { Tokenizer } from '../../src/text/tokens.js';
import { lexiconVocabulary, noteOf } from '../helpers/note.js';
import { lexiconOf, titleTerms } from '../helpers/synthetic-lexicon.js';

/** Codes with the shape of the real release's femur, CKD, abdominal pain and diabetes families. */
function refineLexicon(): Lexicon {
  const c = (code: string, billable: boolean, longDescription: string) => ({ code, billable, shortDescription: longDescription, longDescription });
  const codes = [
    c('E11', false, 'Type 2 diabetes mellitus'),
    c('E11.2', false, 'Type 2 diabetes mellitus with kidney complications'),
    c('E11.22', true, 'Type 2 diabetes mellitus with diabetic chronic kidney disease'),
    c('E11.8', true, 'Type 2 diabetes mellitus with unspecified complications'),
    c('E11.9', true, 'Type 2 diabetes mellitus without complications'),
    c('J45', false, 'Asthma'),
    c('J45.9', false, 'Other and unspecified asthma'),
    c('J45.90', false, 'Unspecified asthma'),
    c('J45.909', true, 'Unspecified asthma, uncomplicated'),
    c('J45.99', false, 'Other asthma'),
    c('J45.998', true, 'Other asthma'),
    c('I26', false, 'Pulmonary embolism'),
    c('I26.0', false, 'Pulmonary embolism with acute cor pulmonale'),
    c('I26.09', true, 'Other pulmonary embolism with acute cor pulmonale'),
    c('I26.9', false, 'Pulmonary embolism without acute cor pulmonale'),
    c('I26.90', true, 'Septic pulmonary embolism without acute cor pulmonale'),
    c('I26.99', true, 'Other pulmonary embolism without acute cor pulmonale'),
    c('N18', false, 'Chronic kidney disease (CKD)'),
    c('N18.30', true, 'Chronic kidney disease, stage 3 unspecified'),
    c('N18.31', true, 'Chronic kidney disease, stage 3a'),
    c('N18.32', true, 'Chronic kidney disease, stage 3b'),
    c('N18.4', true, 'Chronic kidney disease, stage 4 (severe)'),
    c('N18.9', true, 'Chronic kidney disease, unspecified'),
    c('R10', false, 'Abdominal and pelvic pain'),
    c('R10.10', true, 'Upper abdominal pain, unspecified'),
    c('R10.11', true, 'Right upper quadrant pain'),
    c('R10.2', true, 'Pelvic and perineal pain'),
    c('R10.9', true, 'Unspecified abdominal pain'),
    c('N72', true, 'Inflammatory disease of cervix uteri'),
    c('R60', false, 'Edema, not elsewhere classified'),
    c('R60.0', true, 'Localized edema'),
    c('R60.1', true, 'Generalized edema'),
    c('R60.9', true, 'Edema, unspecified'),
    c('R59', false, 'Enlarged lymph nodes'),
    c('R59.0', true, 'Localized enlarged lymph nodes'),
    c('R59.1', true, 'Generalized enlarged lymph nodes'),
    c('R59.9', true, 'Enlarged lymph nodes, unspecified'),
    c('B15.9', true, 'Hepatitis A without hepatic coma'),
    c('K75.9', true, 'Inflammatory liver disease, unspecified'),
    c('R52', true, 'Pain, unspecified'),
    c('S72', false, 'Fracture of femur'),
    c('S72.9', false, 'Unspecified fracture of femur'),
    c('S72.90', false, 'Unspecified fracture of unspecified femur'),
    c('S72.90XA', true, 'Unspecified fracture of unspecified femur, initial encounter for closed fracture'),
    c('S72.90XD', true, 'Unspecified fracture of unspecified femur, subsequent encounter for closed fracture with routine healing'),
    c('S72.90XS', true, 'Unspecified fracture of unspecified femur, sequela'),
    c('S72.91', false, 'Unspecified fracture of right femur'),
    c('S72.91XA', true, 'Unspecified fracture of right femur, initial encounter for closed fracture'),
    c('S72.91XB', true, 'Unspecified fracture of right femur, initial encounter for open fracture type I or II'),
    c('S72.92', false, 'Unspecified fracture of left femur'),
    c('S72.92XA', true, 'Unspecified fracture of left femur, initial encounter for closed fracture'),
    c('S72.92XD', true, 'Unspecified fracture of left femur, subsequent encounter for closed fracture with routine healing'),
    c('S72.92XS', true, 'Unspecified fracture of left femur, sequela'),
  ];
  const t = (text: string, code: string, source: Lexicon['terms'][number]['source']) => ({ text, code, source });
  return lexiconOf(codes, [
    // Every title is a term, as in the release: the tokenizer knows every word a title can add.
    ...titleTerms(codes),
    t('Type 2 diabetes mellitus', 'E11.8', 'description'), // a term remapped to the wrong child of its header
    t('diabetes type 2', 'E11', 'index'),
    t('pulmonary thromboembolism', 'I26', 'inclusion'),
    t('Asthma', 'J45.998', 'description'), // the header's title, attached by the build to an 'other' child
    t('chronic kidney disease', 'N18.9', 'index'),
    t('abdominal pain', 'R10.9', 'index'),
    t('femur fracture', 'S72.90XA', 'index'),
    t('Cervicitis', 'N72', 'inclusion'),
    t('Edema', 'R60.9', 'index'),
    t('Edema legs', 'R60.0', 'index'), // as in the release index: puts "legs" in the vocabulary
    t('Adenopathy inguinal', 'R59.0', 'index'),
    t('Lymphadenopathy', 'R59.1', 'inclusion'),
    t('Hepatitis A', 'B15.9', 'inclusion'),
    t('Hepatitis', 'K75.9', 'inclusion'),
    t('Pain', 'R52', 'description'),
  ]);
}

let engine: Engine;
let lexicon: CompiledLexicon;
let review: SpanReview;
beforeAll(() => {
  const bytes = compileLexicon(refineLexicon()).bytes;
  engine = Engine.fromBuffer(bytes.buffer);
  lexicon = new CompiledLexicon(bytes.buffer);
  review = new SpanReview(lexicon);
});

/** Top code of each raw span after the review (the engine applies it itself unless `refine: false`). */
function reviewed(text: string): Array<[string, string | null]> {
  return engine.detect(text, { context: false, refine: false }).map((s) => [s.text, refineSpan(review, noteOf(lexicon, text), s)?.concepts[0]?.code ?? null]);
}

describe('index-driven refinement', () => {
  it.each([
    ['Left femur fracture after a fall.', 'S72.92XA'],
    ['X-ray: femur fracture on the right side.', 'S72.91XA'],
    ['Femur fracture.', 'S72.90XA'],
    ['Femur fracture, left, subsequent encounter.', 'S72.92XD'],
    ['Seen for sequela of a left femur fracture.', 'S72.92XS'],
    // Subsequently is narrative, not an encounter.
    ['Left femur fracture, subsequently operated.', 'S72.92XA'],
    // Two sides in one sentence: the nearer one decides.
    ['Right hand pain and a left femur fracture.', 'S72.92XA'],
  ])('laterality and encounter: %s -> %s', (text, code) => {
    expect(reviewed(text).find(([t]) => /femur fracture/i.test(t))?.[1]).toBe(code);
  });

  it.each([
    ['Chronic kidney disease stage 4.', 'N18.4'],
    ['Chronic kidney disease stage IV.', 'N18.4'],
    ['Chronic kidney disease.', 'N18.9'],
    // Titles are read by the shared tokenizer: "3a" is one word, as in the note, not "3".
    ['Stage 3 chronic kidney disease.', 'N18.30'],
    ['Stage 3a chronic kidney disease.', 'N18.31'],
    // A digit elsewhere in the sentence is not a stage.
    ['Chronic kidney disease; stage unknown, 4 mg daily.', 'N18.9'],
    ['Upper abdominal pain since Monday.', 'R10.10'],
    ['Abdominal pain.', 'R10.9'],
    ['Edema of both legs.', 'R60.0'],
    ['Generalized edema.', 'R60.1'],
    // A span that says "generalized" keeps it, whatever site follows.
    ['Generalized edema, worse in both legs.', 'R60.1'],
    ['Edema.', 'R60.9'],
    ['Inguinal lymphadenopathy.', 'R59.0'],
    ['Lymphadenopathy.', 'R59.1'],
    // A site far from the finding does not localize it.
    ['Edema was noted by the nurse on the second day after the fracture of the right leg.', 'R60.9'],
  ])('stage and site words refine an unspecified code: %s -> %s', (text, code) => {
    expect(reviewed(text)[0]?.[1]).toBe(code);
  });

  it('takes a header to its default child when the note says nothing more', () => {
    expect(reviewed('Diabetes type 2.')).toEqual([['Diabetes type 2', 'E11.9']]);
    expect(reviewed('Pulmonary thromboembolism.')).toEqual([['Pulmonary thromboembolism', 'I26.99']]);
    // A term that is its header's title names the header, wherever the build put it.
    expect(reviewed('Type 2 diabetes mellitus.')).toEqual([['Type 2 diabetes mellitus', 'E11.9']]);
    // "Uncomplicated" is the "without complications" of another title; "other" comes last.
    expect(reviewed('Bronchial asthma.')).toEqual([['asthma', 'J45.909']]);
  });

  it('drops spans whose words only stem like the term', () => {
    expect(reviewed('Cervical lymph nodes.')).toEqual([['Cervical', null]]);
    expect(reviewed('Hepatitis in childhood.')).toEqual([['Hepatitis', 'K75.9']]);
  });

  it('lowers confidence for derived forms and never raises it for a refinement', () => {
    const text = 'Painful swelling.';
    const span = engine.detect(text, { context: false, refine: false })[0];
    expect(span).toBeDefined();
    const r = refineSpan(review, noteOf(lexicon, text), span!);
    expect(r?.concepts[0]?.code).toBe('R52');
    expect(r!.score).toBeLessThan(span!.score);
  });

  it("reads the engine's token stream, context-rule words and all, as one over the lexicon's words alone", () => {
    // The engine's vocabulary holds the context rules' words too; the review skips their ids.
    const vocab = lexiconVocabulary(lexicon);
    compileContext(loadContextRules(), vocab);
    const tokenizer = new Tokenizer(vocab);
    for (const text of ['Left femur fracture, subsequent encounter.', 'Chronic kidney disease stage IV.', 'Chronic kidney disease; stage unknown, 4 mg daily.', 'Edema of both legs. Diabetes type 2.', 'Cervical pain, no fever.']) {
      for (const span of engine.detect(text, { context: false, refine: false })) {
        const withRules = noteOf(lexicon, text, undefined, tokenizer);
        expect(refineSpan(review, withRules, span)).toEqual(refineSpan(review, noteOf(lexicon, text), span));
      }
    }
  });

  it('reviewSpan does in place what refineSpan returns', () => {
    for (const text of ['Left femur fracture after a fall. Cervical lymph nodes.', 'Chronic kidney disease stage 4.', 'Painful swelling. Bronchial asthma.']) {
      for (const span of engine.detect(text, { context: false, refine: false })) {
        const expected = refineSpan(review, noteOf(lexicon, text), span);
        const kept = reviewSpan(review, noteOf(lexicon, text), span);
        expect(kept).toBe(expected !== null);
        if (kept) expect(span).toEqual(expected);
      }
    }
  });

  it('is pure: the input span is not modified', () => {
    const text = 'Left femur fracture.';
    const span = engine.detect(text, { context: false, refine: false })[0]!;
    const before = JSON.stringify(span);
    refineSpan(review, noteOf(lexicon, text), span);
    expect(JSON.stringify(span)).toBe(before);
  });
});

describe('the token-stream path against the real release', () => {
  it('every site word that makes a finding localized is a lexicon word, so the token stream carries it', () => {
    const real = new CompiledLexicon(readArtifactFile(DEFAULT_ARTIFACT));
    const vocab = new Set<string>();
    for (let i = 0; i < real.vocab.length; i++) vocab.add(real.vocab.get(i));
    const missing = SITE_WORDS.filter((w) => !w.split('-').every((part) => vocab.has(normalizeWord(part) ?? '')));
    expect(missing).toEqual([]);
  });
});

describe('engine hook', () => {
  it('detect applies the review by default, and refine: false gives the raw spans', () => {
    const text = 'Left femur fracture, subsequent encounter. Cervical lymph nodes.';
    const raw = engine.detect(text, { context: false, refine: false });
    const expected = raw.map((s) => refineSpan(review, noteOf(lexicon, text), s)).filter((s) => s !== null);
    expect(engine.detect(text, { context: false })).toEqual(expected);
    expect(raw.length).toBeGreaterThan(expected.length);
  });
});
