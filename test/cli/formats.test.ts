/**
 * `icd10cm detect` output is the same bytes whatever the thread count, in
 * every format, and error records keep their places and line numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh, syntheticArtifactFile } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, records, runCli } from './run-cli.js';

let env: Record<string, string>;

beforeAll(() => {
  assertDistFresh(CLI_MODULES);
  env = { ICD10CM_ARTIFACT: syntheticArtifactFile() };
});

const TEXTS = ['essential hypertension and COPD', 'No evidence of pneumonia. History of MI.', 'Mother had heart failure.', 'type 2 diabetes mellitus with diabetic chronic kidney disease'];

/** 400 lines: notes, with a malformed line every 37th and a blank line every 50th (blank lines are not documents). */
function input(): { bytes: Buffer; bad: number[] } {
  const lines: string[] = [];
  const bad: number[] = [];
  for (let i = 0; i < 400; i++) {
    if (i % 50 === 49) lines.push('   ');
    else if (i % 37 === 36) {
      lines.push(`{"id": "broken${i}", "text": `);
      bad.push(i + 1);
    } else lines.push(JSON.stringify({ id: `n${i}`, text: `${TEXTS[i % TEXTS.length] as string} ${'and COPD '.repeat(i % 9)}` }));
  }
  return { bytes: Buffer.from(`${lines.join('\n')}\n`), bad };
}

describe('detect output', () => {
  it('is byte-identical for 1, 2 and 3 threads, in every format', async () => {
    const { bytes, bad } = input();
    for (const format of [[], ['--format', 'compact'], ['--format', 'codes', '--max-candidates', '1']]) {
      const outs: string[] = [];
      for (const t of ['1', '2', '3']) {
        const r = await runCli(['detect', '--threads', t, '--quiet', ...format], { input: bytes, env });
        expect(r.code).toBe(1);
        outs.push(r.stdout);
      }
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).toBe(outs[0]);
      const recs = records(outs[0] as string);
      expect(recs).toHaveLength(400 - 8);
      // Error records in their places, with their line numbers.
      const errors = recs.filter((r) => r['ok'] === false).map((r) => r['id']);
      expect(errors).toEqual(bad.map((n) => `line:${n}`));
      const firstBad = bad[0] as number;
      expect(recs[firstBad - 1]).toMatchObject({ id: `line:${firstBad}`, ok: false, error: { code: 'E_INPUT_INVALID' } });
      if (format.includes('codes')) {
        const spans = recs.flatMap((r) => (r['spans'] ?? []) as Array<Record<string, unknown>>);
        expect(spans.length).toBeGreaterThan(100);
        for (const s of spans) expect(Object.keys(s)).toEqual(['start', 'end', 'codes']);
        for (const s of spans) expect((s['codes'] as string[]).length).toBe(1);
      }
    }
  }, 180_000);

  it('rejects an unknown --format as a usage error', async () => {
    const r = await runCli(['detect', '--format', 'xml'], { input: '', env });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of full, compact, codes/);
  });
});
