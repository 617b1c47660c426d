/**
 * piscina require()s the worker before it import()s it. Where Node can
 * require() an ES module, that path now and then aborted the whole process
 * while many threads started and closed (a native assertion; the process ended
 * by SIGABRT), so the pool starts its threads with require(esm) off. These
 * check that the flags do turn it off in a worker thread, on the Node running
 * the tests, and that the pool's threads get them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createPool, WORKER_EXEC_ARGV } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

function requireInThread(file: string, execArgv: readonly string[]): Promise<string> {
  const code = `
const { parentPort } = require('node:worker_threads');
try { require(${JSON.stringify(file)}); parentPort.postMessage('loaded'); }
catch (e) { parentPort.postMessage(String(e.code)); }`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, execArgv: [...execArgv] });
    w.once('message', (m: string) => void w.terminate().then(() => resolve(m)));
    w.once('error', reject);
  });
}

describe('worker loading', () => {
  it('with the pool flags, require() of an ES module fails at once in a thread, so piscina import()s the worker', async () => {
    const esm = join(mkdtempSync(join(tmpdir(), 'icd10cm-esm-')), 'module.mjs');
    writeFileSync(esm, 'export const loaded = true;\n');
    expect(await requireInThread(esm, WORKER_EXEC_ARGV)).toBe('ERR_REQUIRE_ESM');
  });

  it('starts the pool threads with those flags', async () => {
    assertDistFresh();
    const pool = await createPool({ engine: syntheticEngine(), threads: 1 });
    try {
      const piscina = (pool as unknown as { piscina: { options: { execArgv?: string[] } } }).piscina;
      expect(piscina.options.execArgv).toEqual(WORKER_EXEC_ARGV);
      expect((await pool.detect('COPD')).length).toBeGreaterThan(0);
    } finally {
      await pool.close();
    }
  });
});
