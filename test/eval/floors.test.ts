/**
 * Floors under the published accuracy figures (test/eval/floors.json): each
 * evaluation runs on its whole development set, through the same eval tool and
 * arguments as the README's commands, and every measure must stay at or above
 * its floor. The data lives in ../shared/eval; a missing folder fails the test.
 * ICD10CM_ARTIFACT, when set, names the artifact CodiEsp and Chia run on (the
 * CLI's own variable), so a broken lexicon can be shown failing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { assertDistFresh } from '../helpers/pool-fixtures.js';
import floors from './floors.json' with { type: 'json' };

const EVAL_DIR = resolve(PACKAGE_ROOT, '..', 'shared', 'eval');
type EvalName = keyof typeof floors.evals;

function runEval(name: EvalName): Promise<unknown> {
  const args = floors.evals[name].map((a) => a.replace('{eval}', EVAL_DIR));
  const artifact = process.env['ICD10CM_ARTIFACT'];
  if (artifact !== undefined && artifact !== '' && name !== 'negex') args.push('--artifact', artifact);
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, 'dist', 'tools', 'eval.js'), ...args], { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => {
      const last = out.trimEnd().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) fail(new Error(`eval ${name} exited ${code}: ${err.slice(-500)}`));
      else done(JSON.parse(last) as unknown);
    });
  });
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), value);
}

describe('accuracy floors', () => {
  const results = new Map<EvalName, unknown>();
  beforeAll(async () => {
    assertDistFresh([], ['tools/eval.ts']);
    if (!existsSync(EVAL_DIR)) return; // the first test says so
    const names = Object.keys(floors.evals) as EvalName[];
    const got = await Promise.all(names.map((n) => runEval(n)));
    names.forEach((n, i) => results.set(n, got[i]));
  }, 600_000);

  it('has the evaluation data', () => {
    expect(existsSync(EVAL_DIR), `no evaluation data at ${EVAL_DIR}: CI and the floors need ../shared/eval beside the checkout`).toBe(true);
  });

  it('keeps each floor a little under its figure', () => {
    for (const f of floors.floors) {
      expect(f.floor, f.measure).toBeLessThanOrEqual(f.figure);
      expect(f.figure - f.floor, f.measure).toBeLessThanOrEqual(0.05);
    }
  });

  it.each(floors.floors.map((f) => [`${f.eval}: ${f.measure}`, f] as const))('%s stays at or above its floor', (_, f) => {
    const value = at(results.get(f.eval as EvalName), f.json);
    expect(typeof value, `${f.eval} --json has no ${f.json}`).toBe('number');
    expect(value as number, `${f.eval} ${f.measure}: ${(value as number).toFixed(3)} is under its floor ${f.floor} (README figure ${f.figure})`).toBeGreaterThanOrEqual(f.floor);
  });
});
