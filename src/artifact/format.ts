/**
 * The compiled lexicon file. Layout:
 *   bytes 0..7   magic "ICD10AC\0"
 *   bytes 8..11  format version (u32 LE)
 *   bytes 12..15 header length H (u32 LE)
 *   bytes 16..   header JSON (UTF-8), zero-padded to a multiple of 8
 *   then         sections, each 8-byte aligned, as described by header.sections
 * Sections are raw little-endian typed arrays, mapped back as views over one
 * (Shared)ArrayBuffer: loading parses only the header.
 */
import type { SourceFile } from '../lexicon/types.js';

export const MAGIC = 'ICD10AC\0';
export const FORMAT_VERSION = 3;
/** Bump when the compiler's output changes for the same sources. */
export const BUILDER_VERSION = '0.8.0';
export const PREAMBLE_BYTES = 16;

export type SectionType = 'u8' | 'i32' | 'u32' | 'f32';

export interface SectionEntry {
  name: string;
  type: SectionType;
  /** Byte offset from the start of the file. */
  offset: number;
  /** Element count. */
  length: number;
}

export interface ArtifactHeader {
  format: number;
  builder: string;
  /** Fiscal year of the order file that defines the code set. */
  codesFiscalYear: number;
  /** Fiscal year of each source role, e.g. { order: 2026, tabular: 2023 }. */
  fiscalYears: Record<string, number>;
  sources: SourceFile[];
  /** Hash of the project's own term data files (abbreviations...), so edits rebuild. */
  projectDataHash: string;
  counts: {
    codes: number;
    billableCodes: number;
    terms: number;
    patterns: number;
    states: number;
    vocabulary: number;
  };
  /** sha256 of every byte after the header, for `verify`. */
  bodySha256: string;
  sections: SectionEntry[];
}

export type TypedArray = Uint8Array | Int32Array | Uint32Array | Float32Array;

export function sectionTypeOf(a: TypedArray): SectionType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  return 'f32';
}

export const align8 = (n: number): number => (n + 7) & ~7;
