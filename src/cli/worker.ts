/**
 * `icd10cm worker`: takes batches from a Redis queue and runs them on this
 * machine's threads until SIGTERM (or SIGINT), finishing the batches in hand.
 * `--counts` prints the queue's job counts instead.
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_QUEUE_NAME, STALLED_DEFAULTS } from '../queue/protocol.js';
import { POOL_DEFAULTS } from '../workers/options.js';
import { intOption, parse, UsageError } from './args.js';
import { artifactLoadOptions } from './artifact.js';
import { EXIT } from './exit-codes.js';

export const WORKER_HELP = `icd10cm worker --queue redis://HOST:PORT [options]
  Takes batches of documents from the queue that \`icd10cm detect --queue\` (or
  createPool({ queue })) fills, runs them on this machine's worker threads and
  returns the results, until SIGTERM or SIGINT (then it finishes the batches it
  holds). Every worker of a queue must load the same artifact and rules as the
  submitter: a worker that differs refuses the batch.
  --queue URL             Redis, redis://HOST:PORT (required)
  --name QUEUE            queue name (default ${DEFAULT_QUEUE_NAME})
  --threads N             worker threads (default: all cores, ${availableParallelism()} here)
  --task-timeout MS       as for detect (default ${POOL_DEFAULTS.taskTimeout}; 0: no limit)
  --artifact FILE         compiled lexicon (default: $ICD10CM_ARTIFACT, else data/icd10cm/icd10cm.bin)
  --lock-duration MS      a batch whose worker stops renewing its lock for this long is
                          given to another worker (default ${STALLED_DEFAULTS.lockDuration})
  --stalled-interval MS   how often this worker looks for such batches (default ${STALLED_DEFAULTS.stalledInterval})
  --counts                print the queue's counts (waiting, active, failed, workers) and exit`;

export async function workerCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    queue: { type: 'string' },
    name: { type: 'string' },
    threads: { type: 'string' },
    'task-timeout': { type: 'string' },
    artifact: { type: 'string' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
    counts: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
  if (values['queue'] === undefined) throw new UsageError('--queue redis://HOST:PORT is required');
  // BullMQ and ioredis load only for this command.
  const { checkRedisUrl } = await import('../queue/connection.js');
  let url: string;
  try {
    url = checkRedisUrl(values['queue'], '--queue');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const name = (values['name'] as string | undefined) ?? DEFAULT_QUEUE_NAME;
  if (values['counts'] === true) return printCounts(url, name);
  const load = artifactLoadOptions(values['artifact'] as string | undefined);
  const threads = intOption(values['threads'], 'threads');
  const taskTimeout = intOption(values['task-timeout'], 'task-timeout', 0);
  const lockDuration = intOption(values['lock-duration'], 'lock-duration');
  const stalledInterval = intOption(values['stalled-interval'], 'stalled-interval');
  const { startQueueWorker } = await import('../queue/worker.js');
  const worker = await startQueueWorker({
    url,
    name,
    ...(threads === undefined ? {} : { threads }),
    ...(taskTimeout === undefined ? {} : { taskTimeout }),
    ...(load.artifactPath === undefined ? {} : { artifactPath: load.artifactPath }),
    ...(lockDuration === undefined ? {} : { lockDuration }),
    ...(stalledInterval === undefined ? {} : { stalledInterval }),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  process.stderr.write('icd10cm worker: stopping after the batches in hand\n');
  await worker.close();
  return EXIT.OK;
}

async function printCounts(url: string, name: string): Promise<number> {
  const [{ Queue }, { connect }] = await Promise.all([import('bullmq'), import('../queue/connection.js')]);
  const client = await connect(url, 'icd10cm-counts');
  const queue = new Queue(name, { connection: client });
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    const workers = await queue.getWorkersCount();
    process.stdout.write(`${JSON.stringify({ queue: name, ...counts, workers })}\n`);
    return EXIT.OK;
  } finally {
    await queue.close();
    await client.quit();
  }
}
