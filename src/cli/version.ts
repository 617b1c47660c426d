/** `icd10cm --version`: the package version and the fiscal years of the artifact the CLI would load. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifactFile, readHeader } from '../artifact/read.js';
import { IcdError } from '../errors.js';
import { DEFAULT_ARTIFACT, PACKAGE_ROOT } from '../paths.js';
import { artifactLoadOptions } from './artifact.js';

export function versionText(): string {
  const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  const named = artifactLoadOptions().artifactPath;
  const path = named ?? DEFAULT_ARTIFACT;
  return `${pkg.name} ${pkg.version}\nartifact ${path}: ${artifactYears(path, named !== undefined)}\n`;
}

function artifactYears(path: string, named: boolean): string {
  if (!existsSync(path)) return named ? 'no such file' : 'not built yet (the first detect, or `icd10cm build-data`, builds it)';
  try {
    const h = readHeader(readArtifactFile(path));
    const years = Object.entries(h.fiscalYears).map(([role, y]) => `${role} FY${y}`).join(', ');
    return `codes FY${h.codesFiscalYear} (${years}); builder ${h.builder}, format ${h.format}`;
  } catch (err) {
    return `unreadable (${err instanceof IcdError ? `${err.code}: ${err.message}` : String(err)})`;
  }
}
