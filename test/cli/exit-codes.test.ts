/** Exit codes: 0 all ok, 1 some error records, 2 usage, 3 fatal; a crashing worker becomes an error record. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ARTIFACT } from '../../src/paths.js';
import { TEST_CRASH_ENV, TEST_CRASH_MARKER, TEST_HANG_MARKER } from '../../src/workers/messages.js';
import { assertDistFresh, syntheticArtifactFile } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, records, runCli } from './run-cli.js';

let env: Record<string, string>;
let artifact: string;

beforeAll(() => {
  assertDistFresh(CLI_MODULES);
  artifact = syntheticArtifactFile();
  env = { ICD10CM_ARTIFACT: artifact };
});

describe('exit codes', () => {
  it('0 when every document succeeds', async () => {
    const r = await runCli(['detect', '--threads', '1'], { input: '{"id":1,"text":"COPD"}\n{"id":2,"text":""}\n', env });
    expect(r.code).toBe(0);
    expect(records(r.stdout)).toHaveLength(2);
    expect(r.stderr).toMatch(/^icd10cm detect: 2 documents, 0 errors, 1 spans, [\d.]+ s/m);
  });

  it('1 when some documents become error records', async () => {
    const r = await runCli(['detect'], { input: '{"id":1,"text":"COPD"}\n{"id":2}\n', env });
    expect(r.code).toBe(1);
    expect(records(r.stdout).map((x) => x['ok'])).toEqual([true, false]);
    expect(records(r.stdout)[1]).toEqual({ id: 2, ok: false, error: { code: 'E_INPUT_INVALID', message: 'line 2 has no "text" field' } });
    expect(r.stderr).toMatch(/^icd10cm detect: 2 documents, 1 errors, 1 spans, /m);
  });

  // Each usage error names what was wrong on standard error, and prints nothing on standard output.
  it.each([
    [['detect', '--bogus'], /^icd10cm detect: .*'--bogus'/m],
    [['detect', '--threads', '0'], /^icd10cm detect: --threads must be .*got 0$/m],
    [['detect', '--jsonl', '--text'], /^icd10cm detect: --jsonl and --text exclude each other$/m],
    [['detect', '-', '-'], /^icd10cm detect: standard input \(-\) can be read only once$/m],
    [['serve', '--port', '70000'], /^icd10cm serve: --port must be .*70000$/m],
    [['nonsense'], /^icd10cm: unknown command 'nonsense'$/m],
  ] as const)('2 for usage errors: %j', async (args, message) => {
    const r = await runCli([...args], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/^\s+at /m); // no stack trace
  });

  it('3 when nothing can run: missing artifact, unwritable output', async () => {
    const absent = join(tmpdir(), 'no-such-artifact.bin');
    const missing = await runCli(['--artifact', absent, 'detect'], { input: '{"id":1,"text":"x"}' });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(new RegExp(`^icd10cm detect: E_ARTIFACT_MISSING: .*${absent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
    const dest = join(mkdtempSync(join(tmpdir(), 'icd10cm-')), 'no', 'such', 'dir.jsonl');
    const out = await runCli(['detect', '--output', dest], { input: '{"id":1,"text":"x"}', env });
    expect(out.code).toBe(3);
    expect(out.stderr).toContain(dest);
    expect(out.stderr).not.toMatch(/^\s+at /m);
  });

  // The two artifacts tell themselves apart by their records: only the real one knows "asthma".
  it('takes --artifact, global or as a command option, over the environment', async () => {
    const input = '{"id":1,"text":"COPD and asthma"}';
    const codes = (stdout: string): unknown[] =>
      (records(stdout)[0]?.['spans'] as Array<{ concepts: Array<{ code: string }> }>).map((sp) => sp.concepts[0]?.code);
    // On failure, say how the process ended (a signal leaves code null) and what it wrote.
    const ended = (r: { signal: unknown; stderr: string }): string => `signal ${String(r.signal)}; stderr: ${r.stderr}`;
    const real = await runCli(['detect', '--artifact', DEFAULT_ARTIFACT], { input, env: { ICD10CM_ARTIFACT: artifact } });
    expect(real.code, ended(real)).toBe(0);
    expect(codes(real.stdout)).toEqual(['J44.9', expect.stringMatching(/^J45\./)]);
    const synthetic = await runCli(['--artifact', artifact, 'detect'], { input, env: { ICD10CM_ARTIFACT: DEFAULT_ARTIFACT } });
    expect(synthetic.code, ended(synthetic)).toBe(0);
    expect(codes(synthetic.stdout)).toEqual(['J44.9']);
    const byEnv = await runCli(['detect'], { input, env: { ICD10CM_ARTIFACT: artifact } });
    expect(codes(byEnv.stdout)).toEqual(['J44.9']);
  });
});

describe('a crashing worker', () => {
  it('is replaced; the document is retried once, then becomes E_WORKER_FAILED; exit 1', async () => {
    const input = ['COPD', `${TEST_CRASH_MARKER} MI`, 'pneumonia', 'heart failure'].map((text, i) => JSON.stringify({ id: i, text })).join('\n');
    const r = await runCli(['detect', '--threads', '2'], { input, env: { ...env, [TEST_CRASH_ENV]: '1' } });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out.map((x) => [x['id'], x['ok']])).toEqual([
      [0, true],
      [1, false],
      [2, true],
      [3, true],
    ]);
    expect(out[1]).toMatchObject({ error: { code: 'E_WORKER_FAILED' } });
  });
});

describe('a hanging document', () => {
  it('is stopped after --task-timeout and becomes E_TIMEOUT in its place; exit 1', async () => {
    const input = ['COPD', `${TEST_HANG_MARKER} MI`, 'pneumonia'].map((text, i) => JSON.stringify({ id: i, text })).join('\n');
    const r = await runCli(['detect', '--threads', '2', '--task-timeout', '1000'], { input, env: { ...env, [TEST_CRASH_ENV]: '1' } });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    expect(out.map((x) => [x['id'], x['ok']])).toEqual([
      [0, true],
      [1, false],
      [2, true],
    ]);
    expect(out[1]).toMatchObject({ error: { code: 'E_TIMEOUT' } });
  }, 30_000);

  it('rejects a negative --task-timeout as a usage error', async () => {
    const r = await runCli(['detect', '--task-timeout', '-5'], { input: '{"id":1,"text":"COPD"}', env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--task-timeout/);
  });
});
