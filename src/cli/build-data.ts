/** `icd10cm build-data [--release DIR] [--out FILE]` */
import { IcdError } from '../errors.js';
import { DEFAULT_ARTIFACT, DOWNLOAD_HINT, findRelease } from '../paths.js';
import { parse } from './args.js';
import { EXIT } from './exit-codes.js';

export const BUILD_HELP = `icd10cm build-data [--release DIR] [--out FILE]
  Compiles an ICD-10-CM release into the lexicon artifact.
  --release DIR  release folder (default: $ICD10CM_RELEASE, data/icd10cm/release/, ../shared/icd10cm)
  --out FILE     artifact path (default: data/icd10cm/icd10cm.bin in the package)`;

export async function buildDataCommand(args: string[]): Promise<number> {
  const { values } = parse(args, { release: { type: 'string' }, out: { type: 'string' } });
  const release = findRelease(values['release'] as string | undefined);
  if (release === undefined) throw new IcdError('E_RELEASE_NOT_FOUND', `no ICD-10-CM release found. ${DOWNLOAD_HINT}`);
  const out = (values['out'] as string | undefined) ?? DEFAULT_ARTIFACT;
  process.stderr.write(`icd10cm: reading release from ${release.dir} (found via ${release.via})\n`);
  // Loaded here, not with the CLI: the release readers and their English model cost
  // every other command (detect, serve, worker) about 0.2 s of start-up.
  const { buildArtifact } = await import('../build.js');
  const result = await buildArtifact(release.dir, out);
  process.stdout.write(`${result.report}\n`);
  process.stdout.write(
    `time: read ${result.seconds.read.toFixed(1)} s, compile ${result.seconds.compile.toFixed(1)} s, total ${result.seconds.total.toFixed(1)} s\n`,
  );
  return EXIT.OK;
}
