/** Shared pieces for the lexicon tests: where the real release is, and tiny synthetic release files. */
import { existsSync } from 'node:fs';
import type { TermSource } from '../../src/types.js';
import type { CodeRecord } from '../../src/lexicon/types.js';
import { USER_RELEASE_DIR } from '../../src/paths.js';

/** The real release: $ICD10CM_RELEASE, else the one that ships in data/icd10cm/release. */
export const RELEASE_DIR = process.env['ICD10CM_RELEASE'] || USER_RELEASE_DIR;
export const HAVE_RELEASE = existsSync(RELEASE_DIR);
/**
 * Tests that read the real release fail when it is missing; only an explicit
 * ICD10CM_ALLOW_NO_RELEASE=1 turns them into skips (the README and CI never set
 * it), so a checkout without the release cannot pass by running fewer tests.
 */
export const SKIP_WITHOUT_RELEASE = !HAVE_RELEASE && process.env['ICD10CM_ALLOW_NO_RELEASE'] === '1';

/** The first check of a suite that needs the release: says where it looked and how to skip on purpose. */
export function expectRelease(): void {
  if (!HAVE_RELEASE) {
    throw new Error(`no ICD-10-CM release at ${RELEASE_DIR} (ICD10CM_RELEASE or data/icd10cm/release); set ICD10CM_ALLOW_NO_RELEASE=1 to skip the tests that need it`);
  }
}

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
