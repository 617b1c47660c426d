/**
 * Option errors name what the caller wrote: the CLI flag in CLI messages, the
 * option in API messages; bounds on --threads; lookup's --artifact.
 */
import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { IcdError } from '../../src/errors.js';
import { createPool } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticArtifactFile, syntheticEngine } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, records, runCli } from './run-cli.js';

let artifact: string;
beforeAll(() => {
  assertDistFresh([...CLI_MODULES, 'src/cli/lookup.ts', 'src/cli/args.ts']);
  artifact = syntheticArtifactFile();
});

describe('CLI messages name flags', () => {
  it('lookup takes --artifact, as --help says', async () => {
    const r = await runCli(['lookup', 'I10', '--artifact', artifact]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^I10 {2}Essential \(primary\) hypertension/);
  });

  it('--artifact naming a directory is a usage error naming --artifact', async () => {
    const r = await runCli(['detect', '--artifact', tmpdir()], { input: '{"id":1,"text":"COPD"}' });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`icd10cm detect: --artifact names a directory, not a compiled lexicon file: ${tmpdir()}`);
  });

  it('--threads is bounded at 4x the cores', async () => {
    const r = await runCli(['--artifact', artifact, 'detect', '--threads', '100000'], { input: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--threads must be at most \d+ \(4x the \d+ cores here\), got 100000/);
  });

  it('a JSONL document over --max-doc-chars is reported with the flag, as a file is', async () => {
    const r = await runCli(['--artifact', artifact, 'detect', '--threads', '1', '--max-doc-chars', '10'], { input: '{"id":"a","text":"COPD and more than ten characters"}\n' });
    expect(r.code).toBe(1);
    const [rec] = records(r.stdout) as Array<{ error: { code: string; message: string } }>;
    expect(rec?.error.code).toBe('E_INPUT_TOO_LARGE');
    expect(rec?.error.message).toContain('(--max-doc-chars)');
    expect(rec?.error.message).not.toContain('maxDocumentChars');
  });
});

describe('API messages name options', () => {
  it('lookup(42) is an IcdError, not a TypeError', () => {
    const engine = syntheticEngine();
    expect(() => engine.lookup(42 as unknown as string)).toThrow(expect.objectContaining({ code: 'E_INPUT_INVALID' }));
    expect(() => engine.lookup(42 as unknown as string)).toThrow(IcdError);
  });

  it('a document over the pool limit names maxDocumentChars', async () => {
    const pool = await createPool({ engine: syntheticEngine(), threads: 1, maxDocumentChars: 5 });
    try {
      await expect(pool.detect('COPD and MI')).rejects.toThrow(/\(maxDocumentChars\)/);
      await expect(createPool({ engine: syntheticEngine(), maxOutputBytes: 1 })).rejects.toMatchObject({ code: 'E_OPTION_INVALID', issues: [expect.objectContaining({ path: 'maxOutputBytes' })] });
    } finally {
      await pool.close();
    }
  });
});
