/**
 * Preloaded into a server under test (`node --import dist/benchmarks/loop-probe.js`):
 * measures the main thread's event-loop delay (perf_hooks.monitorEventLoopDelay,
 * 10 ms resolution) and its garbage-collection pauses, and writes them as one
 * `loop-delay {json}` line on standard error when the process exits. This is
 * the server's own figure: unlike /health round trips seen by a client, it does
 * not include the client's scheduling or the network stack. Counting starts at
 * the first HTTP request, so loading the artifact before listening is not in it.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

export const LOOP_DELAY_PREFIX = 'loop-delay ';

export interface LoopDelay {
  maxMs: number;
  p99Ms: number;
  meanMs: number;
  /** Longest single GC pause on the main thread, and all of them together. */
  gcMaxMs: number;
  gcTotalMs: number;
}

if (isMainThread && process.env['ICD10CM_LOOP_PROBE'] === '1') {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const first = () => {
    delay.reset();
    gcMax = 0;
    gcTotal = 0;
    unsubscribe('http.server.request.start', first);
  };
  subscribe('http.server.request.start', first);
  let gcMax = 0;
  let gcTotal = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMax = Math.max(gcMax, e.duration);
      gcTotal += e.duration;
    }
  });
  gc.observe({ entryTypes: ['gc'] });
  process.on('exit', () => {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    const r: LoopDelay = { maxMs: ms(delay.max), p99Ms: ms(delay.percentile(99)), meanMs: ms(delay.mean), gcMaxMs: Math.round(gcMax * 10) / 10, gcTotalMs: Math.round(gcTotal) };
    process.stderr.write(`${LOOP_DELAY_PREFIX}${JSON.stringify(r)}\n`);
  });
}
