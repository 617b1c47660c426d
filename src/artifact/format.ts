/**
 * The compiled lexicon file. Layout:
 *   bytes 0..7   magic "ICD10AC\0"
 *   bytes 8..11  format version (u32 LE)
 *   bytes 12..15 header length H (u32 LE)
 *   bytes 16..   header JSON (UTF-8), zero-padded to a multiple of 8
 *   then         sections, each 8-byte aligned, as described by header.sections
 * Sections are raw little-endian typed arrays, mapped back as views over one
 * (Shared)ArrayBuffer: loading parses only the header. The sections follow each
 * other with no gaps (each starts at the 8-aligned end of the one before, the
 * last ends at the end of the file), so every body byte belongs to exactly one
 * section and its hash: a damaged byte is always reported with its section.
 */
import { createHash } from 'node:crypto';

export interface SourceFile {
  /** File name as found, e.g. `icd10cm_tabular_2023.xml.gz`. */
  name: string;
  role: 'order' | 'tabular' | 'index' | 'external-cause' | 'drug' | 'neoplasm';
  fiscalYear: number;
  bytes: number;
  sha256: string;
  /** Entry read inside the archive `name`, e.g. `icd10cm_order_2026.txt`; `bytes`/`sha256` are the archive's. */
  member?: string;
  /** sha256 of the content read when it differs from the file as found (.gz, archive member). */
  contentSha256?: string;
}

/** Facts about a code for `icd10cm lookup`, from the Tabular List. */
export interface TabularInfo {
  chapter?: { id: string; description: string };
  block?: { id: string; description: string };
  category?: { code: string; description: string };
  inclusionTerms: string[];
  excludes1: string[];
  excludes2: string[];
  notes: string[];
  codeFirst: string[];
  useAdditionalCode: string[];
  codeAlso: string[];
  /** "Includes" notes of the code (kept apart from `notes`, which are free-text instructions). */
  includes?: string[];
  /** 7th characters defined at this code (`sevenChrDef`), which its descendants inherit. */
  sevenChr?: { char: string; description: string }[];
}

export const MAGIC = 'ICD10AC\0';
export const FORMAT_VERSION = 3;
/** Bump when the compiler's output changes for the same sources. */
export const BUILDER_VERSION = '0.9.1';
export const PREAMBLE_BYTES = 16;

export type SectionType = 'u8' | 'i32' | 'u32' | 'f32';

export interface SectionEntry {
  name: string;
  type: SectionType;
  /** Byte offset from the start of the file. */
  offset: number;
  /** Element count. */
  length: number;
  /**
   * sha256 of the section's bytes and its zero padding up to the next 8-byte
   * boundary. Absent in artifacts of builders before 0.8.0 (then only
   * `bodySha256` is checked).
   */
  sha256?: string;
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
  /**
   * sha256 of this header's JSON as written without this field (the writer's
   * key order), so a damaged header value is caught too. Written last.
   */
  headerSha256?: string;
}

export type TypedArray = Uint8Array | Int32Array | Uint32Array | Float32Array;

export function sectionTypeOf(a: TypedArray): SectionType {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  return 'f32';
}

export const align8 = (n: number): number => (n + 7) & ~7;

/** sha256 of a header's JSON without its `headerSha256` (JSON.stringify keeps the writer's key order). */
export function headerHash(header: ArtifactHeader): string {
  const { headerSha256: _omitted, ...rest } = header;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}
