/**
 * Finding and opening release files. File names change between years
 * (icd10cm_tabular_2023.xml, icd-10-cm-tabular-2025.xml, zips of either), so a
 * file's role is read from its content: the XML root and heading, or the fixed
 * width layout of an order file. Names only supply a fiscal year where the
 * content has none (order files carry no version line).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Issue } from '../errors.js';
import { IcdError } from '../errors.js';
import type { SourceFile } from './types.js';

const gunzipAsync = promisify(gunzip);

export type Role = SourceFile['role'];

export interface ReleaseFile {
  source: SourceFile;
  /** Decoded content (decompressed when the file was .gz or inside a .zip). */
  text: string;
}

export interface Candidates {
  /** Newest file of each role found. */
  chosen: Map<Role, ReleaseFile>;
  /** Files of a known role that lost to a newer one (or, in the same year, to an earlier name). */
  ignored: string[];
}

/** Folders below the release folder that are searched too (an unpacked zip, say). */
const MAX_DEPTH = 2;
/** First line of an order file: order number, code, billable flag, short title. */
const ORDER_LINE = /^\d{5} [A-Z][0-9A-Z][0-9A-Z]{1,5} *[01] \S/;

export async function findReleaseFiles(dir: string): Promise<Candidates> {
  let info;
  try {
    info = await stat(dir);
  } catch (cause) {
    throw new IcdError('E_RELEASE_NOT_FOUND', `release folder not found: ${dir}`, {
      cause,
      issues: [{ path: dir, message: 'no such folder' }],
    });
  }
  if (!info.isDirectory()) {
    throw new IcdError('E_RELEASE_NOT_FOUND', `not a folder: ${dir}`, { issues: [{ path: dir, message: 'not a folder' }] });
  }
  const paths = await listFiles(dir, 0);
  const issues: Issue[] = [];
  // Files are opened in parallel: gunzip runs on the libuv pool, so a 2-core machine overlaps them.
  const opened = await Promise.all(paths.map((p) => openFile(dir, p, issues)));
  if (issues.length > 0) {
    issues.sort((a, b) => cmp(a.path, b.path)); // pushed in completion order
    throw new IcdError('E_RELEASE_INVALID', `${issues.length} release file(s) could not be read`, { issues });
  }
  return choose(opened.flat());
}

async function listFiles(dir: string, depth: number): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const e of entries.sort((a, b) => cmp(a.name, b.name))) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    // A release folder may be a set of links into a download cache.
    const kind = e.isSymbolicLink() ? await stat(p).catch(() => undefined) : e;
    if (kind?.isDirectory() && depth < MAX_DEPTH) out.push(...(await listFiles(p, depth + 1)));
    else if (kind?.isFile()) out.push(p);
  }
  return out;
}

/** A file (or archive member) whose role is known; its content is decoded only if it is chosen. */
interface Opened {
  found: { name: string; bytes: number; sha256: string };
  member: string | undefined;
  content: Uint8Array;
  role: Role;
  fiscalYear: number;
}

async function openFile(root: string, path: string, issues: Issue[]): Promise<Opened[]> {
  const name = relative(root, path).split('\\').join('/');
  const lower = name.toLowerCase();
  if (!/\.(zip|gz|xml|txt)$/.test(lower)) return [];
  try {
    const bytes = new Uint8Array(await readFile(path));
    const found = { name, bytes: bytes.length, sha256: sha(bytes) };
    if (lower.endsWith('.zip')) {
      const members = unzipSync(bytes, { filter: (f) => isMember(f.name) });
      const out: Opened[] = [];
      for (const member of Object.keys(members).sort(cmp)) {
        const o = classify(found, member, members[member] as Uint8Array);
        if (o) out.push(o);
      }
      return out;
    }
    const content = lower.endsWith('.gz') ? new Uint8Array(await gunzipAsync(bytes)) : bytes;
    const o = classify(found, undefined, content);
    return o ? [o] : [];
  } catch (cause) {
    issues.push({ path: name, message: cause instanceof Error ? cause.message : String(cause) });
    return [];
  }
}

/**
 * Archive members worth inflating. CMS zips hold the order file next to a code
 * list, addenda and PDFs; inflating those (fflate is pure JS) took about half a second for
 * nothing, so text members must be named like an order file. Loose .txt files
 * are still recognised by content alone.
 */
export function isMember(name: string): boolean {
  const base = (name.split('/').pop() ?? name).toLowerCase();
  if (name.startsWith('__MACOSX') || base.startsWith('.')) return false;
  if (base.endsWith('.xml')) return true;
  return base.endsWith('.txt') && base.includes('order') && !base.includes('addenda');
}

function classify(found: Opened['found'], member: string | undefined, content: Uint8Array): Opened | undefined {
  const head = new TextDecoder('utf-8').decode(content.subarray(0, 4096));
  const role = roleOf(head);
  if (!role) return undefined;
  const fiscalYear = versionOf(head) ?? yearIn(member) ?? yearIn(found.name);
  if (fiscalYear === undefined) {
    throw new Error(`cannot tell the fiscal year of ${member ?? found.name}: no <version> and no year in its name`);
  }
  return { found, member, content, role, fiscalYear };
}

function open(o: Opened): ReleaseFile {
  const source: SourceFile = { ...o.found, role: o.role, fiscalYear: o.fiscalYear };
  if (o.member !== undefined) source.member = o.member;
  if (o.member !== undefined || o.found.name.toLowerCase().endsWith('.gz')) source.contentSha256 = sha(o.content);
  return { source, text: decode(o.content) };
}

/** XML is declared UTF-8; old order files were Windows-1252, which UTF-8 decoding would mangle. */
function decode(content: Uint8Array): string {
  const utf8 = new TextDecoder('utf-8').decode(content);
  return utf8.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(content) : utf8;
}

/** What a file is, from its first few kilobytes. */
export function roleOf(head: string): Role | undefined {
  const text = head.replace(/^\uFEFF/, '');
  if (ORDER_LINE.test(text)) return 'order';
  if (/<ICD10CM\.tabular[\s>]/.test(text)) return 'tabular';
  if (!/<ICD10CM\.index[\s>]/.test(text)) return undefined;
  // Drug and neoplasm tables have a column heading and no title; the two indexes have a title.
  const heading = /<indexHeading>([\s\S]*?)(<\/indexHeading>|$)/.exec(text)?.[1];
  if (heading !== undefined) {
    if (/substance|poisoning|adverse/i.test(heading)) return 'drug';
    if (/malignant|neoplasm|benign/i.test(heading)) return 'neoplasm';
    return undefined;
  }
  const title = /<title>([^<]*)<\/title>/.exec(text)?.[1] ?? '';
  return /external\s+cause/i.test(title) ? 'external-cause' : 'index';
}

export function versionOf(head: string): number | undefined {
  const m = /<version>\s*(\d{4})\s*<\/version>/.exec(head);
  return m ? Number(m[1]) : undefined;
}

export function yearIn(name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  const base = name.split('/').pop() ?? name;
  const m = /(?:^|[^0-9])(20\d\d)(?![0-9])/.exec(base);
  return m ? Number(m[1]) : undefined;
}

function choose(opened: Opened[]): Candidates {
  const chosen = new Map<Role, ReleaseFile>();
  const ignored: string[] = [];
  const labelOf = (o: Opened): string => (o.member === undefined ? o.found.name : `${o.found.name}:${o.member}`);
  // Newest year wins; a tie goes to the first name, so the choice never depends on readdir order.
  const sorted = [...opened].sort((a, b) => b.fiscalYear - a.fiscalYear || cmp(labelOf(a), labelOf(b)));
  for (const o of sorted) {
    const prev = chosen.get(o.role);
    if (prev) {
      const why = prev.source.fiscalYear > o.fiscalYear ? `older than FY${prev.source.fiscalYear}` : 'duplicate';
      ignored.push(`${labelOf(o)} (${o.role} FY${o.fiscalYear}, ${why})`);
      continue;
    }
    chosen.set(o.role, open(o));
  }
  ignored.sort(cmp);
  return { chosen, ignored };
}

export function label(s: SourceFile): string {
  return s.member === undefined ? s.name : `${s.name}:${s.member}`;
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Ordinal comparison: locale-independent, so output is the same on every machine. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
