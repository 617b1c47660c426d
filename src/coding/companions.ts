/**
 * Tabular instructional notes that pair codes (I.A.13 "use additional code",
 * I.A.17 "code also"). A kept code whose note names another kept code marks
 * it as the companion; a note that names a range the note supports only by a
 * stage ("stage 3a" beside E11.22) pulls the companion in, read from the
 * release as "<range's category title> stage <stage>".
 */
import { bare, inRange, referencedRanges, type CodeRange } from './codes.js';
import type { IndexReader } from './index-reader.js';
import type { Ledger } from './ledger.js';
import { RULES } from './rules.js';

/** True when `code`'s (or its ancestors') use-additional / code-also notes name `other`, or `other`'s code-first notes name `code`. */
export function asksFor(ledger: Ledger, code: string, other: string): boolean {
  const refs = (c: string, key: 'useAdditionalCode' | 'codeAlso' | 'codeFirst'): CodeRange[] => notesUp(ledger, c, key).flatMap(referencedRanges);
  return [...refs(code, 'useAdditionalCode'), ...refs(code, 'codeAlso')].some((r) => inRange(other, r)) || refs(other, 'codeFirst').some((r) => inRange(code, r));
}

/** A Tabular note list of the code and its ancestors (notes of a category hold for its codes). */
export function notesUp(ledger: Ledger, code: string, key: 'useAdditionalCode' | 'codeAlso' | 'codeFirst' | 'excludes1'): string[] {
  const out: string[] = [];
  for (let c: string | null = code; c !== null; ) {
    const i = ledger.info(c);
    if (i === null) break;
    out.push(...i[key]);
    c = i.parent;
  }
  return [...new Set(out)];
}

const STAGE = /\bstage\s+([1-5][ab]?|I{1,3}[ab]?|IV|V)\b/gi;

export function companions(ledger: Ledger, index: IndexReader, text: string): void {
  for (const e of ledger.entries) {
    if (!ledger.has(e.code)) continue;
    for (const key of ['useAdditionalCode', 'codeAlso'] as const) {
      const rule = key === 'codeAlso' ? RULES.codeAlso : RULES.useAdditional;
      const ranges = notesUp(ledger, e.code, key).flatMap(referencedRanges);
      if (ranges.length === 0) continue;
      let present = false;
      for (const other of ledger.entries) {
        if (other.code !== e.code && ranges.some((r) => inRange(other.code, r))) {
          ledger.note(other.code, rule);
          present = true;
        }
      }
      if (!present && key === 'useAdditionalCode') pullStage(ledger, index, text, e.code, ranges, rule);
    }
  }
}

/** A companion range the note names only by its stage, in the sentence of the code's evidence. */
function pullStage(ledger: Ledger, index: IndexReader, text: string, code: string, ranges: CodeRange[], rule: typeof RULES.useAdditional): void {
  const entry = ledger.get(code);
  if (entry === undefined) return;
  for (const ev of entry.evidence) {
    const from = Math.max(0, text.lastIndexOf('.', ev.start) + 1);
    const dot = text.indexOf('.', ev.end);
    const to = dot < 0 ? text.length : dot;
    for (const m of text.slice(from, to).matchAll(STAGE)) {
      for (const r of ranges) {
        const category = ledger.info(r.lo.slice(0, 3))?.description.replace(/\s*\([^)]*\)/g, '');
        if (category === undefined) continue;
        const found = index.resolve(`${category} stage ${m[1]}`);
        if (found === null || !inRange(found, r) || bare(found) === bare(code)) continue;
        const start = from + m.index;
        ledger.keep(found, [{ start, end: start + m[0].length, text: m[0] }], rule, entry.score);
        return;
      }
    }
  }
}
