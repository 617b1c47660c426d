/** The shared checks of the project's rule files (data/text/*.json, read by src/text/data-file.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** A rule file as shipped, parsed as plain JSON (tests edit copies of it). */
export function ruleFile(path: string): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(join(PACKAGE_ROOT, path), 'utf8')) as Record<string, Record<string, unknown>>;
}

/** Every rule of a checked file names its source in a sentence, not a word. */
export function expectEveryRuleSourced(checked: object): void {
  for (const [name, rule] of Object.entries(checked)) {
    if (name === 'format' || name === 'description') continue;
    expect((rule as { source: string }).source.length, name).toBeGreaterThan(20);
  }
}
