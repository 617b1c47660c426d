import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { assertDistFresh, ROOT } from '../helpers/pool-fixtures.js';

const piscinaLoadedAfter = (module: string): boolean => {
  const script = `import(${JSON.stringify(module)}).then(async () => {
    const { createRequire } = await import('node:module');
    const cache = createRequire(import.meta.url).cache;
    process.stdout.write(String(Object.keys(cache).some((k) => k.includes('/piscina/'))));
  });`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' }) === 'true';
};

// index.ts loads the pool module (and piscina) only when createPool is called.
describe('public API', () => {
  it('does not load piscina on import, and the pool module does', () => {
    assertDistFresh(['src/index.ts', 'src/workers/options.ts', 'src/workers/pool.ts']);
    expect(piscinaLoadedAfter('./dist/src/index.js')).toBe(false);
    expect(piscinaLoadedAfter('./dist/src/workers/pool.js')).toBe(true);
    expect(api.POOL_DEFAULTS.batchChars).toBeGreaterThan(0);
  });

  it('createPool rejects, never throws, on bad options', async () => {
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = api.createPool({ threads: 0 } as never);
    }).not.toThrow();
    await expect(p).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
  });
});
