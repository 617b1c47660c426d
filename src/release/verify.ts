/**
 * The build's check of the release files it reads: each file's size and
 * SHA-256 against the manifest in its folder. A listed file that does not match
 * stops the build (a damaged copy, or an edited one, would compile into codes
 * nobody published). A file no manifest lists is read and reported as
 * unchecked, so a release downloaded by hand still builds.
 */
import { basename, dirname, join } from 'node:path';
import { IcdError, type Issue } from '../errors.js';
import type { SourceFile } from '../artifact/format.js';
import { MANIFEST_NAME, readManifest, type Manifest } from './manifest.js';

export interface SourceCheck {
  /** Files read whose size and SHA-256 match a manifest, with the manifest that lists them. */
  verified: Array<{ file: string; manifest: string }>;
  /** Files read that no manifest lists. */
  unchecked: string[];
}

/**
 * Checks `sources` (names relative to `root`) against the MANIFEST.json of
 * their folder; a file its folder's manifest does not list may still match
 * `shipped` (the package's own manifest) by hash, as a copy of the shipped
 * release does. Throws E_RELEASE_INVALID listing every mismatch.
 */
export function verifySources(root: string, sources: readonly SourceFile[], shipped?: { manifest: Manifest; label: string }): SourceCheck {
  const manifests = new Map<string, Manifest | undefined>();
  const manifestOf = (folder: string): Manifest | undefined => {
    if (!manifests.has(folder)) manifests.set(folder, readManifest(join(root, folder)));
    return manifests.get(folder);
  };
  const check: SourceCheck = { verified: [], unchecked: [] };
  const issues: Issue[] = [];
  for (const s of sources) {
    const folder = dirname(s.name);
    const label = folder === '.' ? MANIFEST_NAME : `${folder}/${MANIFEST_NAME}`;
    const entry = manifestOf(folder)?.files.find((f) => f.name === basename(s.name));
    if (entry !== undefined) {
      if (entry.bytes === s.bytes && entry.sha256 === s.sha256) check.verified.push({ file: s.name, manifest: label });
      else {
        issues.push({
          path: s.name,
          message: `does not match ${label}`,
          expected: `${entry.bytes} bytes, sha256 ${entry.sha256}`,
          received: `${s.bytes} bytes, sha256 ${s.sha256}`,
        });
      }
      continue;
    }
    if (shipped?.manifest.files.some((f) => f.sha256 === s.sha256 && f.bytes === s.bytes)) check.verified.push({ file: s.name, manifest: shipped.label });
    else check.unchecked.push(s.name);
  }
  if (issues.length > 0) {
    throw new IcdError(
      'E_RELEASE_INVALID',
      `${issues.length} release file(s) differ from their manifest: ${issues.map((i) => i.path).join(', ')} (a damaged or edited copy; restore the published file)`,
      { issues },
    );
  }
  return check;
}
