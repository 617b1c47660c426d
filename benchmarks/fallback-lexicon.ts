/**
 * A stand-in lexicon for benchmarking before the release reader exists: every
 * code of the newest order file in the shared release folder, with its long and
 * short descriptions as terms, plus the project abbreviations. No Tabular
 * inclusion terms and no Alphabetic Index, so it has fewer (and longer) patterns
 * than the real artifact; every figure measured on it is labelled as such.
 *
 * Build-only, like src/lexicon: the scan path never imports this.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { CodeRecord, Lexicon, TermRecord } from '../src/lexicon/types.js';

/** Order-file line: order number, code, billable flag, short title (60 columns), long title. */
const ORDER_LINE = /^(\d{5}) ([A-Z0-9]{3,7}) *([01]) (.{60}) (.*)$/;

export interface OrderFile {
  name: string;
  member: string;
  fiscalYear: number;
  text: string;
  bytes: number;
  sha256: string;
}

/** The newest `*order*.zip` member named icd10cm_order_YYYY.txt in `dir`, or undefined. */
export function findOrderFile(dir: string): OrderFile | undefined {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return undefined;
  }
  const zips = names
    .filter((n) => /order/i.test(n) && /\.zip$/i.test(n))
    .map((n) => ({ n, year: Number(/(20\d\d)/.exec(n)?.[1] ?? 0) }))
    .sort((a, b) => b.year - a.year);
  for (const { n } of zips) {
    const raw = readFileSync(join(dir, n));
    const files = unzipSync(raw, { filter: (f) => /icd10cm_order_\d{4}\.txt$/i.test(f.name) });
    const member = Object.keys(files)[0];
    if (member === undefined) continue;
    const data = files[member] as Uint8Array;
    return {
      name: n,
      member,
      fiscalYear: Number(/(\d{4})\.txt$/.exec(member)?.[1] ?? 0),
      text: new TextDecoder().decode(data),
      bytes: raw.length,
      sha256: createHash('sha256').update(raw).digest('hex'),
    };
  }
  return undefined;
}

export function orderFileLexicon(order: OrderFile): Lexicon {
  const codes: CodeRecord[] = [];
  const terms: TermRecord[] = [];
  for (const line of order.text.split(/\r?\n/)) {
    const m = ORDER_LINE.exec(line);
    if (m === null) continue;
    const bare = m[2] as string;
    const code = bare.length > 3 ? `${bare.slice(0, 3)}.${bare.slice(3)}` : bare;
    const shortDescription = (m[4] as string).trim();
    const longDescription = (m[5] as string).trim();
    codes.push({ code, billable: m[3] === '1', shortDescription, longDescription });
    terms.push({ text: longDescription, code, source: 'description' });
    if (shortDescription !== longDescription) terms.push({ text: shortDescription, code, source: 'short-description' });
  }
  return {
    sources: [{ name: order.name, member: order.member, role: 'order', fiscalYear: order.fiscalYear, bytes: order.bytes, sha256: order.sha256 }],
    codesFiscalYear: order.fiscalYear,
    codes,
    terms,
    tabular: new Map(),
    report: { codes: codes.length, billableCodes: codes.filter((c) => c.billable).length, termsBySource: {}, remapped: 0, dropped: 0, examples: [] },
  };
}
