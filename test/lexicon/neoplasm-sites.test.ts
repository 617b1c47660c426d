import { describe, expect, it } from 'vitest';
import { readIndexTree } from '../../src/lexicon/index-tree.js';
import { neoplasmSiteTable, readNeoplasmSites } from '../../src/lexicon/neoplasm-sites.js';
import { termWords } from '../../src/text/tokens.js';

/** A made-up Table of Neoplasms in the release's shape (not release data). */
const TABLE = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <indexHeading>
    <head col="1">Neoplasm</head>
    <head col="2">Malignant Primary</head>
    <head col="3">Malignant Secondary</head>
    <head col="4">Ca in situ</head>
    <head col="5">Benign</head>
    <head col="6">Uncertain Behavior</head>
    <head col="7">Unspecified Behavior</head>
  </indexHeading>
  <letter>
    <title>N</title>
    <mainTerm>
      <title>Neoplasm, neoplastic</title>
      <cell col="2">C80.1</cell><cell col="3">C79.9</cell><cell col="4">D09.9</cell>
      <cell col="5">D36.9</cell><cell col="6">D48.9</cell><cell col="7">D49.9</cell>
      <term level="1">
        <title>kidney<nemod>(parenchymal)</nemod></title>
        <cell col="2">C64.-</cell><cell col="3">C79.0-</cell><cell col="4">-</cell>
        <cell col="5">D30.0-</cell><cell col="6">D41.0-</cell><cell col="7">D49.51-</cell>
        <term level="2">
          <title>pelvis</title>
          <cell col="2">C65.-</cell><cell col="3">C79.0-</cell><cell col="4">-</cell>
          <cell col="5">D30.1-</cell><cell col="6">D41.1-</cell><cell col="7">D49.51-</cell>
        </term>
      </term>
      <term level="1">
        <title>brain NEC</title>
        <cell col="2">C71.9</cell><cell col="3">C79.31</cell><cell col="4">-</cell>
        <cell col="5">D33.2</cell><cell col="6">D43.2</cell><cell col="7">D49.6</cell>
      </term>
      <term level="1">
        <title>bowel</title>
        <see>Neoplasm, intestine</see>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>`;

/** The codes of the made-up release: D41.1 is missing, as a code the table names and the order file lacks would be. */
const KNOWN = new Set(['C80.1', 'C79.9', 'D09.9', 'D36.9', 'D48.9', 'D49.9', 'C64', 'C79.0', 'D30.0', 'D41.0', 'D49.51', 'C65', 'D30.1', 'C71.9', 'C79.31', 'D33.2', 'D43.2', 'D49.6']);

describe('Table of Neoplasms by site', () => {
  const sites = readNeoplasmSites(readIndexTree(TABLE, 'neoplasm.xml'), KNOWN);

  it('takes the top row as the unspecified site, one code per column', () => {
    expect(sites.columns).toEqual(['Malignant Primary', 'Malignant Secondary', 'Ca in situ', 'Benign', 'Uncertain Behavior', 'Unspecified Behavior']);
    expect(sites.unspecified).toEqual(['C80.1', 'C79.9', 'D09.9', 'D36.9', 'D48.9', 'D49.9']);
  });

  it('keeps each row under its parent, with headers for "-" codes and nothing for codes the release lacks', () => {
    expect(sites.rows).toEqual([
      { parent: -1, alts: ['kidney'], codes: ['C64', 'C79.0', '', 'D30.0', 'D41.0', 'D49.51'] },
      { parent: 0, alts: ['pelvis'], codes: ['C65', 'C79.0', '', 'D30.1', '', 'D49.51'] },
      { parent: -1, alts: ['brain'], codes: ['C71.9', 'C79.31', '', 'D33.2', 'D43.2', 'D49.6'] },
      { parent: -1, alts: ['bowel'], codes: ['', '', '', '', '', ''] },
    ]);
  });

  it('stores spellings as normalised words, with the site synonyms added', () => {
    const table = neoplasmSiteTable(sites, (text) => (text === 'kidney' ? ['renal'] : []));
    // The scanner's words: what a note's token stream holds ("kidney" is stemmed).
    expect(table.rows[0]?.alts).toEqual([termWords('kidney'), termWords('renal')]);
    expect(table.rows[2]?.alts).toEqual([termWords('brain')]);
    expect(table.unspecified).toEqual(sites.unspecified);
  });

  it('is empty without a table', () => {
    expect(neoplasmSiteTable(undefined)).toEqual({ columns: [], unspecified: [], rows: [] });
  });
});
