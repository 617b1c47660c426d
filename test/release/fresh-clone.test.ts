/**
 * The quick start on a fresh clone, with no ../shared beside it and no
 * ICD10CM_* variable set: `npm ci && npx icd10cm detect examples/sample-note.txt`
 * must code the sample from the release that ships in data/icd10cm/release.
 *
 * It clones the committed HEAD into an empty temporary folder. In place of
 * `npm ci` (a minute or more of registry traffic) it links this checkout's
 * node_modules, which `npm ci` installed from the same lock file, and runs the
 * `prepare` script's tsc itself; everything else, the artifact build from the
 * shipped release (about half a minute) included, happens in the clone.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

let parent: string | undefined;
afterAll(async () => {
  if (parent !== undefined) await rm(parent, { recursive: true, force: true });
});

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 540_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a fresh clone', () => {
  it('codes the sample note with the shipped release alone', async () => {
    parent = await mkdtemp(join(tmpdir(), 'icd10cm-clone-'));
    const clone = join(parent, 'icd10cm-detect');
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: PACKAGE_ROOT, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', PACKAGE_ROOT, clone]);
    execFileSync('git', ['checkout', '--quiet', head], { cwd: clone });
    expect(readdirSync(parent)).toEqual(['icd10cm-detect']); // no ../shared beside it
    expect(existsSync(join(clone, 'data', 'icd10cm', 'icd10cm.bin'))).toBe(false);

    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ICD10CM_')));
    symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    execFileSync(process.execPath, [join(clone, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: clone, env });

    const r = await run('npx', ['--no-install', 'icd10cm', 'detect', 'examples/sample-note.txt'], clone, env);
    expect(r.stderr).toContain(`building ${join(clone, 'data', 'icd10cm', 'icd10cm.bin')} from ${join(clone, 'data', 'icd10cm', 'release')}`);
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout) as { ok: boolean; spans: Array<{ text: string; concepts: Array<{ code: string }> }> };
    expect(record.ok).toBe(true);
    const codes = record.spans.map((s) => `${s.text}=${s.concepts[0]?.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'type 2 diabetes mellitus with diabetic chronic kidney disease=E11.22',
        'essential hypertension=I10',
        'acute systolic congestive heart failure=I50.21',
        'COPD=J44.9',
      ]),
    );
  }, 600_000);
});
