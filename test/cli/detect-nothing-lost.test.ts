/**
 * `icd10cm detect` on a JSONL stream mixing good and bad records: exactly one
 * record per non-blank input line, ids and order preserved, exit code 1.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { assertDistFresh, syntheticArtifactFile, syntheticEngine } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, records, runCli } from './run-cli.js';

let env: Record<string, string>;
let engine: Engine;

beforeAll(() => {
  assertDistFresh(CLI_MODULES);
  env = { ICD10CM_ARTIFACT: syntheticArtifactFile() };
  engine = syntheticEngine();
});

const line = (o: unknown) => Buffer.from(`${JSON.stringify(o)}\n`);

describe('detect loses nothing', () => {
  it('gives one record per line of a mixed JSONL stream, in order', async () => {
    const input = Buffer.concat([
      line({ id: 'good', text: 'essential hypertension' }),
      Buffer.from('{"id": "broken", "text": \n'), // malformed JSON -> line:2
      line({ id: 'number', text: 42 }),
      line({ id: 'missing' }),
      Buffer.concat([Buffer.from('{"id":"utf8","text":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]), // invalid UTF-8 -> line:5
      line({ id: 'nul', text: 'COPD\u0000\u0001\u0002' }),
      line({ id: 'empty', text: '' }),
      Buffer.from('{"id":"crlf","text":"COPD\\r\\nMI"}\r\n'),
      Buffer.from('\n   \n'), // blank lines 9 and 10: not documents
      Buffer.from('{"id":"lone-cr","text":"pneumonia"}\r'),
      Buffer.from('[1, 2]\n'), // not an object -> line:12
      line({ text: 'heart failure' }), // no id -> line:14
      line({ id: 'long-line', text: 'x'.repeat(400) }), // over --max-line-bytes -> line:14
      line({ id: 'long-doc', text: 'MI '.repeat(60) }), // over --max-doc-chars
      line({ id: 7, text: 'Type 2 diabetes mellitus' }),
      Buffer.from('{"id":"last","text":"COPD"}'), // no final newline
    ]);
    const r = await runCli(['detect', '--threads', '2', '--max-line-bytes', '300', '--max-doc-chars', '100'], { input, env });
    expect(r.code).toBe(1);
    const out = records(r.stdout);
    const ok = (id: unknown, text: string) => ({ id, ok: true, spans: engine.detect(text) });
    const bad = (id: unknown, code: string) => ({ id, ok: false, error: { code, message: expect.any(String) } });
    expect(out).toEqual([
      ok('good', 'essential hypertension'),
      bad('line:2', 'E_INPUT_INVALID'),
      bad('number', 'E_INPUT_INVALID'),
      bad('missing', 'E_INPUT_INVALID'),
      bad('line:5', 'E_INPUT_INVALID'),
      { id: 'nul', ok: false, error: { code: 'E_INPUT_INVALID', message: expect.stringContaining('binary') } },
      ok('empty', ''),
      ok('crlf', 'COPD\r\nMI'),
      ok('lone-cr', 'pneumonia'),
      bad('line:12', 'E_INPUT_INVALID'),
      ok('line:13', 'heart failure'),
      bad('line:14', 'E_INPUT_TOO_LARGE'),
      bad('long-doc', 'E_INPUT_TOO_LARGE'),
      ok(7, 'Type 2 diabetes mellitus'),
      ok('last', 'COPD'),
    ]);
    expect(r.stderr).toMatch(/15 documents, 8 errors/);
  });

  it('never echoes note text in a JSON error message', async () => {
    const r = await runCli(['detect', '--jsonl'], { input: '{"id": 1, "text": "secret patient words\n', env });
    expect(records(r.stdout)).toEqual([{ id: 'line:1', ok: false, error: { code: 'E_INPUT_INVALID', message: expect.any(String) } }]);
    expect(r.stdout).not.toContain('secret');
  });

  it('keeps a long stream complete and in order with different thread counts', async () => {
    const words = ['COPD', 'MI', 'pneumonia', 'no', 'essential hypertension', 'heart failure', 'denies'];
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 250 === 17) lines.push('not json');
      else lines.push(JSON.stringify({ id: `n${i}`, text: Array.from({ length: (i * 7) % 23 }, (_, j) => words[(i + j) % words.length]).join(' ') }));
    }
    const input = `${lines.join('\n')}\n`;
    const one = await runCli(['detect', '--threads', '1'], { input, env });
    const two = await runCli(['detect', '--threads', '2'], { input, env });
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    const ids = records(one.stdout).map((r) => r['id']);
    expect(ids).toEqual(lines.map((l, i) => (l === 'not json' ? `line:${i + 1}` : `n${i}`)));
  });
});
