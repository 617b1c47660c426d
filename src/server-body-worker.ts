/**
 * The thread that turns request bodies into values for src/server.ts: it
 * collects a body's bytes as they arrive, then checks the UTF-8 and parses the
 * JSON. On a 10 MB body those two steps cost 100-300 ms of CPU; here they do
 * not hold up the server's own thread, so /health and other requests are
 * answered meanwhile. The parsed value goes back by structured clone (a copy
 * at memcpy speed). See server-body.ts for the protocol.
 */
import { parentPort } from 'node:worker_threads';
import type { BodyReply, BodyMessage } from './server-body.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const bodies = new Map<number, Uint8Array[]>();
const port = parentPort;
if (port === null) throw new Error('server-body-worker.js runs as a worker thread');

port.on('message', (m: BodyMessage) => {
  if (m.kind === 'chunk') {
    let chunks = bodies.get(m.id);
    if (chunks === undefined) bodies.set(m.id, (chunks = []));
    chunks.push(m.bytes);
    return;
  }
  const chunks = bodies.get(m.id) ?? [];
  bodies.delete(m.id);
  if (m.kind === 'drop') return;
  port.postMessage(parse(m.id, chunks));
});

function parse(id: number, chunks: Uint8Array[]): BodyReply {
  let text: string;
  try {
    text = utf8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
  } catch {
    return { id, ok: false, message: 'request body is not valid UTF-8' };
  }
  chunks.length = 0;
  try {
    return { id, ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const at = err instanceof Error ? /position (\d+)/.exec(err.message)?.[1] : undefined;
    return { id, ok: false, message: `request body is not valid JSON${at === undefined ? '' : ` (at character ${at})`}` };
  }
}
