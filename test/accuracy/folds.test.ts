/** The two-fold split of the evals: stable, balanced, and never splitting a sentence group. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fnv1a, foldOf } from '../../tools/eval/folds.js';
import { chiaFold } from '../../tools/eval/chia.js';
import { runNegex } from '../../tools/eval/negex.js';

describe('folds', () => {
  it('hashes with FNV-1a (published test vectors)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });

  it('puts a key in the same fold every time and splits keys about evenly', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => String(2 * i + 1));
    const folds = keys.map(foldOf);
    expect(keys.map(foldOf)).toEqual(folds);
    const a = folds.filter((f) => f === 'A').length;
    expect(a).toBeGreaterThan(900);
    expect(a).toBeLessThan(1100);
  });

  it("keeps a Chia trial's inclusion and exclusion texts together", () => {
    expect(chiaFold('NCT00050349_inc')).toBe(chiaFold('NCT00050349_exc'));
    expect(chiaFold('NCT00050349_inc')).toBe(foldOf('NCT00050349'));
  });
});

describe('eval negex folds', () => {
  it('scores each fold on its own rows, a sentence group in one fold only', () => {
    const header = 'id\tcondition\tsentence\tnegation\ttemporality\texperiencer\ttarget_start\ttarget_end\tsentence_group';
    const rows: string[] = [];
    for (let g = 1; g <= 40; g++) {
      const sentence = `No fever and no cough, case ${g}.`;
      rows.push(`${g * 10}\tfever\t${sentence}\tNegated\tRecent\tPatient\t3\t8\t${g}`);
      rows.push(`${g * 10 + 1}\tcough\t${sentence}\tNegated\tRecent\tPatient\t16\t21\t${g}`);
    }
    const dir = mkdtempSync(join(tmpdir(), 'icd10cm-negex-'));
    const file = join(dir, 'set.tsv');
    writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
    const r = runNegex(file, { errorsFor: 'negation', errorsFold: 'A' });
    expect(r.folds.A.evaluated + r.folds.B.evaluated).toBe(r.evaluated);
    expect(r.folds.A.groups + r.folds.B.groups).toBe(40);
    // Two rows per group: a fold's row count is twice its group count.
    expect(r.folds.A.evaluated).toBe(2 * r.folds.A.groups);
    expect(r.folds.A.classes.negation.tp + r.folds.B.classes.negation.tp).toBe(r.classes.negation.tp);
    expect(r.classes.negation.tp).toBe(80);
    expect(r.errors).toEqual([]);
  });
});
