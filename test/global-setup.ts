/**
 * Builds the real artifact once, before any test file runs, so parallel test
 * files never race to build it. Uses the release search order of the CLI
 * (ICD10CM_RELEASE, then the shipped data/icd10cm/release). A failure here is
 * reported but not fatal: unit tests on synthetic lexicons still run, and the
 * tests that need the real artifact fail with the loader's own error.
 */
import { loadEngine } from '../src/engine.js';

export default async function setup(): Promise<void> {
  try {
    await loadEngine({ build: 'auto', log: (line) => process.stderr.write(`[global-setup] ${line}\n`) });
  } catch (err) {
    process.stderr.write(`[global-setup] could not prepare the real artifact: ${err instanceof Error ? err.message : String(err)}\n`);
  }
}
