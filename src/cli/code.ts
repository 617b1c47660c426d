/**
 * `icd10cm code`: the document's code set (engine.code) for each input
 * document. Inputs, pool, ordering and nothing-lost records are detect's
 * (src/cli/detect.ts runs in 'code' mode); only the record body differs.
 */
import { availableParallelism } from 'node:os';
import { POOL_DEFAULTS } from '../workers/pool.js';
import { detectCommand } from './detect.js';

export const CODE_HELP = `icd10cm code [PATH...] [options]
  Codes each input document by the ICD-10-CM Official Guidelines and writes one
  JSON line per document, in input order:
  {"id", "ok": true, "codes": [...], "setAside": [...]} or {"id", "ok": false, "error": {"code", "message"}}.
  Each code has its description, billable flag, score, evidence spans and the
  rules (id and Guidelines section) that made it; each set-aside code the rule
  that set it aside. Inputs as for detect: files, directories, - or standard
  input (JSONL or one text).
  --setting S           outpatient (default: uncertain diagnoses give their
                        symptoms, IV.H) or inpatient (coded as established, II.H)
  --min-score X         mentions below this confidence are not read (0..1, default 0)
  --jsonl, --text, --glob, --id-field, --text-field, --output, --pretty, --quiet,
  --threads N (default ${availableParallelism()}), --max-doc-chars N (default ${POOL_DEFAULTS.maxDocumentChars}),
  --task-timeout MS (default ${POOL_DEFAULTS.taskTimeout}), --max-line-bytes N, --artifact FILE: as for detect.
  Exit: 0 all documents ok, 1 some became error records, 2 usage, 3 fatal.`;

export function codeCommand(args: string[]): Promise<number> {
  return detectCommand(args, 'code');
}
