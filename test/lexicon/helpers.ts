/** Shared pieces for the lexicon tests: where the real release is, and tiny synthetic release files. */
import { existsSync } from 'node:fs';
import type { TermSource } from '../../src/types.js';
import type { CodeRecord } from '../../src/lexicon/types.js';
import { USER_RELEASE_DIR } from '../../src/paths.js';

/** The real release: $ICD10CM_RELEASE, else the one that ships in data/icd10cm/release. */
export const RELEASE_DIR = process.env['ICD10CM_RELEASE'] || USER_RELEASE_DIR;
export const HAVE_RELEASE = existsSync(RELEASE_DIR);

export interface Collected {
  text: string;
  code: string;
  source: TermSource;
}

/** An emit callback that keeps what it is given, for asserting on. */
export function collector(): { terms: Collected[]; emit: (text: string, code: string, source: TermSource) => void } {
  const terms: Collected[] = [];
  return { terms, emit: (text, code, source) => terms.push({ text, code, source }) };
}

/** One fixed-width order file line: order 1-5, code 7-13, flag 15, short 17-76, long 78+. */
export function orderLine(n: number, code: string, billable: boolean, short: string, long = short): string {
  return `${String(n).padStart(5, '0')} ${code.padEnd(7)} ${billable ? 1 : 0} ${short.padEnd(60).slice(0, 60)} ${long}`;
}

/** Code records from [dotted code, billable, long description]; order numbers follow the list. */
export function records(rows: Array<[string, boolean, string]>): CodeRecord[] {
  return rows.map(([code, billable, longDescription]) => ({ code, billable, shortDescription: longDescription, longDescription }));
}
