/**
 * The pure "JSONL bytes in, record bytes out" function a queue worker calls:
 * the same records as the pool's record mode, lines numbered as the CLI
 * numbers them (LF, CRLF and lone CR end a line; blank lines are skipped).
 */
import { describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS } from '../../src/options.js';
import { detectJsonl, encodeRecords, Utf8Sink, type RecordItem, type RecordJob } from '../../src/output/records.js';
import { syntheticEngine } from '../helpers/pool-fixtures.js';

const engine = syntheticEngine();
const job: RecordJob = { options: DETECT_DEFAULTS, format: { format: 'full', pretty: false }, fields: { id: 'id', text: 'text' }, maxDocumentChars: 40 };
const lines = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('detectJsonl', () => {
  it('gives one record per non-blank line, in order, with line numbers across LF, CRLF and CR', () => {
    const input = Buffer.from(['{"id":"a","text":"essential hypertension"}', '', '{"id":"b","text":"COPD"}\r', '{"bad"', '   ', '{"text":"MI"}', `{"id":"long","text":"${'MI '.repeat(20)}"}`].join('\n').replace('\r\n', '\r'));
    const out = lines(detectJsonl(engine, input, job));
    expect(out).toEqual([
      { id: 'a', ok: true, spans: JSON.parse(JSON.stringify(engine.detect('essential hypertension'))) },
      { id: 'b', ok: true, spans: JSON.parse(JSON.stringify(engine.detect('COPD'))) },
      { id: 'line:4', ok: false, error: { code: 'E_INPUT_INVALID', message: expect.stringMatching(/^line 4 is not valid JSON/) } },
      { id: 'line:6', ok: true, spans: JSON.parse(JSON.stringify(engine.detect('MI'))) },
      { id: 'long', ok: false, error: { code: 'E_INPUT_TOO_LARGE', message: 'document is 60 characters; the limit (maxDocumentChars) is 40' } },
    ]);
  });

  it('numbers lines from firstLine and prefixes ids, for a chunk of a longer stream', () => {
    const out = lines(detectJsonl(engine, Buffer.from('{"id":1,"text":"COPD"}\n{"text":"MI"}\n'), { ...job, format: { format: 'codes', pretty: false } }, 101, 'part-2:'));
    expect(out.map((r) => r['id'])).toEqual([1, 'part-2:line:102']);
    expect(out[0]?.['spans']).toEqual(engine.detect('COPD').map((s) => ({ start: s.start, end: s.end, codes: s.concepts.map((c) => c.code) })));
  });
});

describe('encodeRecords into a reused sink', () => {
  const batch = (texts: string[]): { items: RecordItem[]; lines: Uint8Array } => {
    const enc = texts.map((t, i) => Buffer.from(JSON.stringify({ id: i, text: t })));
    const items: RecordItem[] = [];
    let at = 0;
    for (const [i, e] of enc.entries()) {
      items.push({ no: i + 1, prefix: '', start: at, end: at + e.length });
      at += e.length;
    }
    return { items, lines: Buffer.concat(enc) };
  };

  it('gives the bytes a fresh buffer gives, batch after batch, growing past its start size', () => {
    const sink = new Utf8Sink(1024);
    const big = { ...job, maxDocumentChars: 1e6 };
    for (const texts of [['essential hypertension', 'COPD'], ['MI '.repeat(300), 'no COPD'], ['MI']]) {
      const { items, lines } = batch(texts);
      const fresh = encodeRecords(engine, items, lines, big);
      const reused = encodeRecords(engine, items, lines, big, sink);
      expect(Buffer.from(reused.bytes).equals(Buffer.from(fresh.bytes))).toBe(true);
      expect([...reused.offsets]).toEqual([...fresh.offsets]);
      expect([...reused.spans]).toEqual([...fresh.spans]);
    }
    expect(sink.bytes.length).toBeGreaterThan(1024);
  });

  it('lets go of a buffer grown past the limit instead of holding it', () => {
    const sink = new Utf8Sink(1024);
    sink.push('x'.repeat(100_000));
    const grown = sink.bytes.length;
    expect(grown).toBeGreaterThan(64 * 1024);
    sink.reset(grown);
    expect(sink.bytes.length).toBe(grown); // within the limit: kept for the next batch
    sink.reset(4096);
    expect(sink.length).toBe(0);
    expect(sink.bytes.length).toBe(64 * 1024);
  });
});

