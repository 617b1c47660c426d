/**
 * Public types of `engine.code`: the document's code set under the ICD-10-CM
 * Official Guidelines for Coding and Reporting. Offsets are half-open UTF-16
 * indexes into the caller's text, as in `detect`.
 */
import type { Assertions, CodeInfo, DetectOptions, Span } from '../types.js';

/** Which Guidelines section chose a code or set one aside. */
export interface RuleRef {
  /** Stable id, e.g. `with.combination`. */
  id: string;
  /** Guidelines section, e.g. `I.A.15`. */
  section: string;
}

export interface Evidence {
  start: number;
  end: number;
  text: string;
}

export interface CodedCode {
  code: string;
  description: string;
  /** False only for a header no billable child of which the note supports. */
  billable: boolean;
  /** Best confidence among the evidence spans. */
  score: number;
  evidence: Evidence[];
  /** Every rule that made or kept the code, in the order applied. */
  rules: RuleRef[];
}

export interface SetAside {
  code: string;
  description: string;
  evidence: Evidence[];
  rule: RuleRef;
  /** The code that replaced or outranked it, when one did. */
  by?: string;
}

export interface CodeSet {
  codes: CodedCode[];
  setAside: SetAside[];
}

export type Setting = 'outpatient' | 'inpatient';

export interface CodeOptions {
  /**
   * `'outpatient'` (default): an uncertain diagnosis ("rule out", "probable") is
   * set aside and its signs and symptoms are coded (Guidelines IV.H).
   * `'inpatient'`: it is coded as if established (II.H).
   */
  setting?: Setting;
  /** Evidence spans below this confidence are not read (default 0). */
  minScore?: number;
}

export interface ResolvedCodeOptions {
  setting: Setting;
  minScore: number;
}

/** What the coding stages need from an engine (the real Engine satisfies it). */
export interface CodingHost {
  detect(text: string, options?: DetectOptions): Span[];
  lookup(code: string): CodeInfo | null;
  assess(text: string, targets: ReadonlyArray<{ start: number; end: number }>): Array<{ assertions: Assertions; section: string | null }>;
}
