/**
 * Document-level step after the review: "the tumor" of a case report is the
 * neoplasm the report named before. A span still coded to the Table of
 * Neoplasms' top row (D49.9 for "tumor", C80.1 for "cancer": the unspecified
 * site, which the sentence-level site step (neoplasm-sites.ts) could not
 * place) takes the code of the nearest span of the same note whose code is
 * another neoplasm's (chapter 2, off the top row): "renal cell carcinoma of
 * the left kidney ... The tumor measured 4 cm" codes the tumor C64.2. A coder
 * never codes the unspecified site when the report names the neoplasm; on
 * CodiEsp dev these spans were the largest class of false alarms (D49.9 and
 * C80.1), and the step removed 103 of them for one hit (full-code F1 0.513 ->
 * 0.518).
 *
 * The nearest preceding such span wins, else the nearest following one ("the
 * tumor" of an opening sentence is named by the diagnosis further on). Only a
 * code of a compatible behaviour is taken: "cancer" cannot be a benign adenoma.
 *
 * Which codes are the top row is read from the artifact's table; a note with
 * none of them costs one map lookup per span.
 */
import type { CompiledLexicon } from '../artifact/model.js';
import type { Concept, Span } from '../types.js';

/** Inclusive ranges of ICD-10-CM categories (three characters), compared as strings. */
type Blocks = ReadonlyArray<readonly [string, string]>;

/**
 * Behaviours of neoplasm codes by the blocks of ICD-10-CM chapter 2
 * ("Neoplasms", C00-D49) in the Tabular List, and what an unspecified-site
 * mention of each behaviour may refer back to. A top-row code's block tells
 * its column's behaviour (the table's column order is not relied on: the
 * first behaviour whose blocks hold the code wins, so secondary is tried
 * before the malignant range that contains it).
 *
 * Category strings compare by code unit, so 'C7A' and 'C7B' sort between
 * 'C79' and 'C80', and 'D3A' between 'D39' and 'D40'.
 */
const CHAPTER_2: Blocks = [['C00', 'D49']];
const BEHAVIOURS: ReadonlyArray<{ behaviour: string; blocks: Blocks; takes: Blocks }> = [
  // C77-C79 "Malignant neoplasms of ... secondary ... sites", C7B secondary neuroendocrine tumors.
  { behaviour: 'secondary', blocks: [['C77', 'C79'], ['C7B', 'C7B']], takes: [['C77', 'C79'], ['C7B', 'C7B']] },
  // C00-C96 malignant neoplasms (primary, secondary, lymphoid; C7A/C7B neuroendocrine): "cancer" of any of them.
  { behaviour: 'malignant', blocks: [['C00', 'C96']], takes: [['C00', 'C96']] },
  // D00-D09 "In situ neoplasms".
  { behaviour: 'in situ', blocks: [['D00', 'D09']], takes: [['D00', 'D09']] },
  // D10-D36 and D3A "Benign neoplasms" (D3A: benign neuroendocrine tumors).
  { behaviour: 'benign', blocks: [['D10', 'D36'], ['D3A', 'D3A']], takes: [['D10', 'D36'], ['D3A', 'D3A']] },
  // D37-D48 "Neoplasms of uncertain behavior", D49 "... of unspecified behavior": a "tumor" may be any neoplasm.
  { behaviour: 'uncertain', blocks: [['D37', 'D48']], takes: CHAPTER_2 },
  { behaviour: 'unspecified', blocks: [['D49', 'D49']], takes: CHAPTER_2 },
];

function inBlocks(category: string, blocks: Blocks): boolean {
  for (const [lo, hi] of blocks) if (category >= lo && category <= hi) return true;
  return false;
}

/** A span that may be referred back to: its top concept and its code's category. */
interface Antecedent {
  start: number;
  top: Concept;
  category: string;
}

export class NeoplasmAnaphora {
  /** Each top-row code (dotted, as spans carry it) and what its mentions may take. */
  private readonly topRow = new Map<string, Blocks>();

  constructor(lx: CompiledLexicon) {
    for (const index of lx.neoplasm.unspecified) {
      if (index < 0) continue;
      const code = lx.codes.get(index);
      const b = BEHAVIOURS.find((x) => inBlocks(code.slice(0, 3), x.blocks));
      if (b !== undefined) this.topRow.set(code, b.takes);
    }
  }

  /**
   * Gives each span of `spans` (one note, reviewed) whose top code is the
   * unspecified site the code of its antecedent, in place: the antecedent's
   * code, description and billable flag on a copy of the span's top concept
   * (term, source and score stay: the note said "tumor"), with the span's own
   * code kept second. `maxCandidates` still bounds the concepts, so with 1 the
   * unspecified code goes. Offsets, text and the span's score are unchanged.
   */
  resolve(spans: Span[], maxCandidates: number): void {
    const topRow = this.topRow;
    let anaphors = 0;
    for (const s of spans) {
      const code = s.concepts[0]?.code;
      if (code !== undefined && topRow.has(code)) anaphors++;
    }
    if (anaphors === 0) return;
    const antecedents: Antecedent[] = [];
    for (const s of spans) {
      const top = s.concepts[0];
      if (top === undefined || topRow.has(top.code)) continue;
      const category = top.code.slice(0, 3);
      if (inBlocks(category, CHAPTER_2)) antecedents.push({ start: s.start, top, category });
    }
    if (antecedents.length === 0) return;
    for (const s of spans) {
      const own = s.concepts[0];
      const takes = own === undefined ? undefined : topRow.get(own.code);
      if (own === undefined || takes === undefined) continue;
      const found = nearest(antecedents, s.start, takes);
      if (found === undefined) continue;
      const top: Concept = { ...own, code: found.code, description: found.description, billable: found.billable };
      const rest = s.concepts.filter((c, i) => i > 0 && c.code !== found.code);
      s.concepts = [top, own, ...rest].slice(0, maxCandidates);
    }
  }
}

/** The nearest antecedent starting at or before `at` whose code `takes` allows, else the nearest after it. */
function nearest(antecedents: readonly Antecedent[], at: number, takes: Blocks): Concept | undefined {
  let before: Antecedent | undefined;
  let after: Antecedent | undefined;
  for (const a of antecedents) {
    if (a.start <= at ? before !== undefined && a.start <= before.start : after !== undefined && a.start >= after.start) continue;
    if (!inBlocks(a.category, takes)) continue;
    if (a.start <= at) before = a;
    else after = a;
  }
  return (before ?? after)?.top;
}
