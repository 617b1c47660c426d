/** `icd10cm search` on the real artifact: JSON out, usage errors exit 2. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type Engine } from '../../src/engine.js';
import { assertDistFresh } from '../helpers/pool-fixtures.js';
import { CLI_MODULES, runCli } from './run-cli.js';

let engine: Engine;
beforeAll(async () => {
  assertDistFresh([...CLI_MODULES, 'src/cli/search.ts', 'src/search/index.ts']);
  engine = await loadEngine({ build: 'never' });
});

describe('icd10cm search', () => {
  it('prints the results as JSON, words given as one argument or several', async () => {
    const one = await runCli(['search', 'diab typ 2 kid', '--limit', '3'], { timeoutMs: 60_000 });
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toEqual(engine.search('diab typ 2 kid', { limit: 3 }));
    const several = await runCli(['search', 'e112', '--billable'], { timeoutMs: 60_000 });
    expect(several.code).toBe(0);
    expect(JSON.parse(several.stdout)).toEqual(engine.search('e112', { billableOnly: true }));
  });

  it('exits 2 with one line on a usage error', async () => {
    for (const args of [['search'], ['search', 'chf', '--limit', '0'], ['search', 'chf', '--limit', '501'], ['search', 'chf', '--nope']]) {
      const r = await runCli(args, { timeoutMs: 60_000 });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^icd10cm search: /);
      expect(r.stdout).toBe('');
    }
  });
});
