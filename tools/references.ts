/**
 * `node dist/tools/references.js [--release DIR] [--class WHY]`: the index
 * see-references that give no code, one tab-separated line each (class, file,
 * entry path, reference), then a count per class on standard error. For
 * finding the next class of references worth resolving; the build report only
 * prints the counts.
 */
import { realpathSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { readRelease } from '../src/lexicon/release.js';
import { UNRESOLVED_CLASSES } from '../src/lexicon/references.js';
import { findRelease } from '../src/paths.js';

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { release: { type: 'string' }, class: { type: 'string' } } });
  const wanted = values.class;
  if (wanted !== undefined && !(UNRESOLVED_CLASSES as readonly string[]).includes(wanted)) {
    process.stderr.write(`--class must be one of: ${UNRESOLVED_CLASSES.join(', ')}\n`);
    return 2;
  }
  const release = findRelease(values.release);
  if (release === undefined) {
    process.stderr.write('no ICD-10-CM release found (--release DIR)\n');
    return 3;
  }
  const refs = (await readRelease(release.dir)).report.references;
  if (refs === undefined) return 0;
  for (const u of refs.unresolvedList) {
    if (wanted === undefined || u.why === wanted) process.stdout.write(`${u.why}\t${u.file}\t${u.from}\t${u.reference}\n`);
  }
  for (const why of UNRESOLVED_CLASSES) process.stderr.write(`${why}: ${refs.unresolvedByClass[why] ?? 0}\n`);
  return 0;
}

if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
