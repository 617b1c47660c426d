/**
 * `eval codiesp --mode code`: the document's code set (`engine.code`) against
 * the CodiEsp-D gold, beside the span mode (every span's top code, as `eval
 * codiesp` scores it) on the same texts, on two folds and on all documents.
 *
 * The two are different answers. CodiEsp's coders coded every mention,
 * negated, uncertain and family ones included, and symptoms beside the
 * diagnosis they belong to; the Guidelines set those aside. So the code mode is
 * expected to score lower here; the report says where the difference comes
 * from: for each rule that set codes aside, how many of them were gold codes
 * (hits the span mode had) and how many were not (false alarms it removes).
 *
 * Folds: a document's fold is its id's FNV-1a hash, odd or even, so it does not
 * depend on which documents are read or in what order.
 */
import type { CodeSet } from '../../src/coding/index.js';
import type { Span } from '../../src/types.js';
import { addSetCounts, formatPrf, prf, type Prf } from './metrics.js';
import { normCode, type CodiespDoc, type CodiespGold } from './codiesp.js';

export interface CodeModeHost {
  detect(text: string): Span[];
  code(text: string, options?: { setting?: 'outpatient' | 'inpatient' }): CodeSet;
}

type Acc = { tp: number; fp: number; fn: number };
const acc = (): Acc => ({ tp: 0, fp: 0, fn: 0 });

export interface ModeScores {
  documents: number;
  span: { full: Prf; edition: Prf; category: Prf };
  code: { full: Prf; edition: Prf; category: Prf };
}

export interface CodeModeReport {
  setting: 'outpatient' | 'inpatient';
  folds: [ModeScores, ModeScores];
  all: ModeScores;
  /** Per set-aside rule: codes set aside that the gold has, and that it has not. */
  setAside: Record<string, { gold: number; notGold: number }>;
  /** Per rule that made a code: codes in the gold, and not. */
  made: Record<string, { gold: number; notGold: number }>;
}

export function foldOf(id: string): 0 | 1 {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return (h & 1) as 0 | 1;
}

export function evaluateCodeMode(
  host: CodeModeHost,
  docs: readonly CodiespDoc[],
  gold: CodiespGold,
  opts: { setting?: 'outpatient' | 'inpatient'; goldEdition?: (code: string) => string } = {},
): CodeModeReport {
  const setting = opts.setting ?? 'outpatient';
  const counts = [0, 1, 2].map(() => ({ n: 0, span: [acc(), acc(), acc()], code: [acc(), acc(), acc()] }));
  const setAside: CodeModeReport['setAside'] = {};
  const made: CodeModeReport['made'] = {};
  const tally = (table: CodeModeReport['made'], id: string, inGold: boolean) => {
    const t = (table[id] ??= { gold: 0, notGold: 0 });
    if (inGold) t.gold++;
    else t.notGold++;
  };
  for (const doc of docs) {
    const goldSet = gold.codes.get(doc.id) ?? new Set<string>();
    const edition = opts.goldEdition === undefined ? goldSet : new Set([...goldSet].map(opts.goldEdition));
    const cats = new Set([...goldSet].map((c) => c.slice(0, 3)));
    const spanCodes = new Set(host.detect(doc.text).flatMap((s) => (s.concepts[0] === undefined ? [] : [normCode(s.concepts[0].code)])));
    const set = host.code(doc.text, { setting });
    const codeCodes = new Set(set.codes.map((c) => normCode(c.code)));
    for (const c of set.codes) for (const r of c.rules) tally(made, r.id, goldSet.has(normCode(c.code)) || edition.has(normCode(c.code)));
    const kept = codeCodes;
    for (const s of set.setAside) {
      const code = normCode(s.code);
      if (!kept.has(code)) tally(setAside, s.rule.id, goldSet.has(code) || edition.has(code));
    }
    for (const k of [foldOf(doc.id), 2]) {
      const c = counts[k] as (typeof counts)[number];
      c.n++;
      for (const [which, predicted] of [
        ['span', spanCodes],
        ['code', codeCodes],
      ] as const) {
        const [full, ed, cat] = c[which] as [Acc, Acc, Acc];
        addSetCounts(full, predicted, goldSet);
        addSetCounts(ed, predicted, edition);
        addSetCounts(cat, new Set([...predicted].map((x) => x.slice(0, 3))), cats);
      }
    }
  }
  const scores = (k: number): ModeScores => {
    const c = counts[k] as (typeof counts)[number];
    const p = (a: Acc) => prf(a.tp, a.fp, a.fn);
    const [sf, se, sc] = c.span as [Acc, Acc, Acc];
    const [cf, ce, cc] = c.code as [Acc, Acc, Acc];
    return { documents: c.n, span: { full: p(sf), edition: p(se), category: p(sc) }, code: { full: p(cf), edition: p(ce), category: p(cc) } };
  };
  return { setting, folds: [scores(0), scores(1)], all: scores(2), setAside, made };
}

export function formatCodeMode(r: CodeModeReport): string {
  const out = [`CodiEsp-D, code mode (engine.code, setting ${r.setting}) beside span mode (every span's top code), same texts`];
  const block = (name: string, s: ModeScores) => {
    out.push('', `${name} (${s.documents} documents):`);
    out.push(formatPrf('  span  full codes', s.span.full), formatPrf('  code  full codes', s.code.full));
    out.push(formatPrf('  span  gold in release ed.', s.span.edition), formatPrf('  code  gold in release ed.', s.code.edition));
    out.push(formatPrf('  span  categories', s.span.category), formatPrf('  code  categories', s.code.category));
  };
  block('fold 0', r.folds[0]);
  block('fold 1', r.folds[1]);
  block('all', r.all);
  out.push('', 'codes set aside, by rule (in the gold / not in the gold; gold read in the release edition too):');
  for (const [id, t] of Object.entries(r.setAside).sort((a, b) => b[1].gold + b[1].notGold - (a[1].gold + a[1].notGold))) out.push(`  ${id.padEnd(34)} ${String(t.gold).padStart(5)} / ${t.notGold}`);
  out.push('', 'codes made or kept, by rule (in the gold / not):');
  for (const [id, t] of Object.entries(r.made).sort((a, b) => b[1].gold + b[1].notGold - (a[1].gold + a[1].notGold))) out.push(`  ${id.padEnd(34)} ${String(t.gold).padStart(5)} / ${t.notGold}`);
  return out.join('\n');
}
