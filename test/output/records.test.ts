/**
 * The pure "JSONL bytes in, record bytes out" function a queue worker calls:
 * the same records as the pool's record mode, lines numbered as the CLI
 * numbers them (LF, CRLF and lone CR end a line; blank lines are skipped).
 */
import { describe, expect, it } from 'vitest';
import { DETECT_DEFAULTS } from '../../src/options.js';
import { detectJsonl, type RecordJob } from '../../src/output/records.js';
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
