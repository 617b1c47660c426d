/** `icd10cm detect` inputs: files, directories with --glob, plain text vs JSONL on stdin, field names, output options. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { globToRegExp } from '../../src/cli/inputs.js';
import { assertDistFresh, syntheticArtifactFile, syntheticEngine } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, records, runCli } from './run-cli.js';

let env: Record<string, string>;
let engine: Engine;
let dir: string;

beforeAll(() => {
  assertDistFresh(CLI_MODULES);
  env = { ICD10CM_ARTIFACT: syntheticArtifactFile() };
  engine = syntheticEngine();
  dir = mkdtempSync(join(tmpdir(), 'icd10cm-inputs-'));
  mkdirSync(join(dir, 'notes', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'notes', 'a.txt'), 'COPD and MI\n');
  writeFileSync(join(dir, 'notes', 'sub', 'b.txt'), 'pneumonia\r\nessential hypertension\r\n');
  writeFileSync(join(dir, 'notes', 'sub', 'c.txt'), Buffer.from([0x43, 0x4f, 0x00, 0x50, 0x44]));
  writeFileSync(join(dir, 'notes', 'sub', 'd.txt'), Buffer.from([0x4d, 0x49, 0x20, 0xff, 0xfe]));
  writeFileSync(join(dir, 'notes', 'sub', 'e.txt'), '');
  writeFileSync(join(dir, 'notes', 'skip.md'), 'heart failure');
});

const ok = (id: unknown, text: string) => ({ id, ok: true, spans: engine.detect(text) });
const bad = (id: unknown, code: string, message: unknown = expect.any(String)) => ({ id, ok: false, error: { code, message } });

describe('files and directories', () => {
  it('walks directories in sorted order, filtered by --glob, one record per file', async () => {
    const notes = join(dir, 'notes');
    const missing = join(dir, 'missing.txt');
    const r = await runCli(['detect', notes, missing, '--glob', '*.txt', '--threads', '2'], { env });
    expect(r.code).toBe(1);
    expect(records(r.stdout)).toEqual([
      ok(join(notes, 'a.txt'), 'COPD and MI\n'),
      ok(join(notes, 'sub', 'b.txt'), 'pneumonia\r\nessential hypertension\r\n'),
      bad(join(notes, 'sub', 'c.txt'), 'E_INPUT_INVALID', expect.stringContaining('binary')),
      bad(join(notes, 'sub', 'd.txt'), 'E_INPUT_INVALID', expect.stringContaining('UTF-8')),
      ok(join(notes, 'sub', 'e.txt'), ''),
      bad(missing, 'E_INPUT_INVALID', expect.stringContaining('ENOENT')),
    ]);
  });

  it('takes every file without --glob, and a glob with / matches the relative path', async () => {
    const notes = join(dir, 'notes');
    const all = await runCli(['detect', notes], { env });
    expect(records(all.stdout).map((x) => x['id'])).toContain(join(notes, 'skip.md'));
    const sub = await runCli(['detect', notes, '--glob', 'sub/*.txt'], { env });
    expect(records(sub.stdout).map((x) => x['id'])).toEqual(['b', 'c', 'd', 'e'].map((n) => join(notes, 'sub', `${n}.txt`)));
  });

  it('reads named files as JSONL with --jsonl', async () => {
    const file = join(dir, 'batch.jsonl');
    writeFileSync(file, '{"id":"x","text":"COPD"}\nnope\n');
    const r = await runCli(['detect', '--jsonl', file], { env });
    expect(records(r.stdout)).toEqual([ok('x', 'COPD'), bad(`${file}:line:2`, 'E_INPUT_INVALID')]);
  });
});

describe('standard input', () => {
  it('auto-detects JSONL when the first non-blank character is {, plain text otherwise', async () => {
    const jsonl = await runCli(['detect'], { input: '\n\n  {"id":"a","text":"MI"}\n', env });
    expect(records(jsonl.stdout)).toEqual([ok('a', 'MI')]);
    const text = await runCli(['detect'], { input: 'Hx of MI.\n{"not": "json"}\n', env });
    expect(records(text.stdout)).toEqual([ok('-', 'Hx of MI.\n{"not": "json"}\n')]);
    const forced = await runCli(['detect', '--text'], { input: '{"id":"a","text":"MI"}', env });
    expect(records(forced.stdout)).toEqual([ok('-', '{"id":"a","text":"MI"}')]);
    expect(forced.code).toBe(0);
  });

  it('honours --id-field and --text-field', async () => {
    const r = await runCli(['detect', '--id-field', 'note_id', '--text-field', 'body'], { input: '{"note_id": 12, "body": "COPD", "text": "MI"}\n', env });
    expect(records(r.stdout)).toEqual([ok(12, 'COPD')]);
  });

  it('reports a plain-text document over the limit without keeping it', async () => {
    const r = await runCli(['detect', '--text', '--max-doc-chars', '10'], { input: 'x'.repeat(1000), env });
    expect(records(r.stdout)).toEqual([bad('-', 'E_INPUT_TOO_LARGE')]);
    expect(r.code).toBe(1);
  });
});

describe('output options', () => {
  it('writes to --output, keeps detect options and --pretty working', async () => {
    const out = join(dir, 'out.jsonl');
    const input = '{"id":1,"text":"acute systolic heart failure"}\n';
    const r = await runCli(['detect', '--output', out, '--overlapping', '--no-context', '--quiet'], { input, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('');
    expect(records(readFileSync(out, 'utf8'))).toEqual([{ id: 1, ok: true, spans: engine.detect('acute systolic heart failure', { match: 'overlapping', context: false }) }]);
    const pretty = await runCli(['detect', '--pretty', '--affirmed-only'], { input, env });
    expect(pretty.stdout).toContain('\n  "ok": true');
    expect(JSON.parse(pretty.stdout)).toEqual({ id: 1, ok: true, spans: engine.detect('acute systolic heart failure', { affirmedOnly: true }) });
  });
});

describe('globToRegExp', () => {
  it.each([
    ['*.txt', 'a.txt', true],
    ['*.txt', 'a.md', false],
    ['*.txt', 'sub/a.txt', false],
    ['**/*.txt', 'a.txt', true],
    ['**/*.txt', 'x/y/a.txt', true],
    ['note-?.txt', 'note-1.txt', true],
    ['note-[0-9].txt', 'note-a.txt', false],
    ['note-[!0-9].txt', 'note-a.txt', true],
    ['*.{txt,md}', 'a.md', true],
    ['a+b(1).txt', 'a+b(1).txt', true],
  ])('%s matches %s: %s', (glob, name, expected) => {
    expect(globToRegExp(glob).test(name)).toBe(expected);
  });
});
