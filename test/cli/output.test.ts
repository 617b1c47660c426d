/**
 * Output failures and signals, with the real CLI: every write failure exits 3
 * with one line and no stack trace; SIGINT / SIGTERM leave whole records on a
 * pipe and in a file, and say how many were written; back-pressure from a slow
 * reader prints no listener warning.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh, BIN, ROOT, syntheticArtifactFile } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, runCli } from './run-cli.js';

let artifact: string;
beforeAll(() => {
  assertDistFresh([...CLI_MODULES, 'src/cli/output.ts']);
  artifact = syntheticArtifactFile();
});

/** JSONL of `n` short documents. */
const jsonl = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ id: i, text: `Patient ${i}: COPD, essential hypertension and no pneumonia. History of MI.` })).join('\n') + '\n';

/** Runs detect with standard output on the file descriptor `stdout` (e.g. /dev/full). */
function runTo(stdout: number, args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--artifact', artifact, 'detect', '--threads', '1', ...args], { cwd: ROOT, stdio: ['pipe', stdout, 'pipe'], timeout: 30_000 });
    let stderr = '';
    child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin?.end(jsonl(50));
  });
}

const oneLine = (stderr: string) => stderr.trim().split('\n');

describe('write failures exit 3 with one line', () => {
  it('standard output on a full device', async () => {
    const r = await runTo(openSync('/dev/full', 'w'), []);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toEqual(['icd10cm detect: cannot write standard output: no space left on the device (ENOSPC)']);
  });

  it.each([
    ['/dev/full', /cannot write --output \/dev\/full: no space left on the device \(ENOSPC\)/],
    ['/proc/version', /cannot (write|open) --output \/proc\/version: .*\((EIO|EACCES|EPERM|EINVAL)\)/],
    [tmpdir(), /cannot open --output .*: it is a directory \(EISDIR\)/],
    ['/nonexistent-dir/out.jsonl', /cannot open --output \/nonexistent-dir\/out.jsonl: no such directory \(ENOENT\)/],
  ])('--output %s', async (path, message) => {
    const r = await runCli(['--artifact', artifact, 'detect', '--threads', '1', '--output', path], { input: jsonl(20) });
    expect(r.code).toBe(3);
    const lines = oneLine(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/E_INPUT_INVALID|\n\s+at /);
  });
});

/** Starts detect on many documents, signals it once output flows, and collects everything. */
function interrupted(signal: 'SIGINT' | 'SIGTERM', output?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const args = ['--artifact', artifact, 'detect', '--threads', '1', ...(output === undefined ? [] : ['--output', output])];
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const fire = () => {
      if (!sent) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      fire();
    });
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {});
    // Enough input to still be running when the signal comes; written as the child reads it.
    child.stdin.end(jsonl(200_000));
    if (output !== undefined) {
      const poll = setInterval(() => {
        if (existsSync(output) && readFileSync(output).length > 0) {
          clearInterval(poll);
          fire();
        }
      }, 20);
      child.on('close', () => clearInterval(poll));
    }
  });
}

function wholeRecords(text: string): number {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.split('\n').slice(0, -1);
  // Every line parses as a complete record, in input order.
  lines.forEach((l, i) => expect(JSON.parse(l)).toMatchObject({ id: i, ok: true }));
  return lines.length;
}

describe('signals leave whole records and say how many', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('%s while writing to a pipe', async (signal) => {
    const r = await interrupted(signal);
    expect(r.code).toBe(signal === 'SIGTERM' ? 143 : 130);
    const n = wholeRecords(r.stdout);
    expect(n).toBeGreaterThan(0);
    expect(r.stderr).toContain(`icd10cm detect: ${signal}: stopped after ${n} documents written to standard output`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('SIGTERM while writing --output FILE', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'icd10cm-sig-')), 'out.jsonl');
    const r = await interrupted('SIGTERM', file);
    expect(r.code).toBe(143);
    const n = wholeRecords(readFileSync(file, 'utf8'));
    expect(r.stderr).toContain(`stopped after ${n} documents written to --output ${file}`);
  });
});

describe('back-pressure', () => {
  it('a slow reader causes no listener warning', async () => {
    const r = await new Promise<{ code: number | null; stderr: string; lines: number }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, '--artifact', artifact, 'detect', '--threads', '1', '--quiet'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], timeout: 120_000 });
      let stderr = '';
      let lines = 0;
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      // Read in small sips with pauses, so the CLI waits on 'drain' many times.
      child.stdout.on('data', (b: Buffer) => {
        for (const c of b) if (c === 0x0a) lines++;
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 2);
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr, lines }));
      child.stdin.end(jsonl(20_000));
    });
    expect(r.code).toBe(0);
    expect(r.lines).toBe(20_000);
    expect(r.stderr).not.toMatch(/Warning/);
  });
});
