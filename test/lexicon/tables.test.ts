import { describe, expect, it } from 'vitest';
import { readIndexTree } from '../../src/lexicon/index-tree.js';
import { drugTerms, initialEncounter, neoplasmTerms, referenceColumn } from '../../src/lexicon/tables.js';
import { drugTableXml, neoplasmTableXml } from './fixtures.js';
import { collector } from './helpers.js';

/** Made-up tables in the release's shape (not release data). */
const DRUG = drugTableXml(`
    <mainTerm>
      <title>Fooxin<nemod>(syrup)</nemod></title>
      <cell col="2">T99.1X1</cell><cell col="3">T99.1X2</cell><cell col="4">T99.1X3</cell>
      <cell col="5">T99.1X4</cell><cell col="6">T99.1X5</cell><cell col="7">T99.1X6</cell>
      <term level="1">
        <title>topical</title>
        <cell col="2">T98.0X1</cell><cell col="3">T98.0X2</cell><cell col="4">T98.0X3</cell>
        <cell col="5">T98.0X4</cell><cell col="6">--</cell><cell col="7">--</cell>
      </term>
    </mainTerm>
`);

const NEOPLASM = neoplasmTableXml(`
      <term level="1">
        <title>wibble, wibbular</title>
        <cell col="2">C99.1</cell><cell col="3">C79.8-</cell><cell col="4">-</cell>
        <cell col="5">D99.1</cell><cell col="6">D48.7</cell><cell col="7">D49.89</cell>
      </term>
`);

describe('drug table', () => {
  it('gives poisoning and adverse effect terms with the initial encounter', () => {
    const { terms, emit } = collector();
    drugTerms(readIndexTree(DRUG, 'drug.xml'), emit);
    expect(terms.map((t) => `${t.code} ${t.text}`)).toEqual([
      'T99.1X1A poisoning by Fooxin',
      'T99.1X5A adverse effect of Fooxin',
      'T98.0X1A poisoning by Fooxin topical',
    ]);
    expect(terms.every((t) => t.source === 'drug')).toBe(true);
  });

  it.each([
    ['T51.3X1', 'T51.3X1A'],
    ['T43.641', 'T43.641A'],
    ['T40.2X1A', 'T40.2X1A'],
    ['T50.9', 'T50.9XXA'],
    ['X58', 'X58'],
  ])('initialEncounter(%s) = %s', (code, expected) => {
    expect(initialEncounter(code)).toBe(expected);
  });
});

describe('neoplasm table', () => {
  it('gives four phrasings per site, from the site path below the main term', () => {
    const { terms, emit } = collector();
    neoplasmTerms(readIndexTree(NEOPLASM, 'neoplasm.xml'), emit);
    expect(terms.map((t) => `${t.code} ${t.text}`)).toEqual([
      'C80.1 malignant neoplasm',
      'C79.9 secondary malignant neoplasm',
      'D09.9 carcinoma in situ',
      'D36.9 benign neoplasm',
      'C99.1 malignant neoplasm wibble',
      'C99.1 malignant neoplasm wibbular',
      'C79.8- secondary malignant neoplasm wibble',
      'C79.8- secondary malignant neoplasm wibbular',
      'D99.1 benign neoplasm wibble',
      'D99.1 benign neoplasm wibbular',
    ]);
  });
});

describe('referenceColumn', () => {
  const neoplasm = readIndexTree(NEOPLASM, 'neoplasm.xml');
  const drug = readIndexTree(DRUG, 'drug.xml');

  it.each([
    ['malignant', 2],
    ['malignant primary', 2],
    ['secondary', 3],
    ['in situ', 4],
    ['benign', 5],
    ['uncertain behavior', 6],
    ['unspecified behavior', 7],
    ['by site', undefined],
    ['lung', undefined],
  ])('neoplasm column named %s', (part, col) => {
    expect(referenceColumn(neoplasm, 'neoplasm', part)).toBe(col);
  });

  it.each([
    ['poisoning', 2],
    ['adverse effect', 6],
    ['underdosing', 7],
    ['by drug', undefined],
  ])('drug column named %s', (part, col) => {
    expect(referenceColumn(drug, 'drug', part)).toBe(col);
  });

  it('finds the column by its heading, else by the FY2025 place', () => {
    const moved = readIndexTree(NEOPLASM.replace('<head col="5">Benign</head>', '<head col="9">Benign</head>'), 'moved.xml');
    expect(referenceColumn(moved, 'neoplasm', 'benign')).toBe(9);
    const bare = readIndexTree(NEOPLASM.replace(/<indexHeading>[\s\S]*<\/indexHeading>/, ''), 'bare.xml');
    expect(referenceColumn(bare, 'neoplasm', 'benign')).toBe(5);
  });
});
