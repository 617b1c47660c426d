/**
 * Redis connections for the queue. BullMQ is handed ready-made ioredis
 * clients: from an ES module it cannot load ioredis itself.
 */
import { Redis } from 'ioredis';
import { IcdError } from '../errors.js';

/** How long a submitter or worker waits for Redis at start before giving up (afterwards it waits for Redis to come back). */
const CONNECT_TIMEOUT_MS = 10_000;

/** Checks a `redis://` / `rediss://` URL; the message names the option. */
export function checkRedisUrl(url: unknown, option: string): string {
  let ok = false;
  if (typeof url === 'string') {
    try {
      const u = new URL(url);
      ok = (u.protocol === 'redis:' || u.protocol === 'rediss:') && u.hostname !== '';
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    throw new IcdError('E_OPTION_INVALID', `${option} must be a redis://HOST:PORT (or rediss://) URL, got ${String(url)}`, {
      issues: [{ path: option, message: 'must be a redis:// URL', received: String(url) }],
    });
  }
  return url as string;
}

/** Credentials stay out of messages. */
export function safeUrl(url: string): string {
  const u = new URL(url);
  u.password = '';
  u.username = '';
  return u.toString();
}

/**
 * A client that retries commands until Redis answers again (BullMQ needs
 * `maxRetriesPerRequest: null`), after a first connection within CONNECT_TIMEOUT_MS.
 */
export async function connect(url: string, name: string): Promise<Redis> {
  const client = new Redis(url, { maxRetriesPerRequest: null, connectionName: name, lazyConnect: true });
  // Reconnection is ioredis's job; an 'error' event without a listener would end the process.
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
      }),
    ]);
    return client;
  } catch (err) {
    client.disconnect();
    throw new IcdError('E_QUEUE_UNAVAILABLE', `cannot reach Redis at ${safeUrl(url)}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
