/**
 * The release that ships in data/icd10cm/release/ and where CMS publishes new
 * ones: the zip names of a fiscal year live here and nowhere else.
 */
import { USER_RELEASE_DIR } from '../paths.js';
import { readManifest, type DownloadKind, type KnownDownload, type Manifest } from './manifest.js';

/** The folder on the CMS site that serves each year's ICD-10-CM zips. */
export const CMS_BASE_URL = 'https://www.cms.gov/files/zip/';
/** The page that lists them ("ICD-10 Files"). */
export const CMS_PAGE = 'https://www.cms.gov/medicare/coding-billing/icd-10-codes';

/**
 * The two zips of a fiscal year that hold what the build reads, as CMS names
 * them for FY2025 to FY2027. Earlier years carry suffixes such as
 * "-updated-01/11/2023"; fetch those by hand, or serve them under these names
 * from a mirror (--from).
 */
export function cmsZipNames(fiscalYear: number): Record<DownloadKind, string> {
  return {
    'code-descriptions': `${fiscalYear}-code-descriptions-tabular-order.zip`,
    'code-tables': `${fiscalYear}-code-tables-tabular-and-index.zip`,
  };
}

/** The shipped manifest, labelled for reports; undefined where an install left it out. */
export function shippedManifest(): { manifest: Manifest; label: string } | undefined {
  const manifest = readManifest(USER_RELEASE_DIR);
  return manifest === undefined ? undefined : { manifest, label: 'the shipped data/icd10cm/release/MANIFEST.json' };
}

/** The CMS zips whose size and SHA-256 are known. */
export function knownDownloads(): KnownDownload[] {
  return shippedManifest()?.manifest.downloads ?? [];
}
