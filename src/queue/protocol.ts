/**
 * What travels through Redis between a submitter (`createPool({ queue })`,
 * `icd10cm detect --queue`) and the workers (`icd10cm worker`). Both sides
 * import from here and never from each other.
 *
 * A BullMQ job is one batch: the texts of consecutive documents, the resolved
 * detect options and the artifact identity. Ids never travel (as with worker
 * threads): the submitter keeps each document's id and position, so a worker
 * cannot mislabel or reorder a record.
 *
 * Results do not go back through BullMQ's return value: BullMQ copies a return
 * value into its events stream, which would hold up to `maxLen` results in
 * Redis. A worker instead writes the results into its submitter's own hash,
 * guarded by the submitter's `pending` set (see STORE_RESULT), pushes the
 * batch key onto the submitter's `done` list, and completes the job with no
 * value; the completed job is removed at once.
 */
import type { ResolvedDetectOptions } from '../options.js';
import type { ArtifactIdentity } from './identity.js';

export const DEFAULT_QUEUE_NAME = 'icd10cm';
export const JOB_NAME = 'batch';

/**
 * Stalled-job settings (BullMQ worker options; README "Scaling out"). A worker
 * renews the lock of each batch it holds every lockDuration / 2; a batch whose
 * lock has lapsed is found by the next stalled check of any worker (every
 * stalledInterval) and put back in the queue for another worker. A batch that
 * stalls a second time (MAX_STALLED_COUNT) fails, and its submitter splits it.
 * So a dead worker's batches run again after at most lockDuration +
 * stalledInterval (60 s with these values). Detection runs in worker threads,
 * so a long batch never blocks the lock renewal.
 *
 * A failed batch is sent again marked `isolate`: a worker runs it one
 * document at a time in a child process (isolated.ts), so the document at
 * fault ends only that child and becomes an E_WORKER_FAILED record, and
 * documents of other batches that shared the dead worker are not blamed. A
 * document that kills every worker costs two worker deaths and one child,
 * whatever the batch size.
 */
export const STALLED_DEFAULTS = { lockDuration: 30_000, stalledInterval: 30_000 } as const;
export const MAX_STALLED_COUNT = 1;


/** Run keys expire this long after the submitter last touched them, so a submitter that died leaves nothing behind for good. */
export const KEY_TTL_SECONDS = 7 * 24 * 3600;

/** The Redis keys of one submitter (one pool). The hash tag keeps them in one cluster slot, as the script needs. */
export interface ReplyKeys {
  /** Hash: batch key -> encoded results (see encodeResults). */
  results: string;
  /** List: batch keys whose results are ready, in completion order. */
  done: string;
  /** Set: batch keys submitted and not yet taken by the submitter. */
  pending: string;
}

export function replyKeys(queueName: string, poolId: string): ReplyKeys {
  const base = `icd10cm:{${queueName}:${poolId}}`;
  return { results: `${base}:results`, done: `${base}:done`, pending: `${base}:pending` };
}

export interface BatchJobData {
  /** The batch key, unique within its submitter: `<run>.<first sequence number>[.<part>...]`. */
  key: string;
  reply: ReplyKeys;
  identity: ArtifactIdentity;
  options: ResolvedDetectOptions;
  texts: string[];
  /** The batch stopped two workers: run it one document at a time in a child process (isolated.ts). */
  isolate?: boolean;
}

/**
 * Stores a batch's results only while the submitter still waits for them, and
 * tells it so. A worker that comes back after its batch was run again (a
 * stalled worker that was only slow), or after the submitter gave up on the
 * run, therefore writes nothing: no document ever gets two records.
 * KEYS: pending, results, done; ARGV: batch key, encoded results, ttl seconds.
 */
export const STORE_RESULT = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[3])
redis.call('EXPIRE', KEYS[3], ARGV[3])
return 1
`;

/** One document's result: spans already serialised by the worker thread, or an error. */
export type WireResult = { ok: true; spansJson: string; count: number } | { ok: false; error: { code: string; message: string } };

/**
 * Encodes results as a JSON header line (span count and length of each
 * document's span JSON, or its error) followed by the span JSON strings back
 * to back. The submitter slices them out as they are: span JSON is never
 * parsed or re-serialised on its way to the output, so records are the same
 * bytes as a local run's.
 */
export function encodeResults(results: WireResult[]): string {
  const head = results.map((r) => (r.ok ? [r.count, r.spansJson.length] : r.error));
  let body = '';
  for (const r of results) if (r.ok) body += r.spansJson;
  return `${JSON.stringify(head)}\n${body}`;
}

export function decodeResults(payload: string, expected: number): WireResult[] {
  const nl = payload.indexOf('\n');
  const head = JSON.parse(payload.slice(0, nl)) as Array<[number, number] | { code: string; message: string }>;
  if (!Array.isArray(head) || head.length !== expected) throw new Error(`results for ${head.length} documents, expected ${expected}`);
  let at = nl + 1;
  return head.map((h) => {
    if (!Array.isArray(h)) return { ok: false, error: { code: h.code, message: h.message } };
    const spansJson = payload.slice(at, at + h[1]);
    at += h[1];
    return { ok: true, spansJson, count: h[0] };
  });
}

/**
 * Test-only hook, as TEST_CRASH_MARKER is for worker threads: a batch holding
 * a text that starts with this marker makes `icd10cm worker` kill its own
 * process (SIGKILL, as a power loss or the kernel's OOM killer would), but only
 * when the worker runs with ICD10CM_TEST_CRASH=1. Nothing else sets that variable.
 */
export const TEST_KILL_WORKER_MARKER = '<<icd10cm-test-kill-worker>>';
/**
 * Same hook: with ICD10CM_TEST_CRASH=1 and ICD10CM_TEST_HOLD=1, a worker never
 * finishes a batch holding a text that starts with this marker (it keeps the
 * batch's lock alive), so a test can kill it mid-batch for certain. Another
 * worker, without ICD10CM_TEST_HOLD, runs the text as any other.
 */
export const TEST_HOLD_MARKER = '<<icd10cm-test-hold>>';
export const TEST_HOLD_ENV = 'ICD10CM_TEST_HOLD';
