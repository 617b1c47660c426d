/**
 * Worker side of the queue (`icd10cm worker`): a BullMQ worker that takes
 * batches and runs them on this machine's worker-thread pool. The main thread
 * only moves bytes between Redis and the threads, so lock renewals are never
 * held up by detection, however long a batch takes.
 *
 * A batch never fails because of a document: the local pool turns bad
 * documents, crashed threads and timeouts into error records. A job fails only
 * when this worker refuses it (another edition) or cannot store its results;
 * a job whose worker process dies is taken up again through BullMQ's stalled
 * checks (protocol.ts, STALLED_DEFAULTS).
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { readHeader } from '../artifact/read.js';
import type { RuleFile } from '../context/index.js';
import { loadEngine } from '../engine.js';
import { TEST_CRASH_ENV } from '../workers/messages.js';
import { createPool } from '../workers/pool.js';
import { POOL_DEFAULTS, type Pool } from '../workers/options.js';
import { DEFAULT_ARTIFACT } from '../paths.js';
import { connect, safeUrl } from './connection.js';
import { runIsolated } from './isolated.js';
import { describeIdentity, identityOf, sameIdentity, type ArtifactIdentity } from './identity.js';
import {
  DEFAULT_QUEUE_NAME,
  KEY_TTL_SECONDS,
  MAX_STALLED_COUNT,
  STALLED_DEFAULTS,
  STORE_RESULT,
  TEST_HOLD_ENV,
  TEST_HOLD_MARKER,
  TEST_KILL_WORKER_MARKER,
  encodeResults,
  type BatchJobData,
  type WireResult,
} from './protocol.js';

export interface QueueWorkerOptions {
  /** `redis://HOST:PORT`. */
  url: string;
  /** Queue name (default `icd10cm`); submitters and workers of one run use the same. */
  name?: string;
  /** Worker threads (default: all cores). */
  threads?: number;
  /** Artifact file (default: the package's, built when missing or stale). */
  artifactPath?: string;
  contextRules?: string | RuleFile;
  /** Per-task limit in the local pool (default 60,000 ms). */
  taskTimeout?: number;
  /** BullMQ lock duration, ms (default 30,000). */
  lockDuration?: number;
  /** BullMQ stalled-check interval, ms (default 30,000). */
  stalledInterval?: number;
  /** Where status lines go (default: standard error). */
  log?: (line: string) => void;
}

export interface QueueWorker {
  readonly identity: ArtifactIdentity;
  readonly name: string;
  /** Finishes the batches in hand, then stops. */
  close(): Promise<void>;
}

export async function startQueueWorker(o: QueueWorkerOptions): Promise<QueueWorker> {
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const queueName = o.name ?? DEFAULT_QUEUE_NAME;
  const engine = await loadEngine({
    ...(o.artifactPath === undefined ? {} : { artifactPath: o.artifactPath, build: 'never' as const }),
    ...(o.contextRules === undefined ? {} : { contextRules: o.contextRules }),
  });
  const identity = identityOf(readHeader(engine.buffer), engine.contextRules);
  const artifactPath = engine.info.artifactPath ?? o.artifactPath ?? DEFAULT_ARTIFACT;
  // The submitter already applied its document size limit; this pool must not apply another.
  const pool = await createPool({
    engine,
    maxDocumentChars: 2 ** 29,
    ...(o.threads === undefined ? {} : { threads: o.threads }),
    ...(o.taskTimeout === undefined ? {} : { taskTimeout: o.taskTimeout }),
  });
  let client: Redis;
  try {
    client = await connect(o.url, 'icd10cm-worker');
  } catch (err) {
    await pool.close();
    throw err;
  }
  const workerName = `${hostname()}:${process.pid}`;
  const testKill = process.env[TEST_CRASH_ENV] === '1';
  const testHold = testKill && process.env[TEST_HOLD_ENV] === '1';
  const refused = new Set<string>();
  const processor = async (job: Job<BatchJobData>): Promise<void> => {
    const data = job.data;
    if (testKill && data.isolate !== true && data.texts.some((t) => t.startsWith(TEST_KILL_WORKER_MARKER))) process.kill(process.pid, 'SIGKILL');
    if (testHold && data.texts.some((t) => t.startsWith(TEST_HOLD_MARKER))) {
      log(`icd10cm worker: test hook: holding batch ${data.key}`);
      await new Promise<never>(() => {});
    }
    if (!sameIdentity(data.identity, identity)) {
      const message =
        `E_ARTIFACT_MISMATCH: worker ${workerName} refuses batch ${data.key}: the run is coded with ${describeIdentity(data.identity)}, ` +
        `this worker has ${describeIdentity(identity)}`;
      const run = `${data.reply.results} ${describeIdentity(data.identity)}`;
      if (!refused.has(run)) {
        refused.add(run);
        log(`icd10cm worker: ${message}`);
      }
      throw new UnrecoverableError(message);
    }
    const results =
      data.isolate === true
        ? await runIsolated(data.texts, { artifactPath, rules: engine.contextRules, options: data.options, taskTimeout: o.taskTimeout ?? POOL_DEFAULTS.taskTimeout })
        : await runBatch(pool, data);
    await client.eval(STORE_RESULT, 3, data.reply.pending, data.reply.results, data.reply.done, data.key, encodeResults(results), KEY_TTL_SECONDS);
  };
  const worker = new Worker<BatchJobData>(queueName, processor, {
    connection: client,
    name: workerName,
    // A batch waiting for a thread keeps its lock renewed; two per thread keep every thread fed while results travel.
    concurrency: pool.threads * 2,
    lockDuration: o.lockDuration ?? STALLED_DEFAULTS.lockDuration,
    stalledInterval: o.stalledInterval ?? STALLED_DEFAULTS.stalledInterval,
    maxStalledCount: MAX_STALLED_COUNT,
  });
  // BullMQ reports connection trouble here while it reconnects; an unhandled 'error' would end the process.
  worker.on('error', (err) => log(`icd10cm worker: ${err.message}`));
  await worker.waitUntilReady();
  log(`icd10cm worker: ${workerName} on queue '${queueName}' at ${safeUrl(o.url)}, ${pool.threads} threads, ${describeIdentity(identity)}`);
  let closing: Promise<void> | undefined;
  return {
    identity,
    name: workerName,
    close() {
      closing ??= (async () => {
        await worker.close();
        await pool.close();
        await client.quit().catch(() => client.disconnect());
      })();
      return closing;
    },
  };
}

/** The one place a batch of texts becomes per-document results (span JSON or an error), on this machine's threads. */
async function runBatch(pool: Pool, data: BatchJobData): Promise<WireResult[]> {
  const results: WireResult[] = [];
  const docs = data.texts.map((text, i) => ({ id: i, text }));
  for await (const r of pool.detectManyJson(docs, data.options)) {
    results.push(r.ok ? { ok: true, spansJson: r.spansJson, count: r.spanCount } : { ok: false, error: r.error });
  }
  return results;
}
