import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { readArtifactFile, readHeader } from '../../src/artifact/read.js';
import { S } from '../../src/artifact/sections.js';
import { Engine } from '../../src/engine.js';
import { compileLexicon } from '../../src/lexicon/compile.js';
import { DEFAULT_ARTIFACT } from '../../src/paths.js';
import { CodeFacts } from '../../src/review/code-facts.js';
import { Refinements } from '../../src/review/refinements.js';
import { GENERALIZED_ONLY, INITIAL, OPEN } from '../../src/review/tables.js';
import { lexiconOf, spanCodes, titled, titleTerms } from '../helpers/synthetic-lexicon.js';

/**
 * The review reads its per-code answers from the artifact (review/tables.ts).
 * These tests hold the sections to the definitions they stand for
 * (code-facts.ts, refinements.ts, run from the titles), and show that the
 * engine reads them rather than working the answers out itself.
 */

describe('review sections of the real artifact', () => {
  let lx: CompiledLexicon;
  let facts: CodeFacts;
  let refinements: Refinements;
  beforeAll(() => {
    lx = new CompiledLexicon(readArtifactFile(DEFAULT_ARTIFACT));
    facts = new CodeFacts(lx);
    refinements = new Refinements(facts);
  });

  it('has a flag byte per code that equals the titles', () => {
    for (let c = 0; c < lx.parent.length; c++) {
      const want = (facts.openTitle(c) ? OPEN : 0) | (facts.generalizedTitle(c) ? GENERALIZED_ONLY : 0) | (facts.initialEncounter(c) ? INITIAL : 0);
      if (lx.review.flags[c] !== want) expect([lx.codes.get(c), lx.review.flags[c]]).toEqual([lx.codes.get(c), want]);
    }
    // The flags are not all one value: open titles, "generalized" and initial encounters all occur.
    const seen = new Set(lx.review.flags);
    for (const f of [0, OPEN, OPEN | GENERALIZED_ONLY, INITIAL]) expect(seen.has(f)).toBe(true);
  });

  it('holds the refinement options, default child and encounter siblings the definitions give (every 7th code)', () => {
    const r = lx.review;
    let options = 0;
    let defaults = 0;
    for (let c = 0; c < lx.parent.length; c += 7) {
      const header = lx.billable[c] !== 1;
      const want = header || facts.openTitle(c) ? Array.from(refinements.of(c, header).data) : [];
      const got = Array.from(r.options.subarray(r.optionStart[c], r.optionStart[c + 1]));
      if (got.join() !== want.join()) expect([lx.codes.get(c), got]).toEqual([lx.codes.get(c), want]);
      options += want.length > 0 ? 1 : 0;
      expect(r.defaults[c]).toBe(header ? facts.defaultChild(c) : -1);
      defaults += (r.defaults[c] as number) >= 0 ? 1 : 0;
      const initial = facts.initialEncounter(c);
      expect([r.encounter[2 * c], r.encounter[2 * c + 1]]).toEqual(initial ? [facts.encounterSibling(c, 'D'), facts.encounterSibling(c, 'S')] : [-1, -1]);
    }
    expect(options).toBeGreaterThan(1000);
    expect(defaults).toBeGreaterThan(1000);
  });

  it('lists exactly the candidate rows whose term names an ancestor (every row listed, every 41st row not)', () => {
    const r = lx.review;
    expect(r.namedRow.length).toBeGreaterThan(1000);
    const listed = new Map<number, number>();
    r.namedRow.forEach((row, i) => listed.set(row, r.namedCode[i] as number));
    const check = (row: number) => {
      const code = lx.candCode[row] as number;
      const want = facts.namedAncestor(code, lx.terms.get(lx.candTerm[row] as number));
      expect(listed.get(row) ?? code).toBe(want);
    };
    for (const row of listed.keys()) check(row);
    for (let row = 0; row < lx.candCode.length; row += 41) check(row);
  });
});

describe('the engine reads the review sections', () => {
  // E11 is a header whose default child is E11.9; the term "Type 2 diabetes mellitus"
  // is attached to E11.8 but is E11's title, so it names E11 and moves to E11.9.
  const codes = [
    titled('E11', 'Type 2 diabetes mellitus', false),
    titled('E11.8', 'Type 2 diabetes mellitus with unspecified complications'),
    titled('E11.9', 'Type 2 diabetes mellitus without complications'),
  ];
  const bytes = () => compileLexicon(lexiconOf(codes, [...titleTerms(codes).filter((t) => t.code !== 'E11'), { text: 'Type 2 diabetes mellitus', code: 'E11.8', source: 'index' }])).bytes;
  const section = (b: Uint8Array, name: string): Int32Array => {
    const s = readHeader(b.buffer).sections.find((x) => x.name === name);
    if (s === undefined) throw new Error(`no section ${name}`);
    return new Int32Array(b.buffer, s.offset, s.length);
  };

  it('takes a header\'s default child from review.defaults', () => {
    const b = bytes();
    expect(spanCodes(Engine.fromBuffer(b.buffer), 'Type 2 diabetes mellitus', { context: false })).toEqual(['Type 2 diabetes mellitus=E11.9']);
    const lx = new CompiledLexicon(b.buffer);
    // Another (valid) answer written into the section is the one the engine gives.
    section(b, S.review.defaults)[lx.codeIndex('E11')] = lx.codeIndex('E11.8');
    expect(spanCodes(Engine.fromBuffer(b.buffer), 'Type 2 diabetes mellitus', { context: false })).toEqual(['Type 2 diabetes mellitus=E11.8']);
  });

  it('takes the code a term names from review.named', () => {
    const b = bytes();
    const lx = new CompiledLexicon(b.buffer);
    expect(Array.from(lx.review.namedCode)).toEqual([lx.codeIndex('E11')]);
    section(b, S.review.namedCode)[0] = lx.codeIndex('E11.8');
    expect(spanCodes(Engine.fromBuffer(b.buffer), 'Type 2 diabetes mellitus', { context: false })).toEqual(['Type 2 diabetes mellitus=E11.8']);
  });

  it('rejects a review section that names no code, naming the section', () => {
    for (const name of [S.review.defaults, S.review.options, S.review.namedCode]) {
      const b = bytes();
      const s = section(b, name);
      expect(s.length).toBeGreaterThan(0);
      s[0] = 1_000_000;
      expect(() => new CompiledLexicon(b.buffer)).toThrow(expect.objectContaining({ code: 'E_ARTIFACT_INVALID', message: expect.stringContaining(name) }));
    }
  });
});
