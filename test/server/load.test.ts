/**
 * Six concurrent ~10 MB requests of "asthma asthma ..." against the real
 * `icd10cm serve` on 127.0.0.1: each gets 200, 413 or 503, /health keeps
 * answering, and the server is alive after and exits 0 on SIGTERM. The output
 * limit is lowered so the run is short; peak RSS and /health latency are
 * figures of benchmarks/server-load.ts (default limits), not asserted here.
 */
import { describe, expect, it } from 'vitest';
import { runServerLoad } from '../../benchmarks/server-load.js';
import { assertDistFresh } from '../helpers/pool-fixtures.js';
import { CLI_MODULES } from '../cli/run-cli.js';

describe('server under load', () => {
  it('survives six concurrent 10 MB requests, answering each with 200, 413 or 503', async () => {
    assertDistFresh(CLI_MODULES);
    const r = await runServerLoad({ requests: 6, mb: 10, threads: 2, serveArgs: ['--max-output-bytes', String(1 << 20)], healthTimeoutMs: 20_000 });
    process.stderr.write(`server load (loaded test machine): ${JSON.stringify({ ...r, stderr: undefined })}\n`);
    expect(r.statuses).toHaveLength(6);
    for (const s of r.statuses) expect([200, 413, 503]).toContain(s.status);
    // Two threads take four requests (2 per thread); the others are told to come back.
    expect(r.statuses.filter((s) => s.status === 503).every((s) => s.code === 'E_BUSY')).toBe(true);
    expect(r.health.calls).toBeGreaterThan(0);
    expect(r.health.unanswered).toBe(0);
    expect(r.aliveAfter).toBe(true);
    // The server's own event-loop probe reported (its figure is the benchmark's, not asserted).
    expect(r.loopDelay).not.toBeNull();
    expect(r.exitCode).toBe(0);
  }, 300_000);
});
