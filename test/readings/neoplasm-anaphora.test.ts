import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon, NeoplasmSites } from '../../src/lexicon/types.js';
import type { DetectOptions, Span } from '../../src/types.js';
import { kidneyLiverNeoplasmCodes, lexiconOf, titled, titleTerms } from '../helpers/synthetic-lexicon.js';

/** Neoplasm codes in three columns of the table (titles as the release writes them). */
function neoplasmLexicon(): Lexicon {
  const codes = [
    ...kidneyLiverNeoplasmCodes(),
    titled('D13.4', 'Benign neoplasm of liver'),
    titled('D36.9', 'Benign neoplasm, unspecified site'),
    titled('I10', 'Essential (primary) hypertension'),
  ];
  const neoplasmSites: NeoplasmSites = {
    columns: ['Malignant Primary', 'Benign', 'Unspecified Behavior'],
    unspecified: ['C80.1', 'D36.9', 'D49.9'],
    rows: [
      { parent: -1, alts: ['kidney'], codes: ['C64', '', 'D49.51'] },
      { parent: -1, alts: ['liver'], codes: ['C22.9', 'D13.4', 'D49.0'] },
    ],
  };
  const t = (text: string, code: string) => ({ text, code, source: 'index' as const });
  return lexiconOf(
    codes,
    [
      ...titleTerms(codes),
      t('tumor', 'D49.9'),
      t('neoplasm', 'D49.9'),
      t('cancer', 'C80.1'),
      t('benign tumor', 'D36.9'),
      t('renal cell carcinoma', 'C64.9'),
      t('hepatic adenoma', 'D13.4'),
      t('hypertension', 'I10'),
    ],
    { neoplasmSites },
  );
}

let engine: Engine;
beforeAll(() => {
  const bytes = compileLexicon(neoplasmLexicon(), [], { siteSynonyms: (text) => (text === 'kidney' ? ['renal'] : []) }).bytes;
  engine = Engine.fromBuffer(bytes.buffer);
});

const RCC = 'Renal cell carcinoma of the left kidney was resected.';
const ADENOMA = 'A hepatic adenoma was seen.';

/** The span whose text is `word` (case-insensitive), the last one when several. */
function spanOf(text: string, word: string, options: DetectOptions = {}): Span | undefined {
  return engine.detect(text, options).filter((s) => s.text.toLowerCase() === word).at(-1);
}

function codesOf(text: string, word: string, options: DetectOptions = {}): string[] | undefined {
  return spanOf(text, word, options)?.concepts.map((c) => c.code);
}

describe('an unspecified-site neoplasm takes the code of the neoplasm its note names', () => {
  it.each([
    // The antecedent before it; the span's own code kept second.
    [`${RCC} The tumor measured 4 cm.`, 'tumor', ['C64.2', 'D49.9']],
    [`${RCC} The neoplasm had a necrotic centre.`, 'neoplasm', ['C64.2', 'D49.9']],
    [`${RCC} The cancer had not spread.`, 'cancer', ['C64.2', 'C80.1']],
    // Named only later: the nearest following one.
    [`The tumor measured 4 cm. ${RCC}`, 'tumor', ['C64.2', 'D49.9']],
    // The nearest preceding one wins, over a farther preceding one and over a following one.
    [`${ADENOMA} ${RCC} The tumor measured 4 cm. ${ADENOMA}`, 'tumor', ['C64.2', 'D49.9']],
    [`${RCC} ${ADENOMA} The tumor measured 1 cm.`, 'tumor', ['D13.4', 'D49.9']],
    // "Cancer" passes over a nearer benign neoplasm to the malignant one.
    [`${RCC} ${ADENOMA} The cancer had not spread.`, 'cancer', ['C64.2', 'C80.1']],
  ])('%s: %s -> %j', (text, word, codes) => {
    expect(codesOf(text, word)).toEqual(codes);
  });

  it.each([
    // Nothing to refer back to: a neoplasm of another chapter's code is none.
    ['The tumor measured 4 cm.', 'tumor', ['D49.9']],
    ['Hypertension since 2010. The tumor measured 4 cm.', 'tumor', ['D49.9']],
    // "Cancer" cannot be a benign adenoma, nor a benign tumor a carcinoma.
    [`${ADENOMA} The cancer was excluded.`, 'cancer', ['C80.1']],
    [`${RCC} A benign tumor was also seen.`, 'benign tumor', ['D36.9']],
    // The site its own sentence names comes first: a code of a named site is no anaphor.
    [`${RCC} A tumor of the liver was seen.`, 'tumor', ['D49.0']],
  ])('%s: %s keeps %j', (text, word, codes) => {
    expect(codesOf(text, word)).toEqual(codes);
  });

  it("gives the antecedent's description and billable flag, keeping the span's term, source, score and offsets", () => {
    const alone = spanOf('The tumor measured 4 cm.', 'tumor') as Span;
    const text = `${RCC} The tumor measured 4 cm.`;
    const spans = engine.detect(text);
    const tumor = spans.find((s) => s.text === 'tumor') as Span;
    expect(tumor.concepts[0]).toMatchObject({
      code: 'C64.2',
      description: 'Malignant neoplasm of left kidney, except renal pelvis',
      billable: true,
      term: alone.term,
      source: alone.source,
    });
    expect(tumor.concepts[1]).toEqual(alone.concepts[0]);
    expect([tumor.term, tumor.source, tumor.score]).toEqual([alone.term, alone.source, alone.score]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('keeps the context the note gives the mention', () => {
    const tumor = spanOf(`${RCC} No residual tumor was seen.`, 'tumor');
    expect(tumor?.concepts[0]?.code).toBe('C64.2');
    expect(tumor?.assertions?.negated).toBe(true);
  });

  it('stays within maxCandidates', () => {
    expect(codesOf(`${RCC} The tumor measured 4 cm.`, 'tumor', { maxCandidates: 1 })).toEqual(['C64.2']);
  });

  it('is part of the review: refine: false leaves the spans alone', () => {
    expect(codesOf(`${RCC} The tumor measured 4 cm.`, 'tumor', { refine: false })).toEqual(['D49.9']);
  });
});
