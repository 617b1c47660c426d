/** `icd10cm serve` as a process: listens on an ephemeral loopback port, answers, stops cleanly on SIGTERM. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh, BIN, ROOT, syntheticArtifactFile } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, runCli } from './run-cli.js';

let artifact: string;
beforeAll(() => {
  assertDistFresh(CLI_MODULES);
  artifact = syntheticArtifactFile();
});

describe('icd10cm serve', () => {
  it('serves on 127.0.0.1 and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--artifact', artifact, 'serve', '--port', '0', '--threads', '1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    let stderr = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (b: Buffer) => {
        stderr += b.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m) resolve(m[1] as string);
      });
      child.on('close', () => reject(new Error(`serve exited early: ${stderr}`)));
    });
    try {
      const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      const r = await fetch(`${url}/detect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'COPD' }), signal: AbortSignal.timeout(10_000) });
      expect(((await r.json()) as { spans: Array<{ text: string }> }).spans.map((s) => s.text)).toEqual(['COPD']);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('a port in use is one line on standard error and exit 3', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const r = await runCli(['--artifact', artifact, 'serve', '--port', String(port), '--threads', '1']);
      expect(r.code).toBe(3);
      expect(r.stderr.trim().split('\n')).toEqual([`icd10cm serve: cannot listen on 127.0.0.1:${port}: the address is in use (pick another --port)`]);
    } finally {
      taken.close();
    }
  });
});
