import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import * as pool from '../../src/workers/pool.js';

// index.ts loads the pool module (and piscina) only when createPool is called.
describe('public API', () => {
  it('repeats the pool defaults exactly', () => {
    expect(api.POOL_DEFAULTS).toEqual(pool.POOL_DEFAULTS);
  });

  it('createPool rejects, never throws, on bad options', async () => {
    let p: Promise<unknown> | undefined;
    expect(() => {
      p = api.createPool({ threads: 0 } as never);
    }).not.toThrow();
    await expect(p).rejects.toMatchObject({ code: 'E_OPTION_INVALID' });
  });
});
