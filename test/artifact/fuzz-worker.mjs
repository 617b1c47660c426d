// Runs artifact fuzz cases in a worker thread, from the compiled dist/ (so that
// the test's thread can stop it if a case never returns). Each case is a damaged
// copy of the artifact: `flip` XORs one byte, `truncate` cuts the file, `fill`
// overwrites a range. Posts one message per case: its outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { checkArtifact } from '../../dist/src/artifact/load.js';
import { loadContextRules } from '../../dist/src/context/index.js';
import { Engine } from '../../dist/src/engine.js';
import { IcdError } from '../../dist/src/errors.js';

const { bytes, cases, verifyHash, text, codes } = workerData;
const rules = loadContextRules();

function damaged(c) {
  const end = c.kind === 'truncate' ? c.at : bytes.length;
  const shared = new SharedArrayBuffer(end);
  const view = new Uint8Array(shared);
  view.set(bytes.subarray(0, end));
  if (c.kind === 'flip') view[c.at] ^= c.xor;
  if (c.kind === 'fill') view.fill(c.value, c.at, c.to);
  return shared;
}

for (let i = 0; i < cases.length; i++) {
  const c = cases[i];
  let outcome;
  try {
    const buffer = damaged(c);
    checkArtifact(buffer, { verifyHash });
    // Accepted: the engine must still answer, or fail with E_ARTIFACT_INVALID.
    const engine = Engine.fromBuffer(buffer, { contextRules: rules, checked: true });
    engine.detect(text);
    engine.detect(text, { match: 'overlapping' });
    for (const code of codes) engine.lookup(code);
    outcome = { accepted: true };
  } catch (err) {
    outcome = err instanceof IcdError ? { accepted: false, code: err.code, path: err.issues[0]?.path ?? null, message: err.message } : { accepted: false, code: 'RAW', message: String(err && err.stack) };
  }
  parentPort.postMessage({ i, ...outcome });
}
