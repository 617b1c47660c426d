/** Exit codes: 0 all ok, 1 some error records, 2 usage, 3 fatal; a crashing worker becomes an error record. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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
  });

  it.each([
    [['detect', '--bogus']],
    [['detect', '--threads', '0']],
    [['detect', '--jsonl', '--text']],
    [['detect', '-', '-']],
    [['serve', '--port', '70000']],
    [['nonsense']],
  ])('2 for usage errors: %j', async (args) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it('3 when nothing can run: missing artifact, unwritable output', async () => {
    const missing = await runCli(['--artifact', join(tmpdir(), 'no-such-artifact.bin'), 'detect'], { input: '{"id":1,"text":"x"}' });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('E_ARTIFACT_MISSING');
    const out = await runCli(['detect', '--output', join(mkdtempSync(join(tmpdir(), 'icd10cm-')), 'no', 'such', 'dir.jsonl')], { input: '{"id":1,"text":"x"}', env });
    expect(out.code).toBe(3);
  });

  it('takes --artifact as a command option too, over the environment', async () => {
    const r = await runCli(['detect', '--artifact', artifact], { input: '{"id":1,"text":"COPD"}', env: { ICD10CM_ARTIFACT: '/nonexistent.bin' } });
    expect(r.code).toBe(0);
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
  });
});
