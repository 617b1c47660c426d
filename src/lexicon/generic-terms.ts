/** Loads data/text/generic-terms.json as normalised words (build time). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { termWords } from '../text/tokens.js';

export function genericWords(): Set<string> {
  const file = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'data/text/generic-terms.json'), 'utf8')) as { words: string[] };
  return new Set(file.words.flatMap((w) => termWords(w)));
}
