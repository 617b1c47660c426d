/**
 * Seeded generator of synthetic clinical notes for benchmarks and golden tests.
 * The notes have the shape of real ones (section headers, numbered lists, vitals,
 * medication lines, negated and family mentions, abbreviations) but say nothing
 * about anyone: diagnoses are drawn from the compiled lexicon's own terms, the
 * rest from small fixed phrase lists. Same seed and term list, same notes.
 *
 *   node dist/tools/gen-notes.js [--seed N] [--count N] [--min BYTES] [--max BYTES]
 *                                [--artifact FILE] [--out DIR]
 *
 * writes DIR/note-0000.txt ... (default benchmarks/corpus/synthetic, git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CompiledLexicon } from '../src/artifact/model.js';
import { readArtifactFile } from '../src/artifact/read.js';
import { DEFAULT_ARTIFACT, PACKAGE_ROOT } from '../src/paths.js';
import type { TermSource } from '../src/types.js';

/** mulberry32: a 32-bit state PRNG, plenty for picking phrases; returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GenOptions {
  seed: number;
  count: number;
  /** Target size range in UTF-8 bytes; sizes are log-uniform in [minBytes, maxBytes]. */
  minBytes: number;
  maxBytes: number;
  /** Diagnosis phrases to mention (e.g. from diagnosisTerms). Must not be empty. */
  terms: readonly string[];
}

export interface SyntheticNote {
  id: string;
  text: string;
}

// Sources whose terms read like something a clinician writes.
const NOTE_SOURCES: ReadonlySet<TermSource> = new Set(['description', 'short-description', 'inclusion', 'index', 'abbreviation']);

/**
 * Up to `limit` distinct diagnosis phrases from a compiled lexicon: the top
 * candidate term of evenly spaced patterns, skipping drug and external-cause
 * terms and very long ones. Deterministic for a given artifact.
 */
export function diagnosisTerms(lexicon: CompiledLexicon, limit = 5000): string[] {
  const patterns = lexicon.patStart.length - 1;
  const step = Math.max(1, Math.floor(patterns / (limit * 2)));
  const seen = new Set<string>();
  for (let p = 0; p < patterns && seen.size < limit; p += step) {
    const row = lexicon.patStart[p] as number;
    if (row >= (lexicon.patStart[p + 1] as number)) continue;
    if (!NOTE_SOURCES.has(lexicon.sourceOf(row))) continue;
    const term = lexicon.terms.get(lexicon.candTerm[row] as number);
    if (term.length < 4 || term.length > 90 || /[\[\]{}]/.test(term)) continue;
    seen.add(term);
  }
  return [...seen];
}

const ABBREVIATIONS = ['HTN', 'DM2', 'CHF', 'COPD', 'CAD', 'CKD', 'GERD', 'OSA', 'AFib', 'HLD', 'BPH', 'UTI', 'MI', 'TIA', 'PVD'];
const COMPLAINTS = ['chest pain', 'shortness of breath', 'abdominal pain', 'fever and chills', 'productive cough', 'headache', 'dizziness', 'back pain', 'leg swelling', 'fatigue'];
const SYMPTOMS = ['chest pain', 'palpitations', 'syncope', 'nausea', 'vomiting', 'diarrhea', 'hematuria', 'melena', 'orthopnea', 'fever', 'weight loss', 'night sweats'];
const RELATIVES = ['Mother', 'Father', 'Sister', 'Brother', 'Maternal grandmother', 'Paternal uncle'];
const MEDS = ['metformin 500 mg PO BID', 'lisinopril 10 mg PO daily', 'atorvastatin 40 mg PO qHS', 'metoprolol succinate 25 mg PO daily', 'furosemide 40 mg PO daily', 'albuterol 90 mcg 2 puffs q4h PRN', 'aspirin 81 mg PO daily', 'insulin glargine 20 units SC qHS', 'omeprazole 20 mg PO daily', 'apixaban 5 mg PO BID'];
const PLANS = ['continue current regimen', 'follow up in 2 weeks', 'check BMP and CBC in the morning', 'cardiology consult', 'repeat chest X-ray', 'titrate dose as tolerated', 'patient education provided', 'return precautions discussed'];
const EXAM = ['Lungs clear to auscultation bilaterally.', 'Regular rate and rhythm, no murmurs.', 'Abdomen soft, non-tender, non-distended.', '2+ pitting edema to the mid shin bilaterally.', 'Alert and oriented x3.', 'No focal neurological deficits.'];

class Writer {
  private readonly parts: string[] = [];
  private bytes = 0;
  constructor(
    readonly rnd: () => number,
    private readonly terms: readonly string[],
  ) {}
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)] as T;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  dx(): string {
    const t = this.pick(this.terms);
    // Release terms start with a capital; notes mostly write them in lower case.
    return this.rnd() < 0.7 ? t.toLowerCase() : t;
  }
  line(s = ''): void {
    this.parts.push(s, '\n');
    this.bytes += Buffer.byteLength(s) + 1;
  }
  get size(): number {
    return this.bytes;
  }
  text(): string {
    return this.parts.join('');
  }
}

function vitals(w: Writer): string {
  return `BP ${w.int(98, 178)}/${w.int(56, 104)}, HR ${w.int(52, 128)}, T ${(36 + w.int(0, 28) / 10).toFixed(1)}, RR ${w.int(12, 28)}, SpO2 ${w.int(88, 100)}% on RA`;
}

function hpi(w: Writer): string {
  const age = w.int(19, 94);
  const sex = w.pick(['male', 'female', 'man', 'woman']);
  const hx = [w.pick(ABBREVIATIONS), w.pick(ABBREVIATIONS), w.dx()].join(', ');
  const s = [
    `${age}-year-old ${sex} with a history of ${hx} who presents with ${w.pick(COMPLAINTS)} for ${w.int(1, 14)} days.`,
    `Patient denies ${w.pick(SYMPTOMS)} and ${w.pick(SYMPTOMS)}.`,
    `Workup was notable for ${w.dx()}; no evidence of ${w.dx()}.`,
    w.rnd() < 0.5 ? `Possible ${w.dx()}, to be ruled out.` : `He reports prior ${w.dx()} treated ${w.int(2, 15)} years ago.`,
  ];
  return s.join(' ');
}

function addSection(w: Writer, kind: number): void {
  switch (kind % 9) {
    case 0:
      w.line(`Chief complaint: ${w.pick(COMPLAINTS)}.`);
      break;
    case 1:
      w.line('History of present illness:');
      w.line(hpi(w));
      break;
    case 2: {
      w.line('Past medical history:');
      const n = w.int(2, 6);
      for (let i = 1; i <= n; i++) w.line(`${i}. ${w.rnd() < 0.3 ? w.pick(ABBREVIATIONS) : w.dx()}`);
      break;
    }
    case 3:
      w.line(`Family history: ${w.pick(RELATIVES)} with ${w.dx()}. ${w.pick(RELATIVES)} had ${w.dx()}. No family history of ${w.dx()}.`);
      break;
    case 4: {
      w.line('Medications:');
      const n = w.int(2, 7);
      for (let i = 1; i <= n; i++) w.line(`${i}. ${w.pick(MEDS)}`);
      break;
    }
    case 5:
      w.line(`Vitals: ${vitals(w)}.`);
      break;
    case 6:
      w.line(`Physical exam: ${w.pick(EXAM)} ${w.pick(EXAM)} ${w.pick(EXAM)}`);
      break;
    case 7:
      w.line(`Review of systems: negative for ${w.pick(SYMPTOMS)}, ${w.pick(SYMPTOMS)} and ${w.pick(SYMPTOMS)}. Positive for ${w.pick(SYMPTOMS)}.`);
      break;
    default: {
      w.line('Assessment and plan:');
      const n = w.int(2, 5);
      for (let i = 1; i <= n; i++) w.line(`${i}. ${w.dx()} - ${w.pick(PLANS)}; ${w.pick(PLANS)}.`);
      break;
    }
  }
  w.line();
}

/** `count` notes; note i's size target and content depend only on (seed, i, terms). */
export function generateNotes(opts: GenOptions): SyntheticNote[] {
  if (opts.terms.length === 0) throw new Error('generateNotes: the term list is empty');
  if (!(opts.minBytes > 0 && opts.maxBytes >= opts.minBytes)) throw new Error('generateNotes: need 0 < minBytes <= maxBytes');
  const notes: SyntheticNote[] = [];
  for (let i = 0; i < opts.count; i++) {
    const rnd = mulberry32((opts.seed * 0x9e3779b1 + i) >>> 0);
    const target = opts.minBytes * Math.pow(opts.maxBytes / opts.minBytes, rnd());
    const w = new Writer(rnd, opts.terms);
    // A note opens with the usual sections in order; longer notes repeat
    // progress-note style sections (HPI, exam, vitals, plan) until the size is reached.
    for (let k = 0; k < 9 && w.size < target; k++) addSection(w, k);
    while (w.size < target) addSection(w, w.pick([1, 5, 6, 7, 8, 2]));
    notes.push({ id: `note-${String(i).padStart(4, '0')}`, text: w.text() });
  }
  return notes;
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function main(args: string[]): void {
  const num = (name: string, dflt: number): number => {
    const v = argValue(args, name);
    const n = v === undefined ? dflt : Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got ${String(v)}`);
    return n;
  };
  const artifact = resolve(argValue(args, '--artifact') ?? DEFAULT_ARTIFACT);
  const out = resolve(argValue(args, '--out') ?? join(PACKAGE_ROOT, 'benchmarks', 'corpus', 'synthetic'));
  const terms = diagnosisTerms(new CompiledLexicon(readArtifactFile(artifact)));
  const notes = generateNotes({ seed: num('--seed', 1), count: num('--count', 100), minBytes: num('--min', 1024), maxBytes: num('--max', 51200), terms });
  mkdirSync(out, { recursive: true });
  for (const n of notes) writeFileSync(join(out, `${n.id}.txt`), n.text);
  process.stdout.write(`wrote ${notes.length} notes to ${out} (${terms.length} diagnosis terms from ${artifact})\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`gen-notes: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}
