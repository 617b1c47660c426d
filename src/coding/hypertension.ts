/**
 * Hypertension with heart disease or chronic kidney disease (I.C.9.a): the
 * classification presumes the causal link, so I10 with heart failure or the
 * heart conditions of I11's includes note, with CKD, or with both, becomes one
 * code of I11, I12 or I13 (data/coding/hypertension.json). Heart failure and
 * the CKD stage stay coded where the combination's Tabular note asks for them.
 */
import { inAny } from './codes.js';
import type { HypertensionData } from './data.js';
import type { Ledger } from './ledger.js';
import { RULES } from './rules.js';
import { asksFor } from './companions.js';

export function hypertensionCombinations(ledger: Ledger, data: HypertensionData): void {
  const kept = ledger.entries;
  // A combination code the note already names ("hypertensive CKD" I12.9) says its own heart and CKD kinds.
  const implied = kept.flatMap((e) => data.combinations.filter((c) => c.code === e.code));
  const htn = kept.filter((e) => inAny(e.code, data.hypertension) || implied.some((c) => c.code === e.code));
  if (htn.length === 0) return;
  const heart = kept.filter((e) => inAny(e.code, data.heartDisease));
  const ckd = kept.filter((e) => inAny(e.code, data.ckd));
  const failure = heart.some((e) => inAny(e.code, data.heartFailure)) || implied.some((c) => c.heart === 'failure');
  const heartKind = failure ? 'failure' : heart.length > 0 || implied.some((c) => c.heart === 'other') ? 'other' : 'none';
  const late = ckd.some((e) => inAny(e.code, data.lateCkd)) || implied.some((c) => c.ckd === 'late');
  const ckdKind = late ? 'late' : ckd.length > 0 || implied.some((c) => c.ckd === 'early') ? 'early' : 'none';
  const row = data.combinations.find((c) => c.heart === heartKind && c.ckd === ckdKind);
  if (row === undefined || (htn.length === 1 && htn[0]?.code === row.code)) return;
  const related = [...heart, ...ckd];
  for (const h of htn) if (h.code !== row.code) ledger.drop(h.code, RULES.hypertension, row.code);
  ledger.keep(row.code, [...htn, ...related].flatMap((e) => e.evidence), RULES.hypertension, Math.max(...htn.map((e) => e.score)));
  for (const e of related) if (!asksFor(ledger, row.code, e.code)) ledger.drop(e.code, RULES.hypertensionIncluded, row.code);
}
