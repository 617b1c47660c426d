/**
 * Integral signs and symptoms (I.B.5): a symptom routinely associated with a
 * confirmed diagnosis coded in the same document is set aside
 * (data/coding/integral.json). Symptoms of an uncertain diagnosis set aside in
 * the outpatient setting stay coded (IV.H), as no confirmed diagnosis explains them.
 */
import { inAny } from './codes.js';
import type { IntegralData } from './data.js';
import type { Ledger } from './ledger.js';
import { RULES } from './rules.js';

export function integralSymptoms(ledger: Ledger, data: IntegralData): void {
  for (const a of data.associations) {
    const diagnosis = ledger.entries.find((e) => inAny(e.code, a.diagnoses));
    if (diagnosis === undefined) continue;
    for (const e of ledger.entries) if (e !== diagnosis && inAny(e.code, a.symptoms)) ledger.drop(e.code, RULES.integral, diagnosis.code);
  }
}
