/**
 * Terms the project adds on top of the release (build time): abbreviations from
 * data/text/abbreviations.json. Entries whose code is not in the release are
 * skipped, so a new fiscal year never makes the build emit an invalid code.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import type { Lexicon, TermRecord } from './types.js';

interface AbbreviationFile {
  format: number;
  entries: Array<{ abbr: string; code: string; sense: string }>;
}

export function readAbbreviations(): AbbreviationFile {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/abbreviations.json'), 'utf8')) as AbbreviationFile;
}

export function projectTerms(lexicon: Lexicon): TermRecord[] {
  const known = new Set(lexicon.codes.map((c) => c.code));
  return readAbbreviations()
    .entries.filter((e) => known.has(e.code))
    .map((e) => ({ text: e.abbr, code: e.code, source: 'abbreviation' as const }));
}
