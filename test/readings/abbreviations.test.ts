import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { readArtifactFile } from '../../src/artifact/read.js';
import { IcdError } from '../../src/errors.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { DEFAULT_ARTIFACT, PACKAGE_ROOT } from '../../src/paths.js';
import {
  AbbreviationResolver,
  loadAmbiguousAbbreviations,
  parseAmbiguousAbbreviations,
  type AmbiguousAbbreviationFile,
} from '../../src/readings/abbreviations.js';
import type { Span } from '../../src/types.js';
import { lexiconOf, titleTerms } from '../helpers/synthetic-lexicon.js';
import { noteOf } from '../helpers/note.js';

const FILE: AmbiguousAbbreviationFile = {
  format: 1,
  description: 'test senses',
  abbreviations: [
    {
      abbr: 'PE',
      senses: [
        { code: 'I26.99', sense: 'pulmonary embolism', cues: ['embolism', 'heparin', 'CT angiography', 'DVT'] },
        { code: 'J90', sense: 'pleural effusion', cues: ['pleural', 'thoracentesis', 'chest tube'] },
        { code: null, sense: 'physical examination', cues: ['unremarkable', 'revealed'] },
      ],
    },
    {
      abbr: 'RA',
      senses: [
        { code: 'M06.9', sense: 'rheumatoid arthritis', cues: ['methotrexate', 'joint', 'rheumatoid factor'] },
        { code: null, sense: 'room air', cues: ['saturation', 'oxygen', 'SpO2'] },
      ],
    },
  ],
};

function lexicon(): CompiledLexicon {
  const c = (code: string, longDescription: string) => ({ code, billable: true, shortDescription: longDescription, longDescription });
  const codes = [c('I26.99', 'Other pulmonary embolism without acute cor pulmonale'), c('J90', 'Pleural effusion, not elsewhere classified'), c('M06.9', 'Rheumatoid arthritis, unspecified')];
  return new CompiledLexicon(compileLexicon(lexiconOf(codes, titleTerms(codes))).bytes.buffer);
}

let resolver: AbbreviationResolver;
let lx: CompiledLexicon;
/** The resolver's spans in `text`, each read in its sentence as the note segments it. */
function spansOf(text: string, taken: Span[] = []): Span[] {
  const note = noteOf(lx, text);
  return resolver.spans(text, taken, (start, end) => note.sentenceAround(start, end));
}
beforeAll(() => {
  lx = lexicon();
  resolver = new AbbreviationResolver(parseAmbiguousAbbreviations(FILE), lx);
});

const codes = (text: string, taken: Span[] = []) => spansOf(text, taken).map((s) => [s.text, s.concepts[0]?.code]);

describe('ambiguous abbreviations', () => {
  it.each([
    ['Acute PE confirmed on CT angiography; started heparin.', [['PE', 'I26.99']]],
    ['Large right PE drained by thoracentesis.', [['PE', 'J90']]],
    ['Bilateral PEs on CT angiography.', [['PEs', 'I26.99']]],
    ['PE: unremarkable.', []],
    ['PE was discussed.', []], // no cue: no guess
    ['Known RA treated with methotrexate.', [['RA', 'M06.9']]],
    ['SpO2 97% on RA.', []], // room air is not a diagnosis
    ['pe and ra in lower case are words, not abbreviations; heparin, methotrexate.', []],
    ['PERRLA, RAS', []], // inside longer words
  ] as Array<[string, string[][]]>)('%s', (text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  it('leaves occurrences inside spans the automaton found', () => {
    const text = 'PE with DVT.';
    const taken = [{ start: 0, end: 2 } as Span];
    expect(codes(text, taken)).toEqual([]);
  });

  it('leaves occurrences inside any span, in whatever order the spans come', () => {
    const text = 'Heparin given. PE with DVT; CT angiography confirmed PE.';
    const second = text.lastIndexOf('PE');
    // The span that covers the first PE starts before a shorter one and ends after it.
    const taken = [{ start: 20, end: 23 }, { start: 10, end: 26 }] as Span[];
    expect(spansOf(text, taken).map((s) => s.start)).toEqual([second]);
  });

  it('counts each cue once, however often the sentence says it', () => {
    // Two mentions of heparin are one cue; a tie with pleural, so no sense wins.
    expect(codes('PE: heparin, heparin, pleural.')).toEqual([]);
    expect(codes('PE: heparin, DVT, pleural.')).toEqual([['PE', 'I26.99']]);
  });

  it('uses only the sentence of the occurrence', () => {
    expect(codes('Started heparin. PE noted.')).toEqual([]);
  });

  it('a tie between senses gives nothing', () => {
    expect(codes('PE: pleural or embolism?')).toEqual([]);
  });

  it('scores two cues above one', () => {
    const one = spansOf('PE and heparin.')[0];
    const two = spansOf('PE, heparin and DVT.')[0];
    expect(one?.score).toBeLessThan(two?.score ?? 0);
  });

  it('reports every problem of a bad file with its path', () => {
    const bad = { format: 2, description: '', abbreviations: [{ abbr: 'P', senses: [{ code: 'nope', sense: '', cues: [] }], extra: 1 }] };
    try {
      parseAmbiguousAbbreviations(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IcdError);
      const paths = (err as IcdError).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['format', 'description', 'abbreviations[0].extra', 'abbreviations[0].abbr', 'abbreviations[0].senses']));
    }
  });
});

describe('abbreviation data against the real release', () => {
  let real: CompiledLexicon;
  beforeAll(() => {
    real = new CompiledLexicon(readArtifactFile(DEFAULT_ARTIFACT));
  });

  it('every abbreviation entry has a sense and a code of the release', () => {
    const file = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/abbreviations.json'), 'utf8')) as {
      format: number;
      description: string;
      entries: Array<{ abbr: string; code: string; sense: string }>;
    };
    expect(Object.keys(file).sort()).toEqual(['description', 'entries', 'format']);
    const bad = file.entries.filter((e) => e.sense.trim() === '' || real.codeIndex(e.code) < 0 || real.billable[real.codeIndex(e.code)] !== 1);
    expect(bad).toEqual([]);
    const byAbbr = new Map<string, string>();
    for (const e of file.entries) {
      expect(byAbbr.get(e.abbr) ?? e.code, `${e.abbr} has two codes`).toBe(e.code);
      byAbbr.set(e.abbr, e.code);
    }
  });

  it('the ambiguous-abbreviation file parses and its codes are billable codes of the release', () => {
    const file = loadAmbiguousAbbreviations();
    const codes = file.abbreviations.flatMap((a) => a.senses.map((s) => s.code)).filter((c): c is string => c !== null);
    expect(codes.filter((c) => real.codeIndex(c) < 0 || real.billable[real.codeIndex(c)] !== 1)).toEqual([]);
    const plain = new Set((JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/abbreviations.json'), 'utf8')) as { entries: Array<{ abbr: string }> }).entries.map((e) => e.abbr));
    // An abbreviation is either resolved by context or a plain term, never both.
    expect(file.abbreviations.map((a) => a.abbr).filter((a) => plain.has(a))).toEqual([]);
  });
});
