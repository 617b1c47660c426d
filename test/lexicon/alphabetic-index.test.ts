import { describe, expect, it } from 'vitest';
import { indexTerms, isConnector, pathTexts } from '../../src/lexicon/alphabetic-index.js';
import { parseTitle, readIndexTree } from '../../src/lexicon/index-tree.js';
import { findReference } from '../../src/lexicon/references.js';
import { collector } from './helpers.js';

/** A made-up index in the release's shape (not release data). */
const INDEX = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <title>INDEX TO DISEASES and INJURIES</title>
  <letter>
    <title>F</title>
    <mainTerm>
      <title>Flurb, flurby<nemod>(chronic)</nemod></title>
      <code>F10.9</code>
      <term level="1">
        <title>aspirational</title>
        <code>F10.1</code>
        <term level="2">
          <title>due to</title>
          <term level="3">
            <title>food<nemod>(regurgitated)</nemod></title>
            <code>F10.2</code>
          </term>
        </term>
      </term>
      <term level="1">
        <title>with</title>
        <term level="2">
          <title>lung abscess NEC</title>
          <code>F11.0</code>
        </term>
      </term>
      <term level="1">
        <title>acute or subacute</title>
        <code>F12.-</code>
      </term>
      <term level="1">
        <title>cable car, not on rails</title>
        <code>F13</code>
      </term>
      <term level="1">
        <title>heart</title>
        <see>Zonk, myocardium</see>
      </term>
      <term level="1">
        <title>nowhere</title>
        <see>Blip, by site</see>
      </term>
      <term level="1">
        <title>general</title>
        <see>condition</see>
      </term>
      <term level="1">
        <title>paired</title>
        <code>F14.0</code>
        <manif>G99</manif>
      </term>
      <term level="1">
        <title>cardiac</title>
        <code>F16.0</code>
        <term level="2">
          <title>decompensated</title>
          <code>F16.1</code>
        </term>
      </term>
      <term level="1">
        <title>atrial or auricular<nemod>(established)</nemod></title>
        <code>F17</code>
      </term>
      <term level="1">
        <title>Andes</title>
        <code>F18</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Fuzz attack</title>
      <see>flurb, acute</see>
    </mainTerm>
    <mainTerm>
      <title>Fuzzy spell</title>
      <see>Fuzz attack</see>
    </mainTerm>
    <mainTerm>
      <title>Fizz, hereditary</title>
      <code>F15</code>
    </mainTerm>
  </letter>
  <letter>
    <title>G</title>
    <mainTerm>
      <title>Glorbed, glorbment<nemod>(function)</nemod></title>
      <term level="1">
        <title>renal</title>
        <code>G10.1</code>
      </term>
      <term level="1">
        <title>with coma</title>
        <code>G10.2</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Glum disorder or problem</title>
      <code>G11</code>
    </mainTerm>
    <mainTerm>
      <title>Grabbing<nemod>(with)</nemod></title>
      <code>G12</code>
    </mainTerm>
    <mainTerm>
      <title>Gloom of</title>
      <code>G14</code>
    </mainTerm>
    <mainTerm>
      <title>Grubber<nemod>(suspected)</nemod> of</title>
      <term level="1">
        <title>wibble</title>
        <code>G13</code>
      </term>
    </mainTerm>
  </letter>
  <letter>
    <title>Z</title>
    <mainTerm>
      <title>Zonk, zonked</title>
      <term level="1">
        <title>myocardial, myocardium<nemod>(acute)</nemod></title>
        <code>Z21.9</code>
      </term>
      <term level="1">
        <title>retinal</title>
        <code>Z22.1</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Zap</title>
      <seeAlso>category Z30</seeAlso>
      <code>Z31.0</code>
    </mainTerm>
  </letter>
</ICD10CM.index>`;

function termsOf(xml = INDEX) {
  const tree = readIndexTree(xml, 'synthetic-index.xml');
  const { terms, emit } = collector();
  const counts = indexTerms(tree, 'index', emit);
  const find = (code: string) => terms.filter((t) => t.code === code).map((t) => `${t.source}: ${t.text}`);
  return { tree, terms, counts, find };
}

describe('index terms', () => {
  const { find, counts, tree } = termsOf();

  it('gives main term alternatives and modifiers, a qualifying modifier in both orders', () => {
    expect(find('F10.9')).toEqual(['index: Flurb', 'index: flurby', 'index: Flurb chronic', 'index: chronic Flurb']);
    // "pitting" reads as neither qualifier nor adjective, so it stays where the Index writes it.
    expect(pathTexts(parseTitle('Edema\uE000(pitting)\uE001', true).elements)).toEqual(['Edema', 'Edema pitting']);
  });

  it("reads every one of a disease-index main term's modifiers, not only the first three", () => {
    const title = 'Stroke\uE000(apoplectic) (brain) (embolic) (ischemic) (paralytic) (thrombotic)\uE001';
    const all = pathTexts(parseTitle(title, true, true).elements);
    expect(all).toContain('ischemic Stroke');
    expect(all).toContain('thrombotic Stroke');
    expect(all).toContain('Stroke brain');
    // The default cap (subterms, the external-cause index) stops at the third.
    expect(pathTexts(parseTitle(title, true).elements)).not.toContain('ischemic Stroke');
  });

  it('gives index order and English order for a first subterm', () => {
    expect(find('F10.1')).toEqual([
      'index: Flurb aspirational',
      'index: aspirational Flurb',
      'index: flurby aspirational',
      'index: aspirational flurby',
    ]);
  });

  it('keeps connectors in index order and moves only the first subterm', () => {
    expect(find('F11.0')).toEqual(['index: Flurb with lung abscess', 'index: flurby with lung abscess']);
    expect(find('F10.2')).toContain('index: aspirational Flurb due to food');
    expect(find('F10.2')).toContain('index: Flurb aspirational due to food regurgitated');
  });

  it('keeps a subterm with a comma as written', () => {
    expect(find('F13')).toContain('index: Flurb cable car, not on rails');
    expect(find('F13')).not.toContain('index: cable car, not on rails Flurb');
  });

  it('treats a non-variant comma part of a main term as an inverted modifier', () => {
    expect(find('F15')).toEqual(['index: Fizz hereditary', 'index: hereditary Fizz']);
  });

  it('emits the manifestation code too', () => {
    expect(find('G99')).toContain('index: paired Flurb');
  });

  it('keeps incomplete codes for the remapper', () => {
    expect(find('F12.-')).toContain('index: acute Flurb');
  });

  it('splits "or" alternatives into a text each', () => {
    expect(find('F12.-')).toEqual(expect.arrayContaining(['index: acute Flurb', 'index: subacute Flurb', 'index: Flurb subacute']));
    expect(find('F17')).toEqual(expect.arrayContaining(['index: atrial Flurb', 'index: auricular Flurb', 'index: auricular flurby']));
    expect(find('F17').filter((t) => t.includes(' or '))).toEqual([]);
    expect(find('G11')).toEqual(['index: Glum disorder', 'index: Glum problem']);
  });

  it('writes English order with the main term noun and index order with each spelling', () => {
    // "Glorbed, glorbment": the adjective reads before its subterm, the noun after it.
    expect(find('G10.1')).toEqual(['index: Glorbed renal', 'index: glorbment renal', 'index: renal glorbment']);
    expect(find('G10.1')).not.toContain('index: renal Glorbed');
    // A connector subterm keeps index order only, with every spelling.
    expect(find('G10.2')).toEqual(['index: Glorbed with coma', 'index: glorbment with coma']);
  });

  it('puts a qualifier subterm before the phrase it qualifies, and keeps the list order too', () => {
    expect(find('F16.1')).toEqual(expect.arrayContaining(['index: decompensated cardiac Flurb', 'index: cardiac Flurb decompensated']));
  });

  it('writes a name in both orders: "Andes disease", "disease of Andes"', () => {
    expect(find('F18')).toEqual(['index: Flurb Andes', 'index: Andes Flurb', 'index: flurby Andes', 'index: Andes flurby']);
  });

  it('leaves out a modifier that is only a preposition, and keeps an object after a main term that ends in one', () => {
    expect(find('G12')).toEqual(['index: Grabbing']);
    expect(find('G13')).toEqual(['index: Grubber of wibble']);
    // A title written with its preposition is the index's own wording ("Fear of", see Phobia).
    expect(find('G14')).toEqual(['index: Gloom of']);
  });

  it('resolves see references through titles and their alternatives', () => {
    expect(find('Z21.9')).toContain('index-see: heart Flurb');
    expect(find('Z21.9')).toContain('index: myocardial Zonk');
    expect(find('Z21.9')).toContain('index: myocardium Zonk');
    expect(find('Z21.9')).not.toContain('index: myocardium zonked');
  });

  it('resolves a reference that names the first words of a title, and follows see chains', () => {
    expect(find('F12.-')).toContain('index-see: Fuzz attack');
    expect(find('F12.-')).toContain('index-see: Fuzzy spell');
  });

  it('resolves category references and counts the rest', () => {
    expect(find('Z30')).toEqual(['index-see: Zap']);
    expect(counts).toMatchObject({ resolved: 4, unresolved: 1, generic: 1, unresolvedByClass: { 'by-site': 1 } });
    expect(counts.unresolvedList).toEqual([{ from: 'Flurb > nowhere', reference: 'Blip, by site', why: 'by-site' }]);
  });

  it('finds references with near spellings', () => {
    expect(findReference(tree, 'Zonk, retina')?.codes).toEqual(['Z22.1']);
    expect(findReference(tree, 'zonked, myocardium (acute)')?.codes).toEqual(['Z21.9']);
    expect(findReference(tree, 'Zonk, liver')).toBeUndefined();
  });
});

describe('titles', () => {
  it('reads alternatives, modifiers in place and inverted parts', () => {
    expect(parseTitle('Diabetes, diabetic\uE000(mellitus) (sugar)\uE001', true).elements).toEqual([
      { alts: ['Diabetes', 'diabetic'], extras: ['Diabetes mellitus', 'Diabetes sugar'] },
    ]);
    expect(parseTitle('2019\uE000(novel)\uE001 coronavirus', false).elements).toEqual([
      { alts: ['2019 coronavirus'], extras: ['2019 novel coronavirus'] },
    ]);
    expect(parseTitle('Legg\uE000(-Calvé)\uE001-Perthes disease, syndrome or osteochondrosis', true).elements).toEqual([
      {
        alts: ['Legg-Perthes disease', 'Legg-Perthes syndrome', 'Legg-Perthes osteochondrosis'],
        extras: ['Legg-Calvé-Perthes disease'],
      },
    ]);
    expect(parseTitle('Xanthinuria, hereditary', true).elements.map((e) => e.alts)).toEqual([['Xanthinuria'], ['hereditary']]);
    // A four-letter main term shares three letters with its adjective; a subterm keeps the four-letter rule.
    expect(parseTitle('Lues\uE000(venerea)\uE001, luetic', true).elements.map((e) => e.alts)).toEqual([['Lues', 'luetic']]);
    expect(parseTitle('bile, biliary', false).elements.map((e) => e.alts)).toEqual([['bile, biliary']]);
  });

  it('limits the texts of one node', () => {
    const el = { alts: ['a1', 'a2', 'a3'], extras: ['x1', 'x2'] };
    expect(pathTexts([el, el, el]).length).toBeLessThanOrEqual(8);
  });

  it.each([
    ['with', true],
    ['due to food', true],
    ['associated with', true],
    ['secondary', false],
    ['aspiration', false],
  ])('isConnector(%s) = %s', (text, expected) => {
    expect(isConnector(text)).toBe(expected);
  });
});

describe('a site named past the Index grouping subterms', () => {
  const xml = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <letter>
    <title>P</title>
    <mainTerm>
      <title>Pang</title>
      <code>P99.0</code>
      <term level="1"><title>joint</title>
        <term level="2"><title>hand</title><code>P99.1</code></term>
        <term level="2"><title>knee</title><code>P99.2</code></term>
      </term>
      <term level="1"><title>limb</title>
        <term level="2"><title>upper</title>
          <term level="3"><title>hand</title><code>P99.3</code></term>
        </term>
        <term level="2"><title>lower</title>
          <term level="3"><title>third degree</title><code>P99.4</code></term>
        </term>
      </term>
      <term level="1"><title>nerve</title>
        <term level="2"><title>hand</title><code>P99.5</code></term>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>`;
  const { terms, emit } = collector();
  indexTerms(readIndexTree(xml, 'sites.xml'), 'index', emit);
  const codes = (text: string) => terms.filter((t) => t.text === text).map((t) => t.code);

  it('names the site next to the main term, both ways', () => {
    expect(codes('knee Pang')).toEqual(['P99.2']);
    expect(codes('Pang knee')).toEqual(['P99.2']);
  });

  it('takes the limb part over the joint when the Index has both', () => {
    expect(codes('hand Pang')).toEqual(['P99.3']);
  });

  it('leaves a path alone that ends in no site or passes a subterm that is not a grouping', () => {
    expect(codes('third degree Pang')).toEqual([]);
    expect(terms.filter((t) => t.code === 'P99.5').map((t) => t.text)).not.toContain('hand Pang');
  });
});
