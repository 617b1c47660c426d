/** Serialises named typed arrays + header into the artifact byte layout (format.ts). */
import { createHash } from 'node:crypto';
import {
  align8,
  headerHash,
  FORMAT_VERSION,
  MAGIC,
  PREAMBLE_BYTES,
  sectionTypeOf,
  type ArtifactHeader,
  type SectionEntry,
  type TypedArray,
} from './format.js';

export type HeaderFields = Omit<ArtifactHeader, 'format' | 'sections' | 'bodySha256' | 'headerSha256'>;

export function writeArtifact(fields: HeaderFields, sections: ReadonlyArray<[string, TypedArray]>): Uint8Array {
  // Lay out the body first: offsets are relative to the body, fixed up below.
  const entries: SectionEntry[] = [];
  let bodyBytes = 0;
  for (const [name, array] of sections) {
    entries.push({ name, type: sectionTypeOf(array), offset: bodyBytes, length: array.length });
    bodyBytes = align8(bodyBytes + array.byteLength);
  }
  const body = new Uint8Array(bodyBytes);
  sections.forEach(([, array], i) => {
    body.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), (entries[i] as SectionEntry).offset);
  });
  const bodySha256 = createHash('sha256').update(body).digest('hex');
  // Each section's hash covers its padding too, so the hashes cover the whole body.
  entries.forEach((e, i) => {
    const end = i + 1 < entries.length ? (entries[i + 1] as SectionEntry).offset : bodyBytes;
    e.sha256 = createHash('sha256').update(body.subarray(e.offset, end)).digest('hex');
  });

  // The header's length depends on the offsets it contains; iterate until stable.
  let headerBytes = new Uint8Array(0);
  let bodyStart = 0;
  for (let guess = 0; guess < 4; guess++) {
    const header: ArtifactHeader = {
      format: FORMAT_VERSION,
      ...fields,
      bodySha256,
      sections: entries.map((e) => ({ ...e, offset: e.offset + bodyStart })),
    };
    header.headerSha256 = headerHash(header);
    headerBytes = new TextEncoder().encode(JSON.stringify(header));
    const next = align8(PREAMBLE_BYTES + headerBytes.length);
    if (next === bodyStart) break;
    bodyStart = next;
  }
  const file = new Uint8Array(bodyStart + body.length);
  const view = new DataView(file.buffer);
  for (let i = 0; i < MAGIC.length; i++) file[i] = MAGIC.charCodeAt(i);
  view.setUint32(8, FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  file.set(headerBytes, PREAMBLE_BYTES);
  file.set(body, bodyStart);
  return file;
}
