/**
 * Damaged artifacts: random byte flips, fills and truncations in every part of
 * the file (header and each section). With the hash check (the default) none is
 * accepted and each is reported as E_ARTIFACT_INVALID naming the damaged part.
 * With the hash check skipped (an internal switch), the bounds checks must
 * still keep every case from crashing or hanging: each one is rejected with
 * E_ARTIFACT_INVALID, or loads and answers detect and lookup without a raw
 * error. The cases run in a worker thread so a hang is caught (no progress for
 * a long while), not waited on forever; no case is timed.
 */
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHeader } from '../../src/artifact/read.js';
import { align8, PREAMBLE_BYTES } from '../../src/artifact/format.js';
import { assertDistFresh, syntheticBytes } from '../helpers/pool-fixtures.js';
import { mulberry32 as random } from '../../tools/gen-notes.js';

type Case = { kind: 'flip'; at: number; xor: number } | { kind: 'truncate'; at: number } | { kind: 'fill'; at: number; to: number; value: number };
type Outcome = { i: number; accepted: boolean; code?: string; path?: string | null; message?: string };
interface Part {
  name: string;
  from: number;
  to: number;
}


let bytes: Uint8Array;
let parts: Part[];

beforeAll(() => {
  assertDistFresh(['src/artifact/load.ts', 'src/artifact/bounds.ts']);
  bytes = syntheticBytes();
  const buffer = new SharedArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  const header = readHeader(buffer);
  const headerEnd = align8(PREAMBLE_BYTES + new DataView(buffer).getUint32(12, true));
  // Each section with its padding, as its hash covers it.
  parts = [{ name: 'header', from: 0, to: headerEnd }];
  header.sections.forEach((s, i) => parts.push({ name: s.name, from: s.offset, to: header.sections[i + 1]?.offset ?? bytes.length }));
});

function cases(seed: number, perPart: { flips: number; truncations: number }): Array<{ c: Case; part: Part }> {
  const next = random(seed);
  const pick = (p: Part) => p.from + Math.floor(next() * (p.to - p.from));
  const out: Array<{ c: Case; part: Part }> = [];
  for (const part of parts) {
    if (part.to === part.from) continue;
    for (let k = 0; k < perPart.flips; k++) out.push({ part, c: { kind: 'flip', at: pick(part), xor: 1 + Math.floor(next() * 255) } });
    for (let k = 0; k < perPart.truncations; k++) out.push({ part, c: { kind: 'truncate', at: pick(part) } });
    // The whole section (or header) overwritten, as a disk error or a bad copy leaves it.
    for (const value of [0x00, 0xff]) {
      // A fill that changes nothing (a zero section filled with zeros) damages nothing.
      if (bytes.subarray(part.from, part.to).some((b) => b !== value)) out.push({ part, c: { kind: 'fill', at: part.from, to: part.to, value } });
    }
  }
  return out;
}

/** Runs the cases in a worker; rejects if it stops making progress (a hang) or dies. */
function run(list: Array<{ c: Case }>, verifyHash: boolean): Promise<Outcome[]> {
  const worker = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), {
    workerData: {
      bytes,
      cases: list.map((x) => x.c),
      verifyHash,
      text: 'Type 2 diabetes mellitus with diabetic chronic kidney disease, essential hypertension, no pneumonia. History of MI. COPD.',
      codes: ['E11.22', 'I10', 'B20.0', 'Z99.99'],
    },
  });
  const outcomes: Outcome[] = [];
  return new Promise((resolve, reject) => {
    let watchdog: NodeJS.Timeout;
    // Liveness only: a case that has not answered in 30 s is stuck in a loop.
    const arm = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        void worker.terminate();
        reject(new Error(`case ${outcomes.length} hung: ${JSON.stringify(list[outcomes.length])}`));
      }, 30_000);
    };
    arm();
    worker.on('message', (o: Outcome) => {
      outcomes.push(o);
      arm();
      if (outcomes.length === list.length) {
        clearTimeout(watchdog);
        void worker.terminate().then(() => resolve(outcomes));
      }
    });
    worker.on('error', (err) => {
      clearTimeout(watchdog);
      reject(err);
    });
  });
}

describe('artifact fuzz', () => {
  it('accepts no damaged file: every flip, fill and truncation is E_ARTIFACT_INVALID naming its part', async () => {
    const list = cases(17, { flips: 60, truncations: 15 });
    const outcomes = await run(list, true);
    expect(outcomes).toHaveLength(list.length);
    const accepted = outcomes.filter((o) => o.accepted);
    expect(accepted.map((o) => list[o.i])).toEqual([]);
    for (const o of outcomes) {
      const { c, part } = list[o.i] as { c: Case; part: Part };
      // A flip in the preamble's version field reads as another format version.
      const versionField = c.kind !== 'truncate' && c.at >= 8 && c.at < 12;
      expect({ c, code: o.code }).toEqual({ c, code: versionField ? expect.stringMatching(/^E_ARTIFACT_(INVALID|VERSION)$/) : 'E_ARTIFACT_INVALID' });
      // A flip or a fill inside a section is reported as that section (truncations may be seen first as the last section, or the header).
      if (c.kind !== 'truncate' && part.name !== 'header') expect({ c, path: o.path }).toEqual({ c, path: expect.stringMatching(new RegExp(`^(${part.name.replace(/\./g, '\\.')}|header)$`)) });
    }
    process.stderr.write(`artifact fuzz (hash check on): ${list.length} cases, ${accepted.length} accepted\n`);
  });

  it('with the hash check skipped, the bounds checks keep every case from crashing or hanging', async () => {
    const list = cases(1717, { flips: 30, truncations: 5 });
    const outcomes = await run(list, false);
    expect(outcomes).toHaveLength(list.length);
    const raw = outcomes.filter((o) => !o.accepted && o.code !== 'E_ARTIFACT_INVALID' && o.code !== 'E_ARTIFACT_VERSION');
    expect(raw.map((o) => ({ c: list[o.i]?.c, part: list[o.i]?.part.name, message: o.message }))).toEqual([]);
    const rejected = outcomes.filter((o) => !o.accepted).length;
    // Bounds checks do reject: every truncation, and damage to offsets and indices.
    expect(rejected).toBeGreaterThan(list.length / 3);
    process.stderr.write(`artifact fuzz (hash check skipped): ${list.length} cases, ${rejected} rejected by bounds checks, ${list.length - rejected} loaded and answered\n`);
  });
});
