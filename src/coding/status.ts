/**
 * Status codes the note states (I.C.21.c.3): a procedure's status after a cue
 * ("s/p CABG" Z95.1), a long-term drug therapy ("on apixaban" Z79.01, a drug
 * in the medication list), and the BMI (Z68.-, I.B.14). The codes come from
 * the release: each status names the Index or Tabular wording the lexicon
 * resolves, and BMI ranges are read from the Z68 titles.
 */
import { inAny } from './codes.js';
import type { StatusData } from './data.js';
import type { IndexReader } from './index-reader.js';
import type { Ledger } from './ledger.js';
import { RULES } from './rules.js';
import type { CodingHost, Evidence } from './types.js';

export interface StatusStage {
  ledger: Ledger;
  index: IndexReader;
  host: CodingHost;
  status: StatusData;
  text: string;
}

const MEDICATION_SECTIONS = new Set(['medications', 'discharge_medications']);

export function statusCodes(stage: StatusStage): void {
  const { status, text } = stage;
  const found: Array<{ ev: Evidence; code: string; rule: typeof RULES.status; cueless: boolean }> = [];
  for (const s of status.statuses) {
    const code = stage.index.resolve(s.index);
    if (code === null) continue;
    const before = cueBefore(s.after, 0);
    for (const ev of occurrences(text, s.terms)) if (before.test(text.slice(Math.max(0, ev.start - 40), ev.start))) found.push({ ev, code, rule: RULES.status, cueless: false });
  }
  const drugCue = cueBefore(status.drugCues, 2);
  for (const d of status.drugs) {
    const code = stage.index.resolve(d.index);
    if (code === null) continue;
    for (const ev of occurrences(text, d.names)) {
      found.push({ ev, code, rule: RULES.drugTherapy, cueless: !drugCue.test(text.slice(Math.max(0, ev.start - 60), ev.start)) });
    }
  }
  if (found.length === 0) return;
  const contexts = stage.host.assess(text, found.map((f) => f.ev));
  found.forEach((f, i) => {
    const c = contexts[i];
    if (c === undefined) return;
    const a = c.assertions;
    // A drug named with no cue counts only in a medication list.
    if (f.cueless && !MEDICATION_SECTIONS.has(c.section ?? '')) return;
    if (a.negated) stage.ledger.aside(f.code, [f.ev], RULES.negated);
    else if (a.family) stage.ledger.aside(f.code, [f.ev], RULES.family);
    else if (a.hypothetical || a.uncertain) stage.ledger.aside(f.code, [f.ev], RULES.hypothetical);
    else stage.ledger.keep(f.code, [f.ev], f.rule, 0.6);
  });
}

/** BMI after the other stages: coded only with an associated reportable diagnosis (I.B.14). */
export function bmiCode(stage: StatusStage): void {
  const { text, status, ledger } = stage;
  const terms = status.bmi.terms.map(escape).join('|');
  const re = new RegExp(`\\b(?:${terms})\\b\\s*(?:of|is|was|:|=)?\\s*(\\d{1,2}(?:\\.\\d+)?)(?![\\d.]*\\s*(?:%|percentile))`, 'gi');
  for (const m of text.matchAll(re)) {
    const value = Number(m[1]);
    const code = bmiAdultCode(ledger, value);
    if (code === null) continue;
    const ev: Evidence = { start: m.index, end: m.index + m[0].length, text: m[0] };
    const associated = ledger.entries.some((e) => inAny(e.code, status.bmi.associated));
    if (associated) ledger.keep(code, [ev], RULES.bmi, 0.6);
    else ledger.aside(code, [ev], RULES.bmiUnassociated);
  }
}

/** The adult Z68 code whose title's range holds `value` ("Body mass index [BMI] 40.0-44.9, adult"). */
function bmiAdultCode(ledger: Ledger, value: number): string | null {
  for (const code of BMI_ADULT_CODES) {
    const d = ledger.info(code)?.description;
    if (d === undefined || !/adult/i.test(d)) continue;
    const range = /(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)/.exec(d);
    if (range !== null && value >= Number(range[1]) && value <= Number(range[2])) return code;
    const less = /(\d+(?:\.\d+)?) or less/.exec(d);
    if (less !== null && value <= Number(less[1])) return code;
    const more = /(\d+(?:\.\d+)?) or greater/.exec(d);
    if (more !== null && value >= Number(more[1])) return code;
  }
  return null;
}

/** The adult subcategories' possible codes: Z68.1, Z68.20-Z68.39, Z68.41-Z68.45 (titles decide which exist and what they hold). */
const BMI_ADULT_CODES: readonly string[] = ['Z68.1', ...range(20, 39).map((n) => `Z68.${n}`), ...range(41, 45).map((n) => `Z68.${n}`)];

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** Whole-word occurrences; a term written in capitals (CABG, ASA) matches only in capitals. */
function occurrences(text: string, terms: readonly string[]): Evidence[] {
  const out: Evidence[] = [];
  for (const t of terms) {
    const caps = t === t.toUpperCase() && /[A-Z]/.test(t);
    const re = new RegExp(`(?<![\\w/-])${escape(t).replace(/ /g, '\\s+')}(?![\\w-])`, caps ? 'g' : 'gi');
    for (const m of text.matchAll(re)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** Text ending with one of `cues`, then up to `gap` words ("on apixaban", "on daily aspirin"). */
function cueBefore(cues: readonly string[], gap: number): RegExp {
  return new RegExp(`(?:^|[^\\w/])(?:${cues.map(escape).join('|')})\\s+(?:[\\w-]+\\s+){0,${gap}}$`, 'i');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
