/**
 * Where things live on disk: the package root (found from this module, so it
 * works from src/ under vitest and from dist/src/ when installed), the default
 * artifact path, and the ICD-10-CM release folder search order.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'icd10cm-detect') return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the icd10cm-detect package root');
    dir = up;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
export const DEFAULT_ARTIFACT = join(PACKAGE_ROOT, 'data', 'icd10cm', 'icd10cm.bin');
export const USER_RELEASE_DIR = join(PACKAGE_ROOT, 'data', 'icd10cm', 'release');
export const SHARED_RELEASE_DIR = resolve(PACKAGE_ROOT, '..', 'shared', 'icd10cm');

/** Project data files (relative to the package root) whose content shapes the artifact. */
export const PROJECT_DATA_FILES = [
  'data/text/abbreviations.json',
  'data/text/spelling.json',
  'data/text/stopwords.json',
  'data/text/roman.json',
  'data/text/stem-exceptions.json',
  'data/text/generic-terms.json',
  'data/text/synonyms.json',
  'data/text/site-words.json',
  'data/text/head-first.json',
  'data/text/index-references.json',
  'data/text/function-words.json',
  'data/text/word-classes.json',
  'data/text/neoplasm-forms.json',
  'data/text/phrasings.json',
  // The review tables in the artifact are worked out at build time from this wording.
  'data/text/review-wording.json',
  'src/lexicon/project-terms.ts',
  'src/lexicon/phrasings.ts',
  'data/text/ambiguous-abbreviations.json',
  'src/search/build.ts',
  'data/search/expansions.json',
  // The normaliser decides which words a term compiles to: a change to it must
  // rebuild the artifact. These are absent from an installed package, where
  // BUILDER_VERSION covers code changes instead.
  'src/text/word.ts',
  'src/text/tokenize.ts',
  'src/text/tokens.ts',
] as const;

export const DOWNLOAD_HINT =
  `The package ships a release in ${USER_RELEASE_DIR}; if it was removed, restore it, or run ` +
  '`icd10cm fetch-release --year FY` to download one from CMS, or put the release files from CMS ' +
  '(https://www.cms.gov/medicare/coding-billing/icd-10-codes) or NCHS (https://ftp.cdc.gov/pub/Health_Statistics/NCHS/Publications/ICD10CM/) ' +
  'in a folder and pass --release DIR (or set ICD10CM_RELEASE).';

export interface ReleaseChoice {
  dir: string;
  /** Which rule found it, for messages. */
  via: '--release' | 'ICD10CM_RELEASE' | 'data/icd10cm/release' | '../shared/icd10cm';
}

function looksLikeRelease(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => /order|tabular|index/i.test(f));
  } catch {
    return false;
  }
}

/**
 * First existing release folder in the documented order, or undefined: the
 * shipped folder is the default, and ../shared/icd10cm (where the shipped files
 * come from, in the project's own checkout layout) is the last resort.
 */
export function findRelease(explicit?: string): ReleaseChoice | undefined {
  if (explicit !== undefined) return { dir: resolve(explicit), via: '--release' };
  const env = process.env['ICD10CM_RELEASE'];
  if (env !== undefined && env !== '') return { dir: resolve(env), via: 'ICD10CM_RELEASE' };
  if (looksLikeRelease(USER_RELEASE_DIR)) return { dir: USER_RELEASE_DIR, via: 'data/icd10cm/release' };
  if (looksLikeRelease(SHARED_RELEASE_DIR)) return { dir: SHARED_RELEASE_DIR, via: '../shared/icd10cm' };
  return undefined;
}
