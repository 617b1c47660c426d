/**
 * Ten or more worker threads: each pipes its stdout and stderr into the
 * process's, adding an 'error' listener there, and the CLI's output sink adds
 * one more; past Node's default of 10 that printed MaxListenersExceededWarning
 * on every run of a machine with 10+ cores. The CLI caps --threads at 4x the
 * cores (8 on a 2-core machine), so this runs the CLI's own output sink over a
 * 12-thread library pool in a real child process, writing to a pipe and to a
 * file, and reads its standard error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertDistFresh, ROOT, syntheticArtifactFile } from '../helpers/pool-fixtures.js';

const THREADS = 12;
const DOCS = 30;

function script(artifact: string): string {
  const dist = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'src', p)).href);
  return `
import { createPool } from ${dist('workers/pool.js')};
import { OutputSink } from ${dist('cli/output.js')};
const pool = await createPool({ threads: ${THREADS}, artifactPath: ${JSON.stringify(artifact)} });
const sink = await OutputSink.open(process.argv[2]);
const docs = Array.from({ length: ${DOCS} }, (_, i) => ({ id: i, text: 'no fever, doc ' + i }));
for await (const r of pool.detectManyRecords(docs, { as: 'string', signal: sink.signal })) await sink.write(r.text);
await sink.end();
await pool.close();
process.stderr.write('threads ' + pool.threads + '\\n');
`;
}

describe('many worker threads', () => {
  it(`prints no MaxListenersExceededWarning with ${THREADS} threads, on a pipe or a file`, () => {
    assertDistFresh(['src/cli/output.ts', 'src/workers/pool.ts']);
    const dir = mkdtempSync(join(tmpdir(), 'icd10cm-threads-'));
    const file = join(dir, 'run.mjs');
    writeFileSync(file, script(syntheticArtifactFile()));
    const out = join(dir, 'out.jsonl');
    for (const target of [undefined, out]) {
      const r = spawnSync(process.execPath, [file, ...(target === undefined ? [] : [target])], { encoding: 'utf8', timeout: 120_000 });
      expect(r.stderr).not.toMatch(/MaxListenersExceeded|listeners added/);
      expect(r.stderr).toContain(`threads ${THREADS}`);
      expect(r.status).toBe(0);
      const lines = (target === undefined ? r.stdout : readFileSync(out, 'utf8')).split('\n').filter((l) => l !== '');
      expect(lines.map((l) => (JSON.parse(l) as { id: number }).id)).toEqual(Array.from({ length: DOCS }, (_, i) => i));
    }
  }, 240_000);
});
