/**
 * Loading through artifact/load.ts: a damaged file is refused with the section
 * named (build: 'never'), or rebuilt with a line saying why (build: 'auto'), by
 * loadEngine and createPool alike; load options are validated like detect's.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readHeader, verifyArtifact } from '../../src/artifact/read.js';
import { loadEngine, type LoadOptions } from '../../src/engine.js';
import { createPool } from '../../src/workers/pool.js';
import { INDEX, ORDER_2099, TABULAR } from '../lexicon/fixtures.js';
import { orderLine } from '../lexicon/helpers.js';
import { assertDistFresh, syntheticArtifactFile } from '../helpers/pool-fixtures.js';

const fails = async (p: Promise<unknown>) => p.then(() => { throw new Error('resolved'); }, (err: unknown) => err as { code: string; message: string; issues: Array<{ path: string }> });

/** A copy of the synthetic artifact with its largest section overwritten (up to 4 KB from its middle). */
function damagedCopy(): { path: string; section: string } {
  const path = syntheticArtifactFile();
  const bytes = readFileSync(path);
  const header = readHeader(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  const largest = header.sections.reduce((a, b) => (b.length > a.length ? b : a));
  const at = largest.offset + Math.floor(largest.length / 2);
  bytes.fill(0xa5, at, Math.min(largest.offset + largest.length, at + 4096));
  writeFileSync(path, bytes);
  return { path, section: largest.name };
}

beforeAll(() => assertDistFresh());

describe('loading a damaged artifact', () => {
  it("build: 'never' rejects with E_ARTIFACT_INVALID naming the section", async () => {
    const { path, section } = damagedCopy();
    const err = await fails(loadEngine({ artifactPath: path, build: 'never' }));
    expect(err.code).toBe('E_ARTIFACT_INVALID');
    expect(err.message).toBe(`artifact section ${section} is corrupt: does not match its hash`);
    expect(err.issues[0]?.path).toBe(section);
  });

  it('createPool({ artifactPath }) rejects it too, before starting threads', async () => {
    const err = await fails(createPool({ artifactPath: damagedCopy().path, threads: 1 }));
    expect(err.code).toBe('E_ARTIFACT_INVALID');
  });

  it("build: 'auto' rebuilds it from the release, saying why", async () => {
    const release = mkdtempSync(join(tmpdir(), 'icd10cm-release-'));
    const order = ORDER_2099.map(([code, billable, long], i) => orderLine(i + 1, code, billable, long.slice(0, 60), long)).join('\r\n') + '\r\n';
    await writeFile(join(release, 'icd10cm_order_2099.txt'), order);
    await writeFile(join(release, 'icd-10-cm-tabular-2099.xml.gz'), gzipSync(TABULAR));
    await mkdir(join(release, 'index'));
    await writeFile(join(release, 'index', 'icd10cm_index_2099.xml'), INDEX);
    const artifactPath = join(mkdtempSync(join(tmpdir(), 'icd10cm-auto-')), 'lexicon.bin');
    const lines: string[] = [];
    const options: LoadOptions = { artifactPath, release, log: (l) => lines.push(l) };
    await loadEngine(options); // missing: built
    expect(lines[0]).toMatch(/no compiled lexicon yet/);
    const bytes = readFileSync(artifactPath);
    const at = bytes.length - 64;
    bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(artifactPath, bytes);
    lines.length = 0;
    const engine = await loadEngine(options);
    expect(lines[0]).toMatch(/\(the file is damaged: artifact section [\w.]+ is corrupt: does not match its hash\)/);
    expect(engine.lookup('A10.0')?.code).toBe('A10.0');
    const rebuilt = readFileSync(artifactPath);
    expect(() => verifyArtifact(rebuilt.buffer.slice(rebuilt.byteOffset, rebuilt.byteOffset + rebuilt.length))).not.toThrow();
    // Loading again finds nothing to do.
    lines.length = 0;
    await loadEngine(options);
    expect(lines).toEqual([]);
  });
});

describe('load options', () => {
  it('rejects unknown and ill-typed options, naming each', async () => {
    const err = await fails(loadEngine({ bogus: 1, build: 'sometimes', artifactPath: 7 } as unknown as LoadOptions));
    expect(err.code).toBe('E_OPTION_INVALID');
    expect(err.issues.map((i) => i.path).sort()).toEqual(['artifactPath', 'bogus', 'build']);
  });

  it('an artifactPath naming a directory is a clear option error, not EISDIR', async () => {
    const err = await fails(loadEngine({ artifactPath: tmpdir(), build: 'never' }));
    expect(err.code).toBe('E_OPTION_INVALID');
    expect(err.message).toMatch(/artifactPath names a directory/);
  });
});
