/**
 * Maps an artifact's sections as typed-array views over one buffer. The buffer
 * may be a SharedArrayBuffer so worker threads read the same memory.
 *
 * Every check here fails with E_ARTIFACT_INVALID naming the part that is wrong
 * (the header, or a section by name), so a damaged file is reported, and with
 * `build: 'auto'` rebuilt, instead of being read (artifact/load.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { IcdError } from '../errors.js';
import { SECTION_TYPES } from './sections.js';
import { align8, FORMAT_VERSION, headerHash, MAGIC, PREAMBLE_BYTES, type ArtifactHeader, type SectionEntry, type TypedArray } from './format.js';

export interface LoadedArtifact {
  header: ArtifactHeader;
  buffer: ArrayBufferLike;
  section<T extends TypedArray>(name: string): T;
}

/** E_ARTIFACT_INVALID for one part of the file (`header` or a section name), with that part as the issue path. */
export function corrupt(part: string, why: string, cause?: unknown): IcdError {
  const where = part === 'header' ? 'artifact header' : `artifact section ${part}`;
  return new IcdError('E_ARTIFACT_INVALID', `${where} is corrupt: ${why}`, {
    issues: [{ path: part, message: why }],
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Reads a file straight into a SharedArrayBuffer (one copy, from the kernel). */
export function readArtifactFile(path: string): SharedArrayBuffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw new IcdError('E_ARTIFACT_MISSING', `no compiled lexicon at ${path}; run \`icd10cm build-data\``, { cause: err });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new IcdError('E_ARTIFACT_INVALID', `${path} is not a file (a compiled lexicon is one file)`);
    const size = stat.size;
    const shared = new SharedArrayBuffer(size);
    const view = new Uint8Array(shared);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, view, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return shared;
  } finally {
    closeSync(fd);
  }
}

const TYPES = new Set(['u8', 'i32', 'u32', 'f32']);
const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/**
 * Parses and checks the header: magic, version, the header's own hash, and a
 * layout in which the sections follow each other without gaps up to the end of
 * the file. Cheap (no pass over the body), so it runs on every start.
 */
export function readHeader(buffer: ArrayBufferLike): ArtifactHeader {
  const bytes = new Uint8Array(buffer);
  if (bytes.length < PREAMBLE_BYTES) throw new IcdError('E_ARTIFACT_INVALID', 'artifact is truncated (no header)');
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC.charCodeAt(i)) throw new IcdError('E_ARTIFACT_INVALID', 'not an icd10cm-detect artifact (bad magic)');
  }
  const view = new DataView(buffer as ArrayBuffer);
  const format = view.getUint32(8, true);
  if (format !== FORMAT_VERSION) {
    throw new IcdError('E_ARTIFACT_VERSION', `artifact format ${format} is not supported (this engine reads format ${FORMAT_VERSION}); rebuild with \`icd10cm build-data\``);
  }
  const headerLength = view.getUint32(12, true);
  if (PREAMBLE_BYTES + headerLength > bytes.length) throw corrupt('header', 'the file is shorter than its header (truncated?)');
  let header: ArtifactHeader;
  try {
    // TextDecoder cannot read a view over a SharedArrayBuffer: copy the header.
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength))) as ArtifactHeader;
  } catch (err) {
    throw corrupt('header', 'not valid JSON', err);
  }
  if (header === null || typeof header !== 'object' || !Array.isArray(header.sections)) throw corrupt('header', 'no section list');
  if (header.headerSha256 !== undefined && header.headerSha256 !== headerHash(header)) throw corrupt('header', 'does not match its hash');
  let expected = align8(PREAMBLE_BYTES + headerLength);
  for (let i = PREAMBLE_BYTES + headerLength; i < expected && i < bytes.length; i++) {
    if (bytes[i] !== 0) throw corrupt('header', 'non-zero padding after the header');
  }
  const names = new Set<string>();
  for (const s of header.sections as unknown[]) {
    const e = s as Partial<SectionEntry> | null;
    if (e === null || typeof e !== 'object' || typeof e.name !== 'string') throw corrupt('header', 'a section entry has no name');
    if (names.has(e.name)) throw corrupt('header', `section ${e.name} is listed twice`);
    names.add(e.name);
    if (!TYPES.has(e.type as string) || !isCount(e.offset) || !isCount(e.length)) throw corrupt(e.name, 'bad type, offset or length in the header');
    const end = e.offset + e.length * (e.type === 'u8' ? 1 : 4);
    if (e.offset !== expected) throw corrupt(e.name, `starts at byte ${e.offset}, expected ${expected}`);
    if (end > bytes.length) throw corrupt(e.name, 'lies outside the file (truncated?)');
    expected = align8(end);
  }
  if (header.sections.length > 0 && expected !== bytes.length) {
    const last = (header.sections[header.sections.length - 1] as SectionEntry).name;
    throw corrupt(last, expected > bytes.length ? 'the file ends inside its padding (truncated?)' : `${bytes.length - expected} unexpected bytes after it`);
  }
  return header;
}

export function mapArtifact(buffer: ArrayBufferLike): LoadedArtifact {
  const header = readHeader(buffer);
  const byName = new Map(header.sections.map((s) => [s.name, s]));
  return {
    header,
    buffer,
    section<T extends TypedArray>(name: string): T {
      const s = byName.get(name);
      if (s === undefined) throw corrupt(name, 'missing');
      const want = SECTION_TYPES[name];
      if (want !== undefined && s.type !== want) throw corrupt(name, `has type ${s.type}, expected ${want}`);
      switch (s.type) {
        case 'u8':
          return new Uint8Array(buffer, s.offset, s.length) as T;
        case 'i32':
          return new Int32Array(buffer, s.offset, s.length) as T;
        case 'u32':
          return new Uint32Array(buffer, s.offset, s.length) as T;
        case 'f32':
          return new Float32Array(buffer, s.offset, s.length) as T;
      }
    },
  };
}

/**
 * Full integrity check: recomputes each section's hash (one pass over the
 * body, ~60 ms for the full release) and names the first section that differs.
 * Artifacts written before section hashes existed are checked as one body.
 */
export function verifyArtifact(buffer: ArrayBufferLike): void {
  const header = readHeader(buffer);
  const bytes = new Uint8Array(buffer);
  const sections = header.sections;
  // node:crypto hashes views of a SharedArrayBuffer without copying them.
  const sha = (from: number, to: number) => createHash('sha256').update(bytes.subarray(from, to)).digest('hex');
  if (sections.length > 0 && sections.every((s) => typeof s.sha256 === 'string')) {
    sections.forEach((s, i) => {
      const end = i + 1 < sections.length ? (sections[i + 1] as SectionEntry).offset : bytes.length;
      if (sha(s.offset, end) !== s.sha256) throw corrupt(s.name, 'does not match its hash');
    });
    return;
  }
  const first = sections.reduce((m, s) => Math.min(m, s.offset), Number.POSITIVE_INFINITY);
  if (sha(Number.isFinite(first) ? first : bytes.length, bytes.length) !== header.bodySha256) {
    throw new IcdError('E_ARTIFACT_INVALID', 'artifact body does not match its hash (corrupt file)', { issues: [{ path: 'body', message: 'does not match its hash' }] });
  }
}
