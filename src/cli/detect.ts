/** `icd10cm detect [FILE...]`: one JSON record per document. */
import { readFile } from 'node:fs/promises';
import { loadEngine } from '../engine.js';
import { toIcdError } from '../errors.js';
import type { DetectOptions } from '../types.js';
import { parse } from './args.js';
import { EXIT } from './exit-codes.js';

export const DETECT_HELP = `icd10cm detect [FILE...] [--pretty] [--affirmed-only] [--overlapping] [--no-context]
  Detects diagnosis mentions in each FILE (or standard input) and prints one JSON
  record per document: {"id", "ok": true, "spans": [...]} or {"id", "ok": false, "error"}.`;

export async function detectCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    pretty: { type: 'boolean' },
    'affirmed-only': { type: 'boolean' },
    overlapping: { type: 'boolean' },
    'no-context': { type: 'boolean' },
  });
  const engine = await loadEngine();
  const options: DetectOptions = {
    match: values['overlapping'] === true ? 'overlapping' : 'leftmost-longest',
    affirmedOnly: values['affirmed-only'] === true,
    context: values['no-context'] !== true,
  };
  const indent = values['pretty'] === true ? 2 : undefined;
  const docs = positionals.length > 0 ? positionals : ['-'];
  let failed = 0;
  for (const id of docs) {
    let record: object;
    try {
      const text = id === '-' ? await readStdin() : await readFile(id, 'utf8');
      record = { id, ok: true, spans: engine.detect(text, options) };
    } catch (err) {
      failed++;
      const e = toIcdError(err, 'E_INPUT_INVALID');
      record = { id, ok: false, error: { code: e.code, message: e.message } };
    }
    process.stdout.write(`${JSON.stringify(record, null, indent)}\n`);
  }
  return failed > 0 ? EXIT.SOME_FAILED : EXIT.OK;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
