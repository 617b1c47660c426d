/** `icd10cm fetch-release --year FY [--from URL|DIR] [--into DIR] [--trust-unknown] [--timeout S] [--no-build] [--out FILE]` */
import { isAbsolute, relative } from 'node:path';
import { DEFAULT_ARTIFACT, USER_RELEASE_DIR } from '../paths.js';
import { fetchRelease, FETCH_DEFAULTS } from '../release/fetch.js';
import { CMS_BASE_URL } from '../release/shipped.js';
import { intOption, parse, UsageError } from './args.js';
import { EXIT } from './exit-codes.js';

export const FETCH_HELP = `icd10cm fetch-release --year FY [--from URL|DIR] [--into DIR] [--trust-unknown] [--timeout S] [--no-build] [--out FILE]
  Downloads a fiscal year's "Code Descriptions in Tabular Order" and "Code Tables, Tabular and Index" zips,
  checks their SHA-256 against the known hashes, extracts the files the build reads, then rebuilds the artifact.
  --year FY         fiscal year, e.g. 2027 or FY2027
  --from URL|DIR    base URL or folder holding the zips under CMS's names (default ${CMS_BASE_URL})
  --into DIR        release folder to fill (default data/icd10cm/release/FY<year>/, which the default release search reads)
  --trust-unknown   accept a zip whose SHA-256 is not known, and print it to record
  --timeout S       seconds to wait for a connection or for more bytes (default ${FETCH_DEFAULTS.timeoutMs / 1000})
  --no-build        fetch only; the next detect or build-data compiles it
  --out FILE        artifact to rebuild (default data/icd10cm/icd10cm.bin in the package)`;

export async function fetchReleaseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    year: { type: 'string' },
    from: { type: 'string' },
    into: { type: 'string' },
    'trust-unknown': { type: 'boolean' },
    timeout: { type: 'string' },
    'no-build': { type: 'boolean' },
    out: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const yearText = values['year'] as string | undefined;
  if (yearText === undefined) throw new UsageError('--year is required, e.g. --year 2027');
  const m = /^(?:FY)?(\d{4})$/i.exec(yearText);
  if (m === null) throw new UsageError(`--year must be a fiscal year such as 2027 or FY2027, got ${yearText}`);
  const timeout = intOption(values['timeout'], 'timeout');
  const into = values['into'] as string | undefined;
  const from = values['from'] as string | undefined;
  const fetched = await fetchRelease({
    fiscalYear: Number(m[1]),
    ...(from === undefined ? {} : { from }),
    ...(into === undefined ? {} : { into }),
    trustUnknown: values['trust-unknown'] === true,
    ...(timeout === undefined ? {} : { timeoutMs: timeout * 1000 }),
  });
  process.stderr.write(`icd10cm: FY${m[1]} release in ${fetched.dir}: ${fetched.manifest.files.map((f) => f.name).join(', ')}\n`);
  // A year fetched into the shipped folder is built together with it (the newest file of each kind wins);
  // one fetched elsewhere is built alone, and is used from then on only where --release or ICD10CM_RELEASE names it.
  const rel = relative(USER_RELEASE_DIR, fetched.dir);
  const inShipped = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  const releaseDir = inShipped ? USER_RELEASE_DIR : fetched.dir;
  if (!inShipped) process.stderr.write(`icd10cm: to keep using it when the artifact is rebuilt, pass --release ${fetched.dir} or set ICD10CM_RELEASE\n`);
  if (values['no-build'] === true) return EXIT.OK;
  const out = (values['out'] as string | undefined) ?? DEFAULT_ARTIFACT;
  process.stderr.write(`icd10cm: building ${out} from ${releaseDir}\n`);
  // Loaded here, not with the CLI, as in build-data.ts.
  const { buildArtifact } = await import('../build.js');
  const result = await buildArtifact(releaseDir, out);
  process.stdout.write(`${result.report}\n`);
  return EXIT.OK;
}
