/** Spawns the compiled CLI (`node bin/icd10cm.js`) with a synthetic artifact and collects its output. */
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../helpers/pool-fixtures.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { input?: string | Buffer; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: opts.timeoutMs ?? 20_000,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // the CLI may exit (usage error) before reading its input
    child.stdin.end(opts.input ?? '');
  });
}

export const records = (stdout: string): Array<Record<string, unknown>> =>
  stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Modules the CLI tests run from dist/ (beyond the worker's graph). */
export const CLI_MODULES = ['src/cli/main.ts', 'src/cli/detect.ts', 'src/cli/serve.ts', 'src/cli/inputs.ts', 'src/cli/artifact.ts', 'src/cli/output.ts', 'src/server.ts', 'src/workers/pool.ts', 'src/workers/stream.ts', 'src/workers/record-mode.ts'];
