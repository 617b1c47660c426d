import { describe, expect, it } from 'vitest';
import { CodeTree, Remapper } from '../../src/lexicon/remap.js';
import { records } from './helpers.js';

// A tiny made-up hierarchy with each shape the remapper handles.
const tree = new CodeTree(
  records([
    ['A10', false, 'Widget disease'],
    ['A10.0', true, 'Widget disease of left part'],
    ['A10.8', true, 'Other widget disease'],
    ['A10.9', true, 'Widget disease, unspecified'],
    ['B20', false, 'Gadget injury'],
    ['B20.0', false, 'Gadget injury of head'],
    ['B20.0XXA', true, 'Gadget injury of head, initial encounter'],
    ['B20.0XXD', true, 'Gadget injury of head, subsequent encounter'],
    ['B20.0XXS', true, 'Gadget injury of head, sequela'],
    ['B20.1', false, 'Gadget injury of arm'],
    ['B20.11', false, 'Gadget injury of right arm'],
    ['B20.111', false, 'Gadget sprain of right arm'],
    ['B20.111A', true, 'Gadget sprain of right arm, initial encounter'],
    ['B20.111D', true, 'Gadget sprain of right arm, subsequent encounter'],
    ['B20.19', false, 'Gadget injury of unspecified arm'],
    ['B20.191', false, 'Gadget sprain of unspecified arm'],
    ['B20.191A', true, 'Gadget sprain of unspecified arm, initial encounter'],
    ['C30', false, 'Sprocket disorder'],
    ['C30.1', true, 'Sprocket disorder, mild'],
    ['C30.2', true, 'Sprocket disorder, severe'],
    ['D40', false, 'Juvenile cog disease'],
    ['D40.9', false, 'Juvenile cog disease, unspecified'],
    ['D40.90', true, 'Juvenile cog disease, unspecified, unspecified site'],
    ['D40.91', true, 'Juvenile cog disease, unspecified, shoulder'],
    ['D40.99', true, 'Juvenile cog disease, unspecified, multiple sites'],
    ['E50', true, 'Billable category'],
    // The diabetes shape: no child says "unspecified" about the disease itself.
    ['F60', false, 'Type 7 gizmo disease'],
    ['F60.2', true, 'Type 7 gizmo disease with kidney complications'],
    ['F60.8', true, 'Type 7 gizmo disease with unspecified complications'],
    ['F60.9', true, 'Type 7 gizmo disease without complications'],
    ['G70', false, 'Doohickey fever'],
    ['G70.1', true, 'Doohickey fever with unspecified complications'],
    ['G70.2', true, 'Doohickey fever with rash'],
    // A child unspecified about another condition is no default for the header.
    ['H80', false, 'Adverse thingamajigs, not elsewhere classified'],
    ['H80.2', true, 'Anaphylactic wobble, unspecified'],
    ['H80.8', true, 'Other adverse thingamajigs, not elsewhere classified'],
    // The header's own .9 is its unspecified code, whatever its words.
    ['H81', false, 'Elevated blood sugar level'],
    ['H81.0', true, 'Prediabetes, unspecified'],
    ['H81.9', true, 'Hyperglycemia, unspecified'],
  ]),
);

describe('CodeTree.resolve', () => {
  it.each([
    // existing billable codes stay as they are, with or without dot
    ['A10.0', 'A10.0', []],
    ['E50', 'E50', []],
    // (a) only 7th-character children: the initial encounter, placeholders filled
    ['B20.0', 'B20.0XXA', ['seventh-character']],
    ['B20.0-', 'B20.0XXA', ['seventh-character']],
    ['B20.111', 'B20.111A', ['seventh-character']],
    // (b) the unspecified child, recursively, then (a)
    ['A10', 'A10.9', ['unspecified-child']],
    ['B20.1', 'B20.191A', ['unspecified-child', 'unspecified-child', 'seventh-character']],
    ['D40', 'D40.90', ['unspecified-child', 'unspecified-child']],
    // (c) a missing code goes to its nearest existing ancestor first
    ['A10.05', 'A10.0', ['ancestor']],
    ['B20.0X', 'B20.0XXA', ['ancestor', 'seventh-character']],
    ['B20.0XXB', 'B20.0XXA', ['ancestor', 'seventh-character']],
    ['A1099', 'A10.9', ['ancestor']],
    ['A10.7', 'A10.9', ['ancestor', 'unspecified-child']],
    // "without complications" is the default; "with unspecified complications" is not unspecified
    ['F60', 'F60.9', ['unspecified-child']],
    // (d) a header without an obvious child stays, since it is a valid code
    ['G70', 'G70', []],
    ['H80', 'H80', []],
    ['H81', 'H81.9', ['unspecified-child']],
    ['C30', 'C30', []],
    ['c30.-', 'C30', []],
  ])('%s -> %s', (raw, code, steps) => {
    expect(tree.resolve(raw)).toEqual({ ok: true, code, steps });
  });

  it.each([
    ['Z99.1', 'no-ancestor'],
    ['SCFE', 'no-ancestor'],
    ['12.3', 'malformed'],
    ['', 'malformed'],
    ['A1', 'malformed'],
  ])('(e) drops %s', (raw, reason) => {
    expect(tree.resolve(raw)).toEqual({ ok: false, reason });
  });

  it('prefers the child that says unspecified most often over the 9 child', () => {
    const r = tree.resolve('D40.9');
    expect(r).toEqual({ ok: true, code: 'D40.90', steps: ['unspecified-child'] });
  });

  it('never returns a code outside the tree', () => {
    for (const raw of ['A10', 'A10.7', 'B20', 'B20.1', 'B20.11', 'B20.19', 'C30.3', 'D40.95', 'E50.1', 'E50.123A']) {
      const r = tree.resolve(raw);
      if (r.ok) expect(tree.has(r.code)).toBe(true);
    }
  });
});

describe('Remapper', () => {
  it('counts remaps and drops per term and keeps examples', () => {
    const m = new Remapper(tree);
    expect(m.map('A10.0')).toBe('A10.0');
    expect(m.map('A10')).toBe('A10.9');
    expect(m.map('A10')).toBe('A10.9');
    expect(m.map('B20.0')).toBe('B20.0XXA');
    expect(m.map('Z99')).toBeUndefined();
    const s = m.summary();
    expect(s.remapped).toBe(3);
    expect(s.dropped).toBe(1);
    expect(s.remappedByReason).toEqual({ 'seventh-character': 1, 'unspecified-child': 2 });
    expect(s.droppedByReason).toEqual({ 'no-ancestor': 1 });
    // one example per kind, kinds in sorted order
    expect(s.examples).toEqual(['Z99 dropped (no-ancestor)', 'B20.0 -> B20.0XXA (seventh-character)', 'A10 -> A10.9 (unspecified-child)']);
  });
});
