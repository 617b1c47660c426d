/**
 * What the benchmark suites must produce, committed in benchmarks/expectations.json
 * rather than computed by the code being timed: per corpus, the leftmost-longest
 * match count of the naive reference matcher, and for each detect variant the
 * span total and a SHA-256 over every span's (start, end, top code, assertion
 * flags). A suite that got faster by answering wrongly fails, even with the
 * right count.
 *
 * A change that alters the output on purpose refreshes the file in the same
 * commit, saying why:  npm run bench -- --update-expectations
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DetectOptions, Span } from '../src/types.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import type { Corpus } from './corpus.js';
import type { EngineSource } from './engine-source.js';
import { NaiveMatcher, scanParts, termList } from './matchers.js';

export const EXPECTATIONS_FILE = join(PACKAGE_ROOT, 'benchmarks', 'expectations.json');
export const UPDATE_COMMAND = 'npm run bench -- --update-expectations';

/** The detect variants the suites time, with their options. */
export const VARIANTS = {
  detect: {},
  'detect context:false': { context: false },
  'detect refine:false': { refine: false },
} as const satisfies Record<string, DetectOptions>;
export type Variant = keyof typeof VARIANTS;

export interface Digest {
  spans: number;
  sha256: string;
}

export type CorpusExpectation = { match: number } & Record<Variant, Digest>;

export interface ExpectationFile {
  format: 1;
  about: string;
  /** The artifact the values were recorded with, to say why they may differ. */
  artifact: { builder: string; codesFiscalYear: number; fiscalYears: Record<string, number>; projectDataHash: string };
  corpora: Record<string, CorpusExpectation>;
}

/** How a corpus is named in the file: name and size, so a quick run's sample has entries of its own. */
export function corpusKey(corpus: Corpus): string {
  return `${corpus.name} (${corpus.docs.length} docs)`;
}

const FLAGS = ['negated', 'uncertain', 'hypothetical', 'historical', 'family'] as const;

/** Span total and hash of one pass: documents in order, each span as start, end, top code and flags. */
export function digest(perDoc: ReadonlyArray<readonly Span[]>): Digest {
  const h = createHash('sha256');
  let spans = 0;
  perDoc.forEach((doc, i) => {
    for (const s of doc) {
      const a = s.assertions;
      const flags = a === undefined ? '-' : FLAGS.map((f) => (a[f] ? '1' : '0')).join('');
      h.update(`${i}\t${s.start}\t${s.end}\t${s.concepts[0]?.code ?? ''}\t${flags}\n`);
      spans++;
    }
  });
  return { spans, sha256: h.digest('hex') };
}

/** The values for one corpus: the reference matcher's count, and one untimed pass per detect variant (recording only). */
export function recordExpectation(src: EngineSource, corpus: Corpus, reference = referenceMatcher(src)): CorpusExpectation {
  const { naive, tokenizer } = reference;
  let match = 0;
  for (const d of corpus.docs) {
    const tok = tokenizer.tokenize(d.text);
    match += naive.countLeftmostLongest(tok.ids, tok.count);
  }
  const out = { match } as CorpusExpectation;
  for (const [name, options] of Object.entries(VARIANTS) as Array<[Variant, DetectOptions]>) {
    out[name] = digest(corpus.docs.map((d) => src.engine.detect(d.text, options)));
  }
  return out;
}

/** The naive matcher over the artifact's terms (hundreds of MB for the real one: build it once per recording). */
export function referenceMatcher(src: EngineSource): { naive: NaiveMatcher; tokenizer: ReturnType<typeof scanParts>['tokenizer'] } {
  const { vocab, tokenizer } = scanParts(src.lexicon);
  return { naive: new NaiveMatcher(termList(src.lexicon, vocab).ids), tokenizer };
}

export function readExpectations(path = EXPECTATIONS_FILE): ExpectationFile {
  let file: ExpectationFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as ExpectationFile;
  } catch (cause) {
    throw new Error(`cannot read the benchmark expectations ${path}; record them with \`${UPDATE_COMMAND}\``, { cause });
  }
  if (file.format !== 1) throw new Error(`${path}: unsupported format ${String(file.format)}`);
  return file;
}

/** The committed values for a corpus; a corpus without any is an error, never a pass. */
export function expectationFrom(file: ExpectationFile, src: EngineSource): (corpus: Corpus) => CorpusExpectation {
  return (corpus) => {
    const e = file.corpora[corpusKey(corpus)];
    if (e === undefined) throw new Error(`no committed expectation for ${corpusKey(corpus)} in benchmarks/expectations.json; record it with \`${UPDATE_COMMAND}\``);
    const h = src.lexicon.header;
    if (h.builder !== file.artifact.builder || h.projectDataHash !== file.artifact.projectDataHash) {
      // Not an error by itself (the answers may be the same), but a mismatch below is then expected: say so up front.
      process.stderr.write(`bench: expectations were recorded with builder ${file.artifact.builder}; this artifact is ${h.builder} (project data ${h.projectDataHash === file.artifact.projectDataHash ? 'same' : 'changed'})\n`);
    }
    return e;
  };
}

export function writeExpectations(src: EngineSource, corpora: readonly Corpus[], path = EXPECTATIONS_FILE): ExpectationFile {
  const h = src.lexicon.header;
  const file: ExpectationFile = {
    format: 1,
    about: `Expected benchmark answers, recorded by \`${UPDATE_COMMAND}\` (benchmarks/expectations.ts): per corpus, the naive reference matcher's leftmost-longest match count, and per detect variant the span total and a SHA-256 over each span's start, end, top code and assertion flags. The suites fail on any other answer.`,
    artifact: { builder: h.builder, codesFiscalYear: h.codesFiscalYear, fiscalYears: h.fiscalYears, projectDataHash: h.projectDataHash },
    corpora: ((reference) => Object.fromEntries(corpora.map((c) => [corpusKey(c), recordExpectation(src, c, reference)])))(referenceMatcher(src)),
  };
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
  return file;
}

/** Collects every wrong answer of a suite, so one run names them all. */
export class AnswerCheck {
  readonly problems: string[] = [];

  count(label: string, expected: number, actual: number): void {
    if (expected !== actual) this.problems.push(`count mismatch in ${label}: expected ${expected}, got ${actual}`);
  }

  digest(label: string, expected: Digest, actual: Digest): void {
    if (expected.spans !== actual.spans || expected.sha256 !== actual.sha256) {
      this.problems.push(
        `answer mismatch in ${label}: expected ${expected.spans} spans sha256 ${expected.sha256.slice(0, 12)}, got ${actual.spans} spans sha256 ${actual.sha256.slice(0, 12)}`,
      );
    }
  }

  /** Runs a check that throws (CountRecorder.verify), keeping its message. */
  run(check: () => void): void {
    try {
      check();
    } catch (err) {
      this.problems.push(err instanceof Error ? err.message : String(err));
    }
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new Error(`${this.problems.join('; ')} (if the change is deliberate: ${UPDATE_COMMAND})`);
  }
}
