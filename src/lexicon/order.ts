/**
 * The order file ("code descriptions in tabular order"): every code of the
 * release, headers included, one per line in fixed columns
 * (order 1-5, code 7-13 without dot, billable flag 15, short title 17-76, long title 78+).
 * It is the one authority on which codes exist and which can be billed.
 */
import { IcdError, type Issue } from '../errors.js';
import type { CodeRecord } from './types.js';

/** Problems reported at most; a wrong file would otherwise list 98,000 of them. */
const MAX_ISSUES = 20;
const CODE = /^[A-Z][0-9A-Z][0-9A-Z]{1,5}$/;

/** `E1122` -> `E11.22`; three-character categories have no dot. */
export function dotted(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** `E11.22` -> `E1122`. */
export function undotted(code: string): string {
  return code.replace('.', '');
}

export function parseOrderFile(text: string, fileName: string): CodeRecord[] {
  const codes: CodeRecord[] = [];
  const issues: Issue[] = [];
  let problems = 0;
  const seen = new Set<string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim().length === 0) return;
    const code = line.slice(6, 13).trim();
    const flag = line[14];
    const shortDescription = line.slice(16, 76).trim();
    const longDescription = line.slice(77).trim();
    let problem: string | undefined;
    if (!/^\d{5}$/.test(line.slice(0, 5))) problem = 'order number (columns 1-5) is not 5 digits';
    else if (!CODE.test(code)) problem = `code (columns 7-13) is not a code: "${code}"`;
    else if (flag !== '0' && flag !== '1') problem = `billable flag (column 15) is "${flag ?? ''}", expected 0 or 1`;
    else if (longDescription.length === 0) problem = 'long title (column 78 on) is empty';
    else if (seen.has(code)) problem = `code ${code} appears twice`;
    if (problem !== undefined) {
      problems++;
      if (issues.length < MAX_ISSUES) issues.push({ path: `${fileName}:${i + 1}`, message: problem });
      return;
    }
    seen.add(code);
    codes.push({ code: dotted(code), billable: flag === '1', shortDescription: shortDescription || longDescription, longDescription });
  });
  if (issues.length > 0) {
    throw new IcdError('E_RELEASE_INVALID', `${fileName}: not a valid order file (${problems} bad line(s))`, { issues });
  }
  if (codes.length === 0) {
    throw new IcdError('E_RELEASE_INVALID', `${fileName}: no codes`, { issues: [{ path: fileName, message: 'empty order file' }] });
  }
  return codes;
}
