import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { normalizeWord } from '../../src/text/word.js';

const file = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/spelling.json'), 'utf8')) as {
  format: number;
  description: string;
  rules: Array<{ from: string; to: string; source: string }>;
  infixes: Array<{ from: string; to: string; source: string }>;
};

describe('British / American spelling folds', () => {
  it.each([
    ['oedema', 'edema'],
    ['haemorrhagic', 'hemorrhagic'],
    ['faecal', 'fecal'],
    ['caecum', 'cecum'],
    ['aetiology', 'etiology'],
    ['amoebic', 'amebic'],
    ['labour', 'labor'],
    ['paralysed', 'paralyzed'],
    ['generalised', 'generalized'],
    ['localised', 'localized'],
    ['hospitalisation', 'hospitalization'],
    ['catheterisation', 'catheterization'],
    ['sterilised', 'sterilized'],
    ['randomised', 'randomized'],
    ['dyslipidaemia', 'dyslipidemia'],
    ['hypocalcaemic', 'hypocalcemic'],
    ['polymenorrhoea', 'polymenorrhea'],
    ['seborrhoeic', 'seborrheic'],
  ])('%s reads as %s', (british, american) => {
    expect(normalizeWord(british)).toBe(normalizeWord(american));
  });

  it('leaves American words that share a British prefix alone', () => {
    expect(normalizeWord('paralysis')).not.toBe(normalizeWord('paralyzed'));
    // 'organis' would turn "organism" into "organizm".
    expect(file.rules.some((r) => 'organism'.startsWith(r.from))).toBe(false);
  });

  it('every rule has a source, rewrites to something else, and no rule is shadowed by another', () => {
    for (const r of [...file.rules, ...file.infixes]) {
      expect(r.source.length, r.from).toBeGreaterThan(0);
      expect(r.to, r.from).not.toBe(r.from);
    }
    const froms = file.rules.map((r) => r.from);
    expect(new Set(froms).size).toBe(froms.length);
  });
});
