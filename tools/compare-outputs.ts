/**
 * Checks that a refactor changed no output, and times two builds against each other.
 *
 *   node dist/tools/compare-outputs.js write DIR [--dist DIST]
 *     runs `detect` over the CodiEsp and Chia dev texts with default options, with
 *     `refine: false`, `context: false`, `affirmedOnly: true`, `match:
 *     'overlapping'` and `genre: 'criteria'`, and writes one JSONL file per
 *     (corpus, options) into DIR: one line per text, `{"id", "spans"}`, in file-name order.
 *   node dist/tools/compare-outputs.js compare DIR_A DIR_B
 *     says, per file, whether the two are byte-identical, and shows the first
 *     differing line; exits 1 when any differs.
 *   node dist/tools/compare-outputs.js ab DIST_OLD DIST_NEW [--rounds N] [--repeat K]
 *     times `detect` over the CodiEsp texts with both builds loaded in one
 *     process, in interleaved rounds (each timing K passes over the corpus), and
 *     reports the median and range of the new/old time ratio over rounds.
 *
 * DIST is a compiled tree (the folder holding src/engine.js); default: this one.
 * Corpora: ICD10CM_EVAL (default ../shared/eval beside the package).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../src/paths.js';

interface DetectEngine {
  detect(text: string, options?: Record<string, unknown>): unknown[];
}
interface EngineModule {
  loadEngine(options?: { artifactPath?: string; build?: 'auto' | 'never'; log?: (line: string) => void }): Promise<DetectEngine>;
}

const EVAL = process.env.ICD10CM_EVAL ?? join(PACKAGE_ROOT, '..', 'shared', 'eval');
const CORPORA: Record<string, { dir: string; ext: string }> = {
  codiesp: { dir: join(EVAL, 'codiesp', 'official_train', 'text_en'), ext: '.txt' },
  chia: { dir: join(EVAL, 'chia', 'brat'), ext: '.txt' },
};
const VARIANTS: Record<string, Record<string, unknown>> = {
  default: {},
  'no-refine': { refine: false },
  'no-context': { context: false },
  'affirmed-only': { affirmedOnly: true },
  overlapping: { match: 'overlapping' },
  criteria: { genre: 'criteria' },
};

function texts(corpus: string): Array<{ id: string; text: string }> {
  const c = CORPORA[corpus];
  if (c === undefined || !existsSync(c.dir)) throw new Error(`corpus ${corpus} not found (${c?.dir ?? '?'})`);
  return readdirSync(c.dir)
    .filter((f) => f.endsWith(c.ext))
    .sort()
    .map((f) => ({ id: f, text: readFileSync(join(c.dir, f), 'utf8') }));
}

async function engineFrom(dist: string): Promise<DetectEngine> {
  const mod = (await import(pathToFileURL(join(resolve(dist), 'src', 'engine.js')).href)) as EngineModule;
  // Both builds read the same artifact: the A/B times code, not data.
  return mod.loadEngine({ artifactPath: join(PACKAGE_ROOT, 'data', 'icd10cm', 'icd10cm.bin'), build: 'never' });
}

async function write(dir: string, dist: string): Promise<void> {
  const engine = await engineFrom(dist);
  mkdirSync(dir, { recursive: true });
  for (const corpus of Object.keys(CORPORA)) {
    const docs = texts(corpus);
    for (const [variant, options] of Object.entries(VARIANTS)) {
      const lines = docs.map((d) => JSON.stringify({ id: d.id, spans: engine.detect(d.text, options) }));
      writeFileSync(join(dir, `${corpus}.${variant}.jsonl`), `${lines.join('\n')}\n`);
      process.stdout.write(`${corpus}.${variant}: ${docs.length} texts\n`);
    }
  }
}

function compare(a: string, b: string): number {
  const names = [...new Set([...readdirSync(a), ...readdirSync(b)])].filter((f) => f.endsWith('.jsonl')).sort();
  let differ = 0;
  for (const name of names) {
    const pa = join(a, name);
    const pb = join(b, name);
    if (!existsSync(pa) || !existsSync(pb)) {
      process.stdout.write(`${name}: only in ${existsSync(pa) ? a : b}\n`);
      differ++;
      continue;
    }
    const x = readFileSync(pa);
    const y = readFileSync(pb);
    if (x.equals(y)) {
      process.stdout.write(`${name}: identical (${x.length} bytes)\n`);
      continue;
    }
    differ++;
    const lx = x.toString('utf8').split('\n');
    const ly = y.toString('utf8').split('\n');
    const i = lx.findIndex((l, k) => l !== ly[k]);
    process.stdout.write(`${name}: DIFFERS at line ${i + 1}\n  A: ${(lx[i] ?? '').slice(0, 400)}\n  B: ${(ly[i] ?? '').slice(0, 400)}\n`);
  }
  return differ === 0 ? 0 : 1;
}

async function ab(oldDist: string, newDist: string, rounds: number, repeat: number): Promise<void> {
  const docs = texts('codiesp');
  const engines = { old: await engineFrom(oldDist), new: await engineFrom(newDist) };
  const run = (e: DetectEngine, options: Record<string, unknown>): number => {
    const t = process.hrtime.bigint();
    for (let k = 0; k < repeat; k++) for (const d of docs) e.detect(d.text, options);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (const [variant, options] of Object.entries({ default: {}, 'no-refine': { refine: false } })) {
    run(engines.old, options);
    run(engines.new, options); // warm-up
    const ratios: number[] = [];
    const ms = { old: [] as number[], new: [] as number[] };
    for (let r = 0; r < rounds; r++) {
      // Alternate which goes first, so drift in machine load falls on both.
      const first = r % 2 === 0 ? 'old' : 'new';
      const second = first === 'old' ? 'new' : 'old';
      const t1 = run(engines[first], options);
      const t2 = run(engines[second], options);
      const tOld = first === 'old' ? t1 : t2;
      const tNew = first === 'old' ? t2 : t1;
      ms.old.push(tOld);
      ms.new.push(tNew);
      ratios.push(tNew / tOld);
    }
    const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)] as number;
    process.stdout.write(
      `${variant}: ${docs.length} texts x ${repeat} per timing x ${rounds} rounds; median ms old ${med(ms.old).toFixed(0)}, new ${med(ms.new).toFixed(0)}; ` +
        `new/old ratio median ${med(ratios).toFixed(3)} [${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}]\n`,
    );
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const flag = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    if (i < 0) return undefined;
    const v = rest[i + 1];
    rest.splice(i, 2);
    return v;
  };
  if (cmd === 'write' && rest[0] !== undefined) {
    const dist = flag('--dist') ?? join(PACKAGE_ROOT, 'dist');
    await write(rest[0], dist);
    return 0;
  }
  if (cmd === 'compare' && rest.length === 2) return compare(rest[0] as string, rest[1] as string);
  if (cmd === 'ab') {
    const rounds = Number(flag('--rounds') ?? 9);
    const repeat = Number(flag('--repeat') ?? 1);
    if (rest.length === 2) {
      await ab(rest[0] as string, rest[1] as string, rounds, repeat);
      return 0;
    }
  }
  process.stderr.write('usage: compare-outputs write DIR [--dist DIST] | compare DIR_A DIR_B | ab DIST_OLD DIST_NEW [--rounds N] [--repeat K]\n');
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
