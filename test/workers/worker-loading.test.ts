/**
 * piscina require()s the worker before it import()s it. Where Node can
 * require() an ES module, that path now and then aborted the whole process
 * while many threads started and closed (a native assertion: a CLI run ended
 * by SIGABRT), so the pool starts its threads with require(esm) off. This checks that the flags it
 * passes do turn it off in a worker thread, on the Node running the tests.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKER_EXEC_ARGV } from '../../src/workers/pool.js';
import { assertDistFresh, ROOT } from '../helpers/pool-fixtures.js';

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
  it('starts threads in which require() of an ES module fails at once, so piscina import()s the worker', async () => {
    assertDistFresh(['src/workers/pool.ts']);
    // An ES module with no side effects on load (the worker itself reads workerData).
    const esm = join(ROOT, 'dist', 'src', 'errors.js');
    expect(await requireInThread(esm, WORKER_EXEC_ARGV)).toBe('ERR_REQUIRE_ESM');
  });
});
