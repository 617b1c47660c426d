import { describe, expect, it } from 'vitest';
import { readIndexTree } from '../../src/lexicon/index-tree.js';
import { neoplasmTable, readNeoplasmSites } from '../../src/lexicon/neoplasm-sites.js';
import { termWords } from '../../src/text/tokens.js';
import { neoplasmTableXml } from './fixtures.js';

/** A made-up Table of Neoplasms in the release's shape (not release data). */
const TABLE = neoplasmTableXml(`
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
`);

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

  it('stores codes as code indices and spellings as word ids, with the site synonyms added', () => {
    const codes = [...KNOWN];
    // A vocabulary holds the scanner's words (stemmed: "kidney" is "kidnei").
    const words = ['kidney', 'renal', 'pelvis', 'brain'].map((w) => termWords(w)[0] as string);
    const t = neoplasmTable(
      sites,
      (c) => codes.indexOf(c),
      (w) => words.indexOf(w),
      (text) => (text === 'kidney' ? ['renal'] : []),
    );
    expect([...t.unspecified]).toEqual(sites.unspecified.map((c) => codes.indexOf(c)));
    expect([...t.parent]).toEqual([-1, 0, -1, -1]);
    expect([...t.codes.subarray(6, 12)]).toEqual(['C65', 'C79.0', '', 'D30.1', '', 'D49.51'].map((c) => (c === '' ? -1 : codes.indexOf(c))));
    const spellings = [...t.altRow].map((row, a) => [row, [...t.altWords.subarray(t.altStart[a], t.altStart[a + 1])].map((id) => words[id])]);
    // "bowel" is no vocabulary word here: a note could not say it, so it is left out.
    expect(spellings).toEqual([
      [0, [words[0]]],
      [0, [words[1]]],
      [1, [words[2]]],
      [2, [words[3]]],
    ]);
  });

  it('is empty without a table', () => {
    const t = neoplasmTable(undefined, () => 0, () => 0);
    expect([t.unspecified.length, t.parent.length, t.codes.length, t.altRow.length, t.altStart.length]).toEqual([0, 0, 0, 0, 1]);
  });
});
