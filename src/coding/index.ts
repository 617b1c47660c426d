/**
 * The document's code set under the ICD-10-CM Official Guidelines for Coding
 * and Reporting. `Coder.code(text)` detects the mentions once, then runs the
 * stages in order, each a module for one Guidelines mechanism:
 *
 *   context      negated, family, uncertain, past (IV.J, I.C.21.c.4, IV.H / II.H)
 *   status       s/p procedures, long-term drugs (I.C.21.c.3)
 *   specificity  one code per condition (I.B.2)
 *   with         combination codes from the Index's "with" (I.A.15)
 *   hypertension I11 / I12 / I13 (I.C.9.a)
 *   companions   use additional code, code also (I.A.13, I.A.17)
 *   excludes1    codes that exclude each other (I.A.12.a)
 *   integral     symptoms of a confirmed diagnosis (I.B.5)
 *   bmi          BMI with an associated diagnosis (I.B.14)
 *   headers      billable child or `billable: false` (I.A.3)
 *
 * Every decision names its rule (rules.ts); the data each stage reads is in
 * data/coding with its provenance.
 */
import { IcdError } from '../errors.js';
import { companions } from './companions.js';
import { readMentions } from './context.js';
import { loadCodingData, type CodingData } from './data.js';
import { excludes1 } from './excludes.js';
import { hypertensionCombinations } from './hypertension.js';
import { IndexReader } from './index-reader.js';
import { integralSymptoms } from './integral.js';
import { Ledger } from './ledger.js';
import { validateCodeOptions } from './options.js';
import { headers, oneCodePerCondition } from './specificity.js';
import { bmiCode, statusCodes } from './status.js';
import type { CodeOptions, CodeSet, CodingHost } from './types.js';
import { withCombinations } from './with.js';

export class Coder {
  private readonly index: IndexReader;

  constructor(
    private readonly host: CodingHost,
    private readonly data: CodingData = loadCodingData(),
  ) {
    this.index = new IndexReader(host);
  }

  code(text: string, options: CodeOptions = {}): CodeSet {
    if (typeof text !== 'string') throw new IcdError('E_INPUT_INVALID', `code expects a string, got ${typeof text}`);
    const opts = validateCodeOptions(options);
    if (text.length === 0) return { codes: [], setAside: [] };
    const ledger = new Ledger(this.host);
    const { data, index, host } = this;
    readMentions({ ledger, index, course: data.course, family: data.family, options: opts }, host.detect(text));
    const status = { ledger, index, host, status: data.status, text };
    statusCodes(status);
    oneCodePerCondition(ledger);
    withCombinations(ledger, index, data.with);
    hypertensionCombinations(ledger, data.hypertension);
    companions(ledger, index, text);
    excludes1(ledger);
    integralSymptoms(ledger, data.integral);
    bmiCode(status);
    headers(ledger);
    return { codes: ledger.result(), setAside: ledger.setAside };
  }
}

export { ALL_RULES, RULES } from './rules.js';
export { loadCodingData, type CodingData } from './data.js';
export { validateCodeOptions, CODE_DEFAULTS } from './options.js';
export type { CodeOptions, CodeSet, CodedCode, Evidence, ResolvedCodeOptions, RuleRef, SetAside, Setting } from './types.js';
