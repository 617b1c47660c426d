/**
 * The edition a run is coded with: the artifact's fiscal years and body hash
 * (from its header, so no pass over the file) and a hash of the ConText rules.
 * Every batch carries its submitter's identity; a worker whose identity
 * differs refuses the batch, so one run never mixes editions or rule files.
 */
import { createHash } from 'node:crypto';
import type { ArtifactHeader } from '../artifact/format.js';
import type { RuleFile } from '../context/index.js';

export interface ArtifactIdentity {
  codesFiscalYear: number;
  fiscalYears: Record<string, number>;
  bodySha256: string;
  rulesSha256: string;
}

export function identityOf(header: ArtifactHeader, rules: RuleFile): ArtifactIdentity {
  return {
    codesFiscalYear: header.codesFiscalYear,
    fiscalYears: header.fiscalYears,
    bodySha256: header.bodySha256,
    rulesSha256: createHash('sha256').update(JSON.stringify(rules)).digest('hex'),
  };
}

export function sameIdentity(a: ArtifactIdentity, b: ArtifactIdentity): boolean {
  return a.bodySha256 === b.bodySha256 && a.rulesSha256 === b.rulesSha256 && a.codesFiscalYear === b.codesFiscalYear;
}

/** For messages: `FY2026 (order 2026, tabular 2026), body 1a2b3c4d5e6f, rules 0f1e2d3c4b5a`. */
export function describeIdentity(id: ArtifactIdentity): string {
  const years = Object.entries(id.fiscalYears)
    .map(([role, year]) => `${role} ${year}`)
    .join(', ');
  return `FY${id.codesFiscalYear} (${years}), body ${id.bodySha256.slice(0, 12)}, rules ${id.rulesSha256.slice(0, 12)}`;
}
