/**
 * The README's examples, run and compared with what the README says they print.
 *
 * Convention (keep it when editing the README): an example is an HTML comment
 * `<!-- example: NAME -->` on the line before a fenced code block, and what it
 * prints is `<!-- output: NAME -->` before a later fenced block. `sh` examples
 * run line by line in bash from the package root, `npx icd10cm` being the
 * compiled CLI; `js` examples run as an ES module with `'icd10cm-detect'`
 * resolving to the compiled library. In an output block, `...` stands for any
 * text and line breaks and spaces are free (so long records can be wrapped and
 * shortened); everything else must appear as written, in order. An example
 * without an output block must still run and exit 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertDistFresh, ROOT } from './helpers/pool-fixtures.js';

interface Example {
  name: string;
  lang: string;
  code: string;
  output: string | undefined;
}

/** Every marked example of `markdown`, with its output block when it has one. */
export function readmeExamples(markdown: string): Example[] {
  const blocks = new Map<string, { lang: string; body: string }>();
  const outputs = new Map<string, string>();
  const marked = /<!-- (example|output): ([\w-]+) -->\s*\n```(\w*)\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(marked)) {
    const [, kind, name, lang, body] = m as unknown as [string, string, string, string, string];
    if (kind === 'example') blocks.set(name, { lang, body });
    else outputs.set(name, body);
  }
  for (const name of outputs.keys()) if (!blocks.has(name)) throw new Error(`README: output block ${name} has no example block`);
  return [...blocks].map(([name, b]) => ({ name, lang: b.lang, code: b.body, output: outputs.get(name) }));
}

/** The output block as a pattern: `...` is any text, whitespace is optional, the rest literal. */
export function outputPattern(expected: string): RegExp {
  const parts = expected.split('...').map((part) =>
    part
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('\\s*'),
  );
  return new RegExp(`^\\s*${parts.join('[\\s\\S]*?')}\\s*$`);
}

function run(example: Example): { status: number | null; stdout: string; stderr: string } {
  const bin = `${process.execPath} ${join(ROOT, 'bin', 'icd10cm.js')}`;
  if (example.lang === 'sh') {
    const script = example.code.replace(/\bnpx icd10cm\b/g, bin);
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  if (example.lang === 'js') {
    const dir = mkdtempSync(join(tmpdir(), 'icd10cm-readme-'));
    const file = join(dir, `${example.name}.mjs`);
    writeFileSync(file, example.code.replace(/from 'icd10cm-detect'/g, `from '${pathToFileURL(join(ROOT, 'dist', 'src', 'index.js')).href}'`));
    const r = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  throw new Error(`README example ${example.name}: no runner for \`${example.lang}\` blocks (use sh or js)`);
}

const examples = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));

beforeAll(() => assertDistFresh(['src/cli/main.ts', 'src/index.ts']));

describe('README examples', () => {
  it('has marked examples, each with a runner', () => {
    expect(examples.map((e) => e.name)).toEqual(expect.arrayContaining(['what-you-get', 'library']));
    for (const e of examples) expect(['sh', 'js']).toContain(e.lang);
  });

  it('the output pattern reads `...` as any text and spacing as free', () => {
    expect(outputPattern('{"a":1, ...}\n ok').test('{"a":1,"b":[2]}ok')).toBe(true);
    expect(outputPattern('{"a":1, ...}').test('{"a":2}')).toBe(false);
    expect(outputPattern('score 0.745').test('score 0.7451')).toBe(false);
  });

  it.each(examples.map((e) => [e.name, e] as const))('%s runs and prints what the README shows', (_name, example) => {
    const r = run(example);
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    if (example.output !== undefined) {
      const printed = r.stdout.trim();
      // On a mismatch, show both: the README block is what to fix (or the code).
      expect({ printed, matches: outputPattern(example.output).test(printed) }).toEqual({ printed, matches: true });
    }
  });
});
