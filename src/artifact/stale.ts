/**
 * Is an artifact still what a build would produce? Kept apart from the build
 * code so that the check, which runs on every start, loads no release reader.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT, PROJECT_DATA_FILES } from '../paths.js';
import { BUILDER_VERSION, FORMAT_VERSION, type ArtifactHeader } from './format.js';

/** Hash of the project's own data files that shape the artifact. */
export function projectDataHash(): string {
  const h = createHash('sha256');
  for (const f of PROJECT_DATA_FILES) {
    const path = join(PACKAGE_ROOT, f);
    if (existsSync(path)) h.update(f).update(readFileSync(path)).update('\0');
  }
  return h.digest('hex');
}

/**
 * Why an artifact no longer matches what a build would produce, or null when it
 * is current. Compares cheap facts only (versions, source names and sizes, data
 * hash), so it can run on every CLI start.
 */
export function staleReason(header: ArtifactHeader, releaseDir: string | undefined): string | null {
  if (header.format !== FORMAT_VERSION) return `artifact format ${header.format} != ${FORMAT_VERSION}`;
  if (header.builder !== BUILDER_VERSION) return `built by ${header.builder}, this is ${BUILDER_VERSION}`;
  if (header.projectDataHash !== projectDataHash()) return 'project term data changed';
  if (releaseDir !== undefined) {
    for (const s of header.sources) {
      let size: number;
      try {
        size = statSync(join(releaseDir, s.name)).size;
      } catch {
        continue; // a release moved elsewhere is not a reason to rebuild
      }
      if (size !== s.bytes) return `${s.name} changed since the build`;
    }
  }
  return null;
}
