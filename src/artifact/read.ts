/**
 * Maps an artifact's sections as typed-array views over one buffer. The buffer
 * may be a SharedArrayBuffer so worker threads read the same memory.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { IcdError } from '../errors.js';
import { FORMAT_VERSION, MAGIC, PREAMBLE_BYTES, type ArtifactHeader, type TypedArray } from './format.js';

export interface LoadedArtifact {
  header: ArtifactHeader;
  buffer: ArrayBufferLike;
  section<T extends TypedArray>(name: string): T;
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
    const size = fstatSync(fd).size;
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

/** Parses and checks the header only; cheap enough to run on every start. */
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
  if (PREAMBLE_BYTES + headerLength > bytes.length) throw new IcdError('E_ARTIFACT_INVALID', 'artifact is truncated (header)');
  let header: ArtifactHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.slice(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength))) as ArtifactHeader;
  } catch (err) {
    throw new IcdError('E_ARTIFACT_INVALID', 'artifact header is not valid JSON', { cause: err });
  }
  for (const s of header.sections ?? []) {
    const width = s.type === 'u8' ? 1 : 4;
    if (s.offset % 8 !== 0 || s.offset + s.length * width > bytes.length) {
      throw new IcdError('E_ARTIFACT_INVALID', `artifact section ${s.name} lies outside the file (truncated?)`);
    }
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
      if (s === undefined) throw new IcdError('E_ARTIFACT_INVALID', `artifact has no section ${name}`);
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

/** Full integrity check: recomputes the body hash. Costs a pass over the file. */
export function verifyArtifact(buffer: ArrayBufferLike): void {
  const header = readHeader(buffer);
  const first = header.sections.reduce((m, s) => Math.min(m, s.offset), Number.POSITIVE_INFINITY);
  const body = new Uint8Array(buffer).slice(Number.isFinite(first) ? first : 0);
  const hash = createHash('sha256').update(body).digest('hex');
  if (hash !== header.bodySha256) throw new IcdError('E_ARTIFACT_INVALID', 'artifact body does not match its hash (corrupt file)');
}
