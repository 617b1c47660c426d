/**
 * The record mode (`detectManyRecords`): worker threads parse raw JSONL lines,
 * detect and serialise, and the pool hands back the bytes in input order.
 * The bytes never depend on the thread count or batch size, agree with the
 * object mode record for record, keep error records in place with their line
 * numbers, and every format carries the same spans and codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import type { OutputFormat } from '../../src/output/format.js';
import { createPool, type ByteRecord, type Pool, type RecordInput } from '../../src/workers/pool.js';
import { assertDistFresh, syntheticEngine } from '../helpers/pool-fixtures.js';

const TEXTS = [
  'Type 2 diabetes mellitus with diabetic chronic kidney disease and essential hypertension.',
  'No evidence of pneumonia. History of MI.',
  'Mother had heart failure; patient denies COPD.',
  'café 🙂 acute systolic congestive heart failure\r\nand diabetes',
  '',
];

const jsonl = (s: string): RecordInput => ({ jsonl: Buffer.from(s), line: 0 });

/** A mixed input: JSONL lines (good and bad) and document objects, with each one's line number. */
function inputs(n: number): RecordInput[] {
  const out: RecordInput[] = [];
  for (let i = 0; i < n; i++) {
    const text = `${TEXTS[i % TEXTS.length] as string} note ${i}`.repeat(1 + (i % 7));
    const kind = i % 11;
    let item: RecordInput;
    if (kind === 3) item = jsonl(`{"id": "broken-${i}", "text": `);
    else if (kind === 5) item = { jsonl: Buffer.concat([Buffer.from(`{"id":"u${i}","text":"caf`), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), line: 0 };
    else if (kind === 7) item = jsonl(JSON.stringify({ id: i, text: 42 }));
    else if (kind === 8) item = { id: { n: i }, text };
    else if (kind === 9) item = { id: `e${i}`, error: { code: 'E_INPUT_INVALID', message: 'upstream read failed' } };
    else if (kind === 10) item = jsonl(JSON.stringify({ text: `${text}\u0000` }));
    else item = jsonl(JSON.stringify({ id: `n${i}`, text: i % 13 === 0 ? '' : text }));
    if ('jsonl' in item) item = { ...item, line: i + 1, idPrefix: i % 2 === 0 ? 'f.jsonl:' : '' };
    out.push(item);
  }
  return out;
}

let engine: Engine;
let pools: Array<{ name: string; pool: Pool }>;

beforeAll(async () => {
  assertDistFresh();
  engine = syntheticEngine();
  pools = [
    { name: '1 thread', pool: await createPool({ engine, threads: 1 }) },
    { name: '2 threads, 300-char batches', pool: await createPool({ engine, threads: 2, batchChars: 300 }) },
    { name: '3 threads, 1-char batches', pool: await createPool({ engine, threads: 3, batchChars: 1 }) },
  ];
});

afterAll(async () => {
  await Promise.all(pools.map((p) => p.pool.close()));
});

async function run(pool: Pool, items: RecordInput[], options: Parameters<Pool['detectManyRecords']>[1] = {}): Promise<ByteRecord[]> {
  const out: ByteRecord[] = [];
  for await (const r of pool.detectManyRecords(items, options)) out.push(r);
  return out;
}

const text = (records: ByteRecord[]) => Buffer.concat(records.map((r) => r.bytes)).toString('utf8');

describe('record mode', () => {
  const items = inputs(120);

  it('gives the same bytes for every thread count, batch size and format', async () => {
    for (const format of ['full', 'compact', 'codes'] as OutputFormat[]) {
      for (const maxCandidates of [5, 1]) {
        const outs = [];
        for (const { pool } of pools) outs.push(text(await run(pool, items, { format, maxCandidates })));
        expect(outs[0]?.split('\n').length).toBe(items.length + 1);
        for (const o of outs) expect(o).toBe(outs[0]);
      }
    }
  }, 120_000);

  it('agrees with the object mode, record for record', async () => {
    const pool = (pools[1] as { pool: Pool }).pool;
    const docs = [];
    for (let i = 0; i < 60; i++) docs.push({ id: i % 4 === 0 ? `d${i}` : i, text: `${TEXTS[i % TEXTS.length] as string} ${i}` });
    const objects = [];
    for await (const r of pool.detectMany(docs)) objects.push(r);
    const expected = objects.map((r) => `${JSON.stringify(r)}\n`).join('');
    expect(text(await run(pool, docs))).toBe(expected);
    // The same documents as JSONL lines, parsed in the workers.
    const lines = docs.map((d, i) => ({ jsonl: Buffer.from(JSON.stringify(d)), line: i + 1 }));
    expect(text(await run(pool, lines))).toBe(expected);
    // Strings: the same text.
    const strings = [];
    for await (const r of pool.detectManyRecords(lines, { as: 'string' })) strings.push(r.text);
    expect(strings.join('')).toBe(expected);
  }, 60_000);

  it('keeps error records in their places, with their line numbers and ids', async () => {
    const records = await run((pools[2] as { pool: Pool }).pool, items);
    expect(records).toHaveLength(items.length);
    records.forEach((r, i) => {
      const rec = JSON.parse(Buffer.from(r.bytes).toString('utf8')) as { id: unknown; ok: boolean; spans?: unknown[]; error?: { code: string; message: string } };
      const prefix = i % 2 === 0 ? 'f.jsonl:' : '';
      const kind = i % 11;
      expect(r.ok).toBe(rec.ok);
      if (kind === 3) expect(rec).toEqual({ id: `${prefix}line:${i + 1}`, ok: false, error: { code: 'E_INPUT_INVALID', message: expect.stringMatching(new RegExp(`^line ${i + 1} is not valid JSON`)) } });
      else if (kind === 5) expect(rec).toEqual({ id: `${prefix}line:${i + 1}`, ok: false, error: { code: 'E_INPUT_INVALID', message: `line ${i + 1} is not valid UTF-8` } });
      else if (kind === 7) expect(rec).toEqual({ id: i, ok: false, error: { code: 'E_INPUT_INVALID', message: `line ${i + 1}: "text" must be a string, got number` } });
      else if (kind === 9) expect(rec).toEqual({ id: `e${i}`, ok: false, error: { code: 'E_INPUT_INVALID', message: 'upstream read failed' } });
      else if (kind === 10) expect(rec).toEqual({ id: `${prefix}line:${i + 1}`, ok: false, error: { code: 'E_INPUT_INVALID', message: expect.stringContaining('NUL') } });
      else {
        expect(rec.id).toEqual(kind === 8 ? { n: i } : `n${i}`);
        expect(rec.ok).toBe(true);
        expect(r.spans).toBe(rec.spans?.length);
      }
    });
  }, 60_000);

  it('gives compact and codes records the full record spans, thinner, and honours maxCandidates', async () => {
    const pool = (pools[0] as { pool: Pool }).pool;
    const parse = (records: ByteRecord[]) => text(records).trimEnd().split('\n').map((l) => JSON.parse(l) as { ok: boolean; spans?: Array<Record<string, unknown>> });
    const full = parse(await run(pool, items, { maxCandidates: 2 }));
    const compact = parse(await run(pool, items, { maxCandidates: 2, format: 'compact' }));
    const codes = parse(await run(pool, items, { maxCandidates: 2, format: 'codes' }));
    let spans = 0;
    full.forEach((f, i) => {
      if (!f.ok) {
        expect(compact[i]).toEqual(f);
        expect(codes[i]).toEqual(f);
        return;
      }
      const fs = f.spans as Array<{ start: number; end: number; text: string; score: number; concepts: Array<{ code: string; billable: boolean; score: number }>; assertions: unknown; rules: unknown; section: unknown }>;
      spans += fs.length;
      for (const s of fs) expect(s.concepts.length).toBeLessThanOrEqual(2);
      expect(compact[i]?.spans).toEqual(
        fs.map((s) => ({ start: s.start, end: s.end, text: s.text, score: s.score, concepts: s.concepts.map((c) => ({ code: c.code, billable: c.billable, score: c.score })), assertions: s.assertions, rules: s.rules, section: s.section })),
      );
      expect(codes[i]?.spans).toEqual(fs.map((s) => ({ start: s.start, end: s.end, codes: s.concepts.map((c) => c.code) })));
    });
    expect(spans).toBeGreaterThan(50);
  }, 60_000);

  it('keeps memory bounded on a long stream: the window, not the input, limits what is held', async () => {
    const pool = (pools[0] as { pool: Pool }).pool;
    const total = 30_000;
    let pulled = 0;
    let received = 0;
    let most = 0;
    async function* source(): AsyncGenerator<RecordInput> {
      for (let i = 0; i < total; i++) {
        pulled++;
        most = Math.max(most, pulled - received);
        yield { jsonl: Buffer.from(JSON.stringify({ id: i, text: `essential hypertension ${i}` })), line: i + 1 };
      }
    }
    for await (const r of pool.detectManyRecords(source(), { format: 'codes' })) {
      expect(r.ok).toBe(true);
      received++;
      // A consumer slower than the reader: the window fills, and the reader must wait.
      if (received % 500 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(received).toBe(total);
    // One thread: 4 batches of at most 1024 documents in the window, plus the batch being filled.
    expect(most).toBeLessThanOrEqual(4 * 1024 + 1024 + 1);
  }, 120_000);

  it('reuses the buffers of records handed back with recycle, and the bytes stay the same', async () => {
    const pool = (pools[1] as { pool: Pool }).pool;
    const expected = text(await run(pool, items));
    const before = pool.stats.recycledBuffers;
    const handedBack: Uint8Array[] = [];
    const copies: Buffer[] = [];
    for (let round = 0; round < 3; round++) {
      for await (const r of pool.detectManyRecords(items)) {
        // A copy first: recycled bytes must not be read again.
        copies.push(Buffer.from(r.bytes));
        pool.recycle(r.bytes);
        handedBack.push(r.bytes);
      }
      expect(Buffer.concat(copies.splice(0)).toString('utf8')).toBe(expected);
    }
    expect(pool.stats.recycledBuffers).toBeGreaterThan(before);
    // A buffer that went back to a worker has moved: the views of it here are empty.
    expect(handedBack.some((b) => b.byteLength === 0)).toBe(true);
  }, 60_000);

  it('keeps the other records of a batch intact when one is handed back twice, or bytes it never gave are handed in', async () => {
    const pool = (pools[0] as { pool: Pool }).pool;
    const docs = Array.from({ length: 20 }, (_, i) => ({ id: i, text: `essential hypertension ${i}` }));
    const first = await run(pool, docs);
    const kept = first.map((r) => Buffer.from(r.bytes).toString('utf8'));
    // One record of the batch, many times, and bytes of no batch: its buffer must not go back while the others are out.
    for (let k = 0; k < 25; k++) pool.recycle((first[0] as ByteRecord).bytes);
    pool.recycle(Buffer.from('{"id":1}\n'));
    await run(pool, docs);
    await run(pool, docs);
    first.slice(1).forEach((r, i) => expect(Buffer.from(r.bytes).toString('utf8')).toBe(kept[i + 1]));
  }, 60_000);

  it('rejects bad record options naming them', async () => {
    const pool = (pools[0] as { pool: Pool }).pool;
    // @ts-expect-error: a format that does not exist
    await expect(run(pool, items, { format: 'xml' })).rejects.toMatchObject({ code: 'E_OPTION_INVALID', issues: [{ path: 'format' }] });
  });
});
