/**
 * Context becomes codes: each detected mention is kept, set aside, or turned
 * into a history code by what its context says.
 * - negated or hypothetical: set aside (only documented conditions are coded, IV.J);
 * - about a relative: the family-history code the Index gives (I.C.21.c.4);
 * - uncertain: set aside in the outpatient setting (IV.H; its signs and
 *   symptoms are coded from their own mentions), coded as established in the
 *   inpatient setting (II.H);
 * - in the past: coded as current when the condition persists (IV.J), a
 *   personal-history code when it resolves (I.C.21.c.4), set aside when the
 *   course data does not say.
 */
import type { Span } from '../types.js';
import { inAny, rangeWidth, type CodeRange } from './codes.js';
import type { CourseData, CourseEntry, FamilyData } from './data.js';
import { conditionNames, type IndexReader } from './index-reader.js';
import { evidenceOf, type Ledger } from './ledger.js';
import { RULES } from './rules.js';
import type { ResolvedCodeOptions } from './types.js';

export interface ContextStage {
  ledger: Ledger;
  index: IndexReader;
  course: CourseData;
  family: FamilyData;
  options: ResolvedCodeOptions;
}

export function readMentions(stage: ContextStage, spans: readonly Span[]): void {
  const { ledger, options } = stage;
  for (const span of spans) {
    const code = span.concepts[0]?.code;
    if (code === undefined || span.score < options.minScore) continue;
    const a = span.assertions;
    const ev = [evidenceOf(span)];
    if (a?.negated === true) ledger.aside(code, ev, RULES.negated);
    else if (a?.hypothetical === true) ledger.aside(code, ev, RULES.hypothetical);
    else if (a?.family === true) familyHistory(stage, span, code);
    else if (a?.uncertain === true && options.setting === 'outpatient') ledger.aside(code, ev, RULES.uncertainOutpatient);
    else if (a?.historical === true) pastCondition(stage, span, code);
    else ledger.keep(code, ev, a?.uncertain === true ? RULES.uncertainInpatient : RULES.documented, span.score, [span]);
  }
}

function familyHistory(stage: ContextStage, span: Span, code: string): void {
  const { ledger, index } = stage;
  const ev = [evidenceOf(span)];
  // The condition by name first, then its body system's entries (family.json, narrower first).
  const system = stage.family.entries.filter((e) => inAny(code, e.ranges)).map((e) => e.history);
  const found = index.first([...conditionNames(span.text, ledger.titles(code)), ...system].map((n) => `family history of ${n}`));
  ledger.aside(code, ev, found === null ? RULES.familyNoCode : RULES.family, found?.code);
  if (found !== null) ledger.keep(found.code, ev, RULES.familyHistory, span.score);
}

function pastCondition(stage: ContextStage, span: Span, code: string): void {
  const { ledger, index, course, options } = stage;
  const ev = [evidenceOf(span)];
  const persists = match(course.persists, code);
  const resolves = match(course.resolves, code);
  // The narrower entry wins: gestational diabetes resolves though diabetes persists.
  if (persists !== undefined && (resolves === undefined || width(persists) <= width(resolves))) {
    ledger.keep(code, ev, span.assertions?.uncertain === true && options.setting === 'inpatient' ? RULES.uncertainInpatient : RULES.persists, span.score, [span]);
    return;
  }
  if (resolves === undefined) return void ledger.aside(code, ev, RULES.unknownCourse);
  const names = [...(resolves.history === undefined ? [] : [resolves.history]), ...conditionNames(span.text, ledger.titles(code))];
  const found = index.first(names.map((n) => `personal history of ${n}`));
  ledger.aside(code, ev, found === null ? RULES.noHistoryCode : RULES.resolved, found?.code);
  if (found !== null) ledger.keep(found.code, ev, RULES.personalHistory, span.score);
}

function match(entries: readonly CourseEntry[], code: string): CourseEntry | undefined {
  let best: CourseEntry | undefined;
  for (const e of entries) if (inAny(code, e.ranges) && (best === undefined || width(e) < width(best))) best = e;
  return best;
}

/** Lower is narrower: the longest bound of the entry's ranges that holds the code. */
function width(e: CourseEntry): number {
  return Math.min(...e.ranges.map((r: CodeRange) => rangeWidth(r)));
}
