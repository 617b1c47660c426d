/**
 * Seeded JSONL stream of synthetic notes for `icd10cm detect` runs: the notes
 * of tools/gen-notes.ts (lexicon terms in note-shaped text, about no one), one
 * {"id", "text"} per line, with bad lines mixed in at a fixed rate so the
 * nothing-lost guarantee can be checked at scale. Written to standard output
 * with backpressure, generated as it goes: `--bytes 1e9` streams ~1 GB through
 * a pipe without storing it.
 *
 *   node dist/tools/gen-jsonl.js [--seed N] [--count N | --bytes N] [--bad-every N]
 *                                [--min BYTES] [--max BYTES] [--artifact FILE]
 *
 * Every line yields exactly one record from `icd10cm detect` (no blank lines).
 * Bad lines cycle through: malformed JSON, missing text, non-string text,
 * invalid UTF-8, NUL in text; good lines include empty texts and CRLF endings.
 * A summary (lines, bad lines, bytes) goes to standard error.
 */
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { CompiledLexicon } from '../src/artifact/model.js';
import { readArtifactFile } from '../src/artifact/read.js';
import { DEFAULT_ARTIFACT } from '../src/paths.js';
import { diagnosisTerms, generateNotes } from './gen-notes.js';

const BAD_KINDS = ['malformed-json', 'missing-text', 'non-string-text', 'invalid-utf8', 'nul'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      count: { type: 'string' },
      bytes: { type: 'string' },
      'bad-every': { type: 'string', default: '97' },
      min: { type: 'string', default: '300' },
      max: { type: 'string', default: '6000' },
      artifact: { type: 'string', default: DEFAULT_ARTIFACT },
    },
  });
  const seed = Number(values.seed);
  const count = values.count === undefined ? Infinity : Number(values.count);
  const maxBytes = values.bytes === undefined ? Infinity : Number(values.bytes);
  if (count === Infinity && maxBytes === Infinity) throw new Error('give --count N or --bytes N');
  const badEvery = Number(values['bad-every']);
  const terms = diagnosisTerms(new CompiledLexicon(readArtifactFile(values.artifact)));

  const out = process.stdout;
  let lines = 0;
  let bad = 0;
  let bytes = 0;
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const push = async (b: Buffer) => {
    pending.push(b);
    pendingSize += b.length;
    bytes += b.length;
    lines++;
    if (pendingSize >= 1 << 16) {
      const ok = out.write(Buffer.concat(pending, pendingSize));
      pending = [];
      pendingSize = 0;
      if (!ok) await once(out, 'drain');
    }
  };
  // Notes come in chunks of 1000 (one seed per chunk), so memory stays small however long the stream.
  for (let chunk = 0; lines < count && bytes < maxBytes; chunk++) {
    const notes = generateNotes({ seed: (seed * 1_000_003 + chunk) >>> 0, count: 1000, minBytes: Number(values.min), maxBytes: Number(values.max), terms });
    for (const note of notes) {
      if (lines >= count || bytes >= maxBytes) break;
      const id = `n${lines}`;
      if (badEvery > 0 && lines % badEvery === badEvery - 1) {
        const kind = BAD_KINDS[bad++ % BAD_KINDS.length];
        if (kind === 'malformed-json') await push(Buffer.from(`{"id": "${id}", "text": "${note.text.slice(0, 40).replace(/["\\\n\r]/g, ' ')}\n`));
        else if (kind === 'missing-text') await push(Buffer.from(`${JSON.stringify({ id })}\n`));
        else if (kind === 'non-string-text') await push(Buffer.from(`${JSON.stringify({ id, text: 42 })}\n`));
        else if (kind === 'invalid-utf8') await push(Buffer.concat([Buffer.from(`{"id":"${id}","text":"caf`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]));
        else await push(Buffer.from(`${JSON.stringify({ id, text: `${note.text.slice(0, 80)}\u0000` })}\n`));
        continue;
      }
      const text = lines % 211 === 5 ? '' : note.text;
      await push(Buffer.from(`${JSON.stringify({ id, text })}${lines % 13 === 0 ? '\r\n' : '\n'}`));
    }
  }
  if (pendingSize > 0) out.write(Buffer.concat(pending, pendingSize));
  process.stderr.write(`gen-jsonl: ${lines} lines (${bad} bad), ${bytes} bytes\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`gen-jsonl: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
