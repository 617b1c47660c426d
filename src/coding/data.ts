/**
 * The coding data files (data/coding/*.json), read and validated once when an
 * engine is made. Each is `{format: 1, description, sources, ...}`; every entry
 * names one of its file's `sources`; unknown keys are rejected and every
 * problem is reported with its path, all at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IcdError, type Issue } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';
import { parseRange, type CodeRange } from './codes.js';

export interface CourseEntry {
  ranges: CodeRange[];
  name: string;
  /** Index subterm under "History, personal (of)". */
  history?: string;
  source: string;
}

export interface CourseData {
  persists: CourseEntry[];
  resolves: CourseEntry[];
}

export interface HypertensionData {
  hypertension: CodeRange[];
  heartFailure: CodeRange[];
  heartDisease: CodeRange[];
  ckd: CodeRange[];
  lateCkd: CodeRange[];
  combinations: Array<{ heart: 'failure' | 'other' | 'none'; ckd: 'early' | 'late' | 'none'; code: string }>;
}

export interface StatusEntry {
  id: string;
  terms: string[];
  after: string[];
  index: string;
}

export interface DrugEntry {
  id: string;
  index: string;
  names: string[];
}

export interface StatusData {
  statuses: StatusEntry[];
  drugs: DrugEntry[];
  drugCues: string[];
  bmi: { terms: string[]; associated: CodeRange[] };
}

export interface IntegralData {
  associations: Array<{ diagnoses: CodeRange[]; symptoms: CodeRange[]; name: string }>;
}

export interface WithData {
  heads: Array<{ ranges: CodeRange[]; index: string }>;
}

export interface FamilyData {
  entries: Array<{ ranges: CodeRange[]; history: string }>;
}

export interface CodingData {
  with: WithData;
  family: FamilyData;
  course: CourseData;
  hypertension: HypertensionData;
  status: StatusData;
  integral: IntegralData;
}

export const CODING_DATA_DIR = join(PACKAGE_ROOT, 'data/coding');

/** Reads and validates the six files of `dir` (default: the package's data/coding). */
export function loadCodingData(dir: string = CODING_DATA_DIR): CodingData {
  const read = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  return {
    with: parseWith(read('with.json')),
    family: parseFamily(read('family.json')),
    course: parseCourse(read('course.json')),
    hypertension: parseHypertension(read('hypertension.json')),
    status: parseStatus(read('status.json')),
    integral: parseIntegral(read('integral.json')),
  };
}

/** Collects issues while reading one file's shape. */
class Checker {
  readonly issues: Issue[] = [];
  sources = new Set<string>();
  constructor(readonly file: string) {}

  object(v: unknown, path: string, keys: readonly string[], required: readonly string[] = keys): Record<string, unknown> {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.issues.push({ path, message: 'must be an object' });
      return {};
    }
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!keys.includes(k)) this.issues.push({ path: join2(path, k), message: 'unknown key' });
    for (const k of required) if (!(k in o)) this.issues.push({ path: join2(path, k), message: 'required' });
    return o;
  }

  header(v: unknown, keys: readonly string[]): Record<string, unknown> {
    const o = this.object(v, '', ['format', 'description', 'sources', ...keys]);
    if (o.format !== 1) this.issues.push({ path: 'format', message: 'unsupported format', expected: '1', received: String(o.format) });
    if (typeof o.description !== 'string' || o.description.length === 0) this.issues.push({ path: 'description', message: 'provenance description required' });
    const sources = this.object(o.sources, 'sources', Object.keys((o.sources as object | null) ?? {}));
    for (const [k, s] of Object.entries(sources)) {
      if (typeof s !== 'string' || s.length === 0) this.issues.push({ path: `sources.${k}`, message: 'a non-empty citation' });
      else this.sources.add(k);
    }
    return o;
  }

  source(v: unknown, path: string): string {
    if (typeof v !== 'string' || !this.sources.has(v)) this.issues.push({ path, message: 'must name one of the file\'s sources', received: String(v) });
    return String(v);
  }

  string(v: unknown, path: string): string {
    if (typeof v !== 'string' || v.trim().length === 0) this.issues.push({ path, message: 'a non-empty string' });
    return String(v);
  }

  strings(v: unknown, path: string): string[] {
    if (!Array.isArray(v) || v.length === 0 || !v.every((s) => typeof s === 'string' && s.trim().length > 0)) {
      this.issues.push({ path, message: 'a non-empty array of non-empty strings' });
      return [];
    }
    return v as string[];
  }

  ranges(v: unknown, path: string): CodeRange[] {
    const list = this.strings(v, path);
    list.forEach((s, i) => {
      if (!/^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?(-[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?)?$/.test(s)) this.issues.push({ path: `${path}[${i}]`, message: 'a code or a code range (E08-E13)', received: s });
    });
    return list.map(parseRange);
  }

  array(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) {
      this.issues.push({ path, message: 'must be an array' });
      return [];
    }
    return v;
  }

  done<T>(value: T): T {
    if (this.issues.length > 0) {
      throw new IcdError('E_RULES_INVALID', `${this.file}: ${this.issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`, { issues: this.issues });
    }
    return value;
  }
}

function join2(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

export function parseCourse(data: unknown, file = 'course.json'): CourseData {
  const c = new Checker(file);
  const o = c.header(data, ['persists', 'resolves']);
  const entries = (key: 'persists' | 'resolves'): CourseEntry[] =>
    c.array(o[key], key).map((v, i) => {
      const path = `${key}[${i}]`;
      const e = c.object(v, path, ['codes', 'name', 'history', 'source'], ['codes', 'name', 'source']);
      const entry: CourseEntry = { ranges: c.ranges(e.codes, `${path}.codes`), name: c.string(e.name, `${path}.name`), source: c.source(e.source, `${path}.source`) };
      if (e.history !== undefined) entry.history = c.string(e.history, `${path}.history`);
      return entry;
    });
  return c.done({ persists: entries('persists'), resolves: entries('resolves') });
}

export function parseHypertension(data: unknown, file = 'hypertension.json'): HypertensionData {
  const c = new Checker(file);
  const o = c.header(data, ['hypertension', 'heartFailure', 'heartDisease', 'ckd', 'lateCkd', 'combinations']);
  const combinations = c.array(o.combinations, 'combinations').map((v, i) => {
    const path = `combinations[${i}]`;
    const e = c.object(v, path, ['heart', 'ckd', 'code', 'source']);
    if (!['failure', 'other', 'none'].includes(String(e.heart))) c.issues.push({ path: `${path}.heart`, message: "'failure', 'other' or 'none'" });
    if (!['early', 'late', 'none'].includes(String(e.ckd))) c.issues.push({ path: `${path}.ckd`, message: "'early', 'late' or 'none'" });
    c.source(e.source, `${path}.source`);
    return { heart: e.heart as 'failure' | 'other' | 'none', ckd: e.ckd as 'early' | 'late' | 'none', code: c.string(e.code, `${path}.code`) };
  });
  return c.done({
    hypertension: c.ranges(o.hypertension, 'hypertension'),
    heartFailure: c.ranges(o.heartFailure, 'heartFailure'),
    heartDisease: c.ranges(o.heartDisease, 'heartDisease'),
    ckd: c.ranges(o.ckd, 'ckd'),
    lateCkd: c.ranges(o.lateCkd, 'lateCkd'),
    combinations,
  });
}

export function parseStatus(data: unknown, file = 'status.json'): StatusData {
  const c = new Checker(file);
  const o = c.header(data, ['statuses', 'drugs', 'drugCues', 'bmi']);
  const statuses = c.array(o.statuses, 'statuses').map((v, i) => {
    const path = `statuses[${i}]`;
    const e = c.object(v, path, ['id', 'terms', 'after', 'index', 'source']);
    c.source(e.source, `${path}.source`);
    return { id: c.string(e.id, `${path}.id`), terms: c.strings(e.terms, `${path}.terms`), after: c.strings(e.after, `${path}.after`), index: c.string(e.index, `${path}.index`) };
  });
  const drugs = c.array(o.drugs, 'drugs').map((v, i) => {
    const path = `drugs[${i}]`;
    const e = c.object(v, path, ['id', 'index', 'names', 'source']);
    c.source(e.source, `${path}.source`);
    return { id: c.string(e.id, `${path}.id`), index: c.string(e.index, `${path}.index`), names: c.strings(e.names, `${path}.names`) };
  });
  const b = c.object(o.bmi, 'bmi', ['terms', 'associated', 'source']);
  c.source(b.source, 'bmi.source');
  return c.done({ statuses, drugs, drugCues: c.strings(o.drugCues, 'drugCues'), bmi: { terms: c.strings(b.terms, 'bmi.terms'), associated: c.ranges(b.associated, 'bmi.associated') } });
}

export function parseIntegral(data: unknown, file = 'integral.json'): IntegralData {
  const c = new Checker(file);
  const o = c.header(data, ['associations']);
  const associations = c.array(o.associations, 'associations').map((v, i) => {
    const path = `associations[${i}]`;
    const e = c.object(v, path, ['diagnoses', 'symptoms', 'name', 'source']);
    c.source(e.source, `${path}.source`);
    return { diagnoses: c.ranges(e.diagnoses, `${path}.diagnoses`), symptoms: c.ranges(e.symptoms, `${path}.symptoms`), name: c.string(e.name, `${path}.name`) };
  });
  return c.done({ associations });
}

export function parseWith(data: unknown, file = 'with.json'): WithData {
  const c = new Checker(file);
  const o = c.header(data, ['heads']);
  const heads = c.array(o.heads, 'heads').map((v, i) => {
    const path = `heads[${i}]`;
    const e = c.object(v, path, ['codes', 'index', 'source']);
    c.source(e.source, `${path}.source`);
    return { ranges: c.ranges(e.codes, `${path}.codes`), index: c.string(e.index, `${path}.index`) };
  });
  return c.done({ heads });
}

export function parseFamily(data: unknown, file = 'family.json'): FamilyData {
  const c = new Checker(file);
  const o = c.header(data, ['entries']);
  const entries = c.array(o.entries, 'entries').map((v, i) => {
    const path = `entries[${i}]`;
    const e = c.object(v, path, ['codes', 'history', 'source']);
    c.source(e.source, `${path}.source`);
    return { ranges: c.ranges(e.codes, `${path}.codes`), history: c.string(e.history, `${path}.history`) };
  });
  return c.done({ entries });
}
