import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import type { Lexicon, NeoplasmSites } from '../../src/lexicon/types.js';
import { refineCode, SpanReview } from '../../src/review/refine.js';
import { noteOf } from '../helpers/note.js';
import { kidneyLiverNeoplasmCodes, lexiconOf, titled, titleTerms } from '../helpers/synthetic-lexicon.js';

/** Codes with the shape of the release's neoplasm families (titles as the release writes them). */
function neoplasmLexicon(): Lexicon {
  const codes = [
    ...kidneyLiverNeoplasmCodes(),
    titled('C65', 'Malignant neoplasm of renal pelvis', false),
    titled('C65.1', 'Malignant neoplasm of right renal pelvis'),
    titled('C65.2', 'Malignant neoplasm of left renal pelvis'),
    titled('C65.9', 'Malignant neoplasm of unspecified renal pelvis'),
  ];
  const neoplasmSites: NeoplasmSites = {
    columns: ['Malignant Primary', 'Unspecified Behavior'],
    unspecified: ['C80.1', 'D49.9'],
    rows: [
      { parent: -1, alts: ['kidney'], codes: ['C64', 'D49.51'] },
      { parent: 0, alts: ['pelvis'], codes: ['C65', 'D49.51'] },
      { parent: -1, alts: ['liver'], codes: ['C22.9', 'D49.0'] },
    ],
  };
  const t = (text: string, code: string) => ({ text, code, source: 'index' as const });
  // Every title is a term, as in the release, so the site words are lexicon words.
  return lexiconOf(codes, [...titleTerms(codes), t('tumor', 'D49.9'), t('cancer', 'C80.1'), t('malignant neoplasm of liver', 'C22.9')], { neoplasmSites });
}

let engine: Engine;
let lexicon: CompiledLexicon;
beforeAll(() => {
  const bytes = compileLexicon(neoplasmLexicon(), [], { siteSynonyms: (text) => (text === 'kidney' ? ['renal'] : []) }).bytes;
  engine = Engine.fromBuffer(bytes.buffer);
  lexicon = new CompiledLexicon(bytes.buffer);
});

/** Top code of the span whose text is `span`. */
function codeOf(text: string, span: string): string | undefined {
  return engine.detect(text, { context: false }).find((s) => s.text.toLowerCase() === span)?.concepts[0]?.code;
}

describe('neoplasm of unspecified site: the site named in its sentence', () => {
  it.each([
    // The site said with the mention, its side kept by the usual refinement.
    ['A tumor of the left kidney, lower pole.', 'tumor', 'D49.512'],
    ['The tumor arising from the right kidney was resected.', 'tumor', 'D49.511'],
    ['A renal tumor, with no side given.', 'tumor', 'D49.519'],
    // Same site, other column: the malignant primary one.
    ['Cancer of the left kidney was staged.', 'cancer', 'C64.2'],
    // A deeper row wins: renal pelvis is not kidney.
    ['Cancer of the right renal pelvis.', 'cancer', 'C65.1'],
    // ... but only when its levels are said with the mention: this pelvis is another site.
    ['Cancer of the right kidney, with normal bony pelvis.', 'cancer', 'C64.1'],
    // Two sites: the nearer one.
    ['A tumor of the liver and a cyst of the left kidney.', 'tumor', 'D49.0'],
    ['The kidney was normal but a tumor of the liver was seen.', 'tumor', 'D49.0'],
  ])('%s -> %s %s', (text, span, code) => {
    expect(codeOf(text, span)).toBe(code);
  });

  it.each([
    ['History of cancer.', 'cancer', 'C80.1'],
    ['A tumor was seen.', 'tumor', 'D49.9'],
    // Never across sentences.
    ['A tumor was seen. The left kidney was normal.', 'tumor', 'D49.9'],
    ['The left kidney was normal. Cancer was suspected.', 'cancer', 'C80.1'],
    // A level of a site alone is not the site: "pelvis" without the kidney names no row here.
    ['A tumor in the pelvis.', 'tumor', 'D49.9'],
    // A site at the far end of the sentence belongs to something else said there.
    ['A 5 cm tumor with calcifications was seen on the ultrasound of the left kidney.', 'tumor', 'D49.9'],
  ])('no site in the sentence: %s keeps %s %s', (text, span, code) => {
    expect(codeOf(text, span)).toBe(code);
  });

  it('says which words chose the site', () => {
    const text = 'A tumor in the left kidney.';
    const at = text.indexOf('tumor');
    const r = refineCode(new SpanReview(lexicon), noteOf(lexicon, text), at, at + 5, lexicon.codeIndex('D49.9'));
    expect(r && lexicon.codes.get(r.code)).toBe('D49.512');
    expect(r?.because).toContain('left');
    expect(r?.because.length).toBeGreaterThan(1);
  });

  it('leaves a code of a named site alone', () => {
    expect(codeOf('Malignant neoplasm of liver, with the left kidney spared.', 'malignant neoplasm of liver')).toBe('C22.9');
  });
});
