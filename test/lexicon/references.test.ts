import referenceFile from '../../data/text/index-references.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { indexTerms } from '../../src/lexicon/alphabetic-index.js';
import { readIndexTree } from '../../src/lexicon/index-tree.js';
import { ReferenceResolver, type Resolution } from '../../src/lexicon/references.js';
import { drugTableXml, neoplasmTableXml } from './fixtures.js';
import { collector } from './helpers.js';
import { parseIndexReferences, readIndexReferences } from '../../src/lexicon/index-references.js';
import { icdErrorOf } from '../helpers/errors.js';

/** Made-up index and tables in the release's shapes (not release data). */
const INDEX = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <letter>
    <title>G</title>
    <mainTerm>
      <title>Glumpiness</title>
      <seeAlso>Neoplasm, malignant, by site</seeAlso>
      <term level="1">
        <title>unspecified site<nemod>(primary)</nemod></title>
        <code>C80.1</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Glumpoma</title>
      <see>Neoplasm, by site, benign</see>
      <term level="1">
        <title>spindle cell</title>
        <see>Neoplasm, wibble, benign</see>
      </term>
      <term level="1">
        <title>gadgety</title>
        <see>Neoplasm,  gadget, malignant</see>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Glurp</title>
      <see>Neoplasm, wibble malignant</see>
    </mainTerm>
  </letter>
  <letter>
    <title>Q</title>
    <mainTerm>
      <title>Quux</title>
      <code>Q10</code>
      <term level="1">
        <title>with</title>
        <term level="2">
          <title>coma</title>
          <code>Q11</code>
        </term>
      </term>
      <term level="1">
        <title>limb</title>
        <term level="2">
          <title>lower</title>
          <code>Q12</code>
        </term>
      </term>
      <term level="1">
        <title>knotted</title>
        <see>Quux, by site, knotted</see>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Quuxitude</title>
      <see>Quux</see>
    </mainTerm>
    <mainTerm>
      <title>Quuxery<nemod>(of)</nemod></title>
      <see>Quux</see>
      <term level="1">
        <title>limb</title>
        <code>Q14</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Quuxosis</title>
      <seeAlso>Quux, by type, with coma</seeAlso>
      <term level="1">
        <title>knotted</title>
        <code>Q13</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Quackoma<nemod>(multiforme)</nemod></title>
      <term level="1">
        <title>specified site</title>
        <see>Neoplasm, malignant, by site</see>
      </term>
      <term level="1">
        <title>unspecified site</title>
        <code>Q71.9</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Quibble</title>
      <term level="1">
        <title>left</title>
        <code>Q20.1</code>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>`;

const NEOPLASM = neoplasmTableXml(`
      <term level="1">
        <title>wibble, wibbular</title>
        <cell col="2">C99.1</cell><cell col="3">C79.8-</cell><cell col="4">-</cell>
        <cell col="5">D99.1</cell><cell col="6">D48.7</cell><cell col="7">D49.89</cell>
      </term>
      <term level="1">
        <title>gadget</title>
        <cell col="2">C98.9</cell><cell col="5">D98.9</cell>
        <term level="2">
          <title>left part</title>
          <cell col="2">C98.0</cell><cell col="5">D98.0</cell>
        </term>
      </term>
`);

const DRUG = drugTableXml(`
    <mainTerm>
      <title>Fooxin</title>
      <cell col="2">T99.1X1</cell><cell col="3">T99.1X2</cell><cell col="4">T99.1X3</cell>
      <cell col="5">T99.1X4</cell><cell col="6">T99.1X5</cell><cell col="7">T99.1X6</cell>
    </mainTerm>
`);

const tree = readIndexTree(INDEX, 'index.xml');
const tables = { neoplasm: readIndexTree(NEOPLASM, 'neoplasm.xml'), drug: readIndexTree(DRUG, 'drug.xml') };
const resolver = new ReferenceResolver(tree, tables);

describe('references into the tables', () => {
  it.each<[string, Resolution]>([
    // "by site": the site is the note's to say, so the table's first row.
    ['Neoplasm, malignant, by site', { kind: 'resolved', codes: ['C80.1'], neoplasm: true, bySite: true }],
    ['Neoplasm, by site, benign', { kind: 'resolved', codes: ['D36.9'], neoplasm: true, bySite: true }],
    ['Neoplasm,  uncertain  behavior, by site', { kind: 'resolved', codes: ['D48.9'], neoplasm: true, bySite: true }],
    ['Neoplasm, secondary, by site', { kind: 'resolved', codes: ['C79.9'], neoplasm: true, bySite: true }],
    // A named row; a row with sites under it leaves the site to the note too.
    ['Neoplasm, wibble, benign', { kind: 'resolved', codes: ['D99.1'], neoplasm: true }],
    ['Table of Neoplasms, wibbular, malignant', { kind: 'resolved', codes: ['C99.1'], neoplasm: true }],
    ['Neoplasm, wibble malignant', { kind: 'resolved', codes: ['C99.1'], neoplasm: true }],
    ['Neoplasm, gadget, malignant', { kind: 'resolved', codes: ['C98.9'], neoplasm: true, bySite: true }],
    ['Neoplasm, gadget, left part, benign', { kind: 'resolved', codes: ['D98.0'], neoplasm: true }],
    ['Neoplasm, wibble, in situ', { kind: 'unresolved', why: 'no-table-row' }],
    ['Neoplasm, sprocket, malignant', { kind: 'unresolved', why: 'no-table-row' }],
    ['Neoplasm', { kind: 'unresolved', why: 'no-column' }],
    ['Table of Drugs and Chemicals, fooxin, adverse effect', { kind: 'resolved', codes: ['T99.1X5A'] }],
    ['Table of Drugs and Chemicals, Fooxin, poisoning', { kind: 'resolved', codes: ['T99.1X1A'] }],
    ['Table of Drugs and Chemicals, by drug, poisoning', { kind: 'unresolved', why: 'by-substance' }],
    ['Table of Drugs and Chemicals', { kind: 'unresolved', why: 'by-substance' }],
    ['Table of Drugs and Chemicals, fooxin', { kind: 'unresolved', why: 'no-column' }],
  ])('%s', (ref, expected) => {
    expect(resolver.resolve(ref)).toEqual(expected);
  });

  it('counts a table the release lacks', () => {
    expect(new ReferenceResolver(tree).resolve('Neoplasm, malignant, by site')).toEqual({ kind: 'unresolved', why: 'no-table' });
  });
});

describe('references into the index', () => {
  it.each<[string, Resolution]>([
    ['Quux', { kind: 'resolved', codes: ['Q10'] }],
    // "with" parts: nested, and left out.
    ['Quux, with coma', { kind: 'resolved', codes: ['Q11'] }],
    ['Quux, coma', { kind: 'resolved', codes: ['Q11'] }],
    ['Quux, by type, with coma', { kind: 'resolved', codes: ['Q11'], bySite: true }],
    // "lower limb" for "limb" > "lower".
    ['Quux, lower limb', { kind: 'resolved', codes: ['Q12'] }],
    ['Quux, by site', { kind: 'unresolved', why: 'by-site' }],
    ['Quux, by site, knotted', { kind: 'unresolved', why: 'by-site' }],
    ['Quibble', { kind: 'unresolved', why: 'no-code' }],
    ['Nothing, here', { kind: 'unresolved', why: 'not-found' }],
    // A diabetes of no stated type is type 2; a 7th character left to the note gives no code.
    ['E08-E13 with .22', { kind: 'resolved', codes: ['E11.22'] }],
    ['N00-N07 with fourth character .1', { kind: 'resolved', codes: ['N05.1'] }],
    ['V00-V99 with 7th character S', { kind: 'unresolved', why: 'code-pattern' }],
    ['categories F11-F19 with .x5x', { kind: 'unresolved', why: 'code-pattern' }],
    ['category Q30', { kind: 'resolved', codes: ['Q30'] }],
    ['condition', { kind: 'generic' }],
  ])('%s', (ref, expected) => {
    expect(resolver.resolve(ref)).toEqual(expected);
  });
});

describe('index terms from references', () => {
  const { terms, emit } = collector();
  const counts = indexTerms(tree, 'index', emit, tables);
  const find = (text: string) => terms.filter((t) => t.text === text).map((t) => `${t.source}: ${t.code}`);

  it('gives an entry the unspecified-site code of a "by site" reference', () => {
    expect(find('Glumpiness')).toEqual(['index-see: C80.1']);
  });

  it('gives a heading none: its subterms say the sites and types', () => {
    expect(find('Quuxosis')).toEqual([]);
    expect(find('Quuxosis knotted')).toEqual(['index: Q13']);
  });

  it("gives a morphology heading the table's unspecified site, which the review may place", () => {
    expect(find('Glumpoma')).toEqual(['index-see: D36.9']);
    expect(find('spindle cell Glumpoma')).toEqual(['index-see: D99.1']);
    expect(find('gadgety Glumpoma')).toEqual(['index-see: C98.9']);
    expect(find('Glurp')).toEqual(['index-see: C99.1']);
  });

  it('gives a morphology with no site the code of its "unspecified site" subterm', () => {
    expect(find('Quackoma')).toEqual(['index: Q71.9']);
    expect(find('Quackoma multiforme')).toEqual(['index: Q71.9']);
  });

  it('reads a main term that only names another entry with that entry\'s subterms', () => {
    expect(find('Quuxitude')).toEqual(['index-see: Q10']);
    expect(find('Quuxitude with coma')).toEqual(['index-see: Q11']);
    expect(find('Quuxitude limb lower')).toEqual(['index-see: Q12']);
    expect(counts.aliases).toBe(2);
    // A reference into a table is no alias: "Glurp" does not take the neoplasm rows under "wibble".
    expect(terms.filter((t) => t.text.includes('Glurp')).map((t) => t.text)).toEqual(['Glurp']);
  });

  it('reads a main term with subterms of its own as the other entry too, its own subterms first', () => {
    expect(find('Quuxery with coma')).toEqual(['index-see: Q11']);
    expect(find('limb Quuxery')).toEqual(['index: Q14']);
    expect(terms.filter((t) => t.text.includes('Quuxery') && t.text.includes('lower'))).toEqual([]);
    // A see-also is not a name: "Quuxosis" keeps its own subterms only.
    expect(terms.filter((t) => t.text.includes('Quuxosis') && t.text.includes('coma'))).toEqual([]);
  });

  it('leaves an alias the caller turns down at its own code', () => {
    const other = collector();
    const c = indexTerms(tree, 'index', other.emit, tables, { aliasAllowed: (title) => title !== 'Quuxitude' });
    expect(other.terms.filter((t) => t.text.includes('Quuxitude')).map((t) => t.text)).toEqual(['Quuxitude']);
    expect(c.aliases).toBe(1);
  });

  it("reads the project's own see-references like the Index's, and lists one that does not resolve", () => {
    const other = collector();
    const c = indexTerms(tree, 'index', other.emit, tables, {
      references: [
        { term: 'Ex-quux', see: 'Quux, coma' },
        { term: 'Quuxoid', see: 'Nothing, here' },
      ],
    });
    expect(other.terms.filter((t) => t.text === 'Ex-quux').map((t) => `${t.source}: ${t.code}`)).toEqual(['index-see: Q11']);
    expect(other.terms.filter((t) => t.text === 'Quuxoid')).toEqual([]);
    expect(c.added).toBe(1);
    expect(c.unresolvedList.filter((u) => u.from.startsWith('project:'))).toEqual([{ from: 'project: Quuxoid', reference: 'Nothing, here', why: 'not-found' }]);
  });

  it('counts every unresolved reference by class and lists it', () => {
    expect(counts.resolved).toBe(8);
    expect(counts.unresolvedByClass).toEqual({ 'by-site': 2 });
    expect(counts.unresolvedList.map((u) => `${u.from} | ${u.reference} | ${u.why}`)).toEqual([
      'Quux > knotted | Quux, by site, knotted | by-site',
      'Quuxosis | Quux, by type, with coma | by-site',
    ]);
  });
});

describe('the project see-reference file', () => {
  it('is valid and gives each entry its evidence', () => {
    const raw = referenceFile.references as Array<{ term: string; see: string; why?: unknown }>;
    expect(raw.length).toBeGreaterThan(0);
    expect(readIndexReferences().map((r) => r.term)).toEqual(raw.map((r) => r.term));
    // Evidence is a sentence of its own (six words or more, ending with a full stop),
    // or "As 'Other term'." pointing at another entry that has one.
    const own = (why: unknown): boolean => typeof why === 'string' && why.trim().split(/\s+/).length >= 6 && /[.)]$/.test(why.trim());
    const byTerm = new Map(raw.map((r) => [r.term, r]));
    const weak = raw.filter((r) => {
      if (own(r.why)) return false;
      const other = /^As '([^']+)'\.$/.exec(typeof r.why === 'string' ? r.why : '')?.[1];
      return other === undefined || !own(byTerm.get(other)?.why);
    });
    expect(weak.map((r) => r.term)).toEqual([]);
  });

  it('names every problem of a bad file', () => {
    const issues = icdErrorOf(() =>
      parseIndexReferences({ format: 2, references: [{ term: 'Ex-smoker', see: '' }, 3] }),
    ).issues.map((i) => i.path);
    expect(issues).toEqual(['format', 'description', 'references[0].see', 'references[0].why', 'references[1]']);
  });
});
