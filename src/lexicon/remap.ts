/**
 * Every emitted term must carry a code of the newest order file. Codes from other
 * sources are older (the FY2023 index), incomplete ("S72.0-", "T51.3X1" without
 * its 7th character) or headers. The code hierarchy is implied by prefixes, so a
 * code can be completed where the hierarchy leaves one sensible choice:
 *   (a) a header whose children are only 7th-character extensions -> its initial
 *       encounter 'A' extension, placeholders filled (S02.0 -> S02.0XXA);
 *   (b) a header with an "unspecified" child that names its condition -> that
 *       child (A00 -> A00.9), or its own ".9" whatever the words;
 *   (c) a missing code -> its nearest existing ancestor, then (a)/(b);
 *   (d) other headers stay as they are (valid codes, reported as not billable);
 *   (e) no existing ancestor at all -> the term is dropped.
 */
import { dotted } from './order.js';
import type { CodeRecord } from './types.js';
import { functionWords } from '../text/function-words.js';

export type RemapStep = 'seventh-character' | 'unspecified-child' | 'ancestor';

export type Resolution =
  | { ok: true; code: string; steps: readonly RemapStep[] }
  | { ok: false; reason: 'malformed' | 'no-ancestor' };

const RAW_CODE = /^[A-Z][0-9A-Z][0-9A-Z]{1,5}$/;
/** Headers nest at most four deep below a category; more would mean a cycle. */
const MAX_DEPTH = 6;

interface Entry {
  record: CodeRecord;
  children: string[];
}

/** The order file's codes as a tree, keyed without dots. */
export class CodeTree {
  private readonly entries = new Map<string, Entry>();
  private readonly memo = new Map<string, Resolution>();

  constructor(codes: readonly CodeRecord[]) {
    for (const record of codes) this.entries.set(record.code.replace('.', ''), { record, children: [] });
    for (const key of this.entries.keys()) {
      const parent = this.nearestAncestor(key);
      if (parent !== undefined) this.entries.get(parent)?.children.push(key);
    }
  }

  has(code: string): boolean {
    return this.entries.has(code.replace('.', ''));
  }

  /** Resolves a code as written in a release file to a code of the order file. */
  resolve(raw: string): Resolution {
    let r = this.memo.get(raw);
    if (r === undefined) {
      r = this.resolveUncached(raw);
      this.memo.set(raw, r);
    }
    return r;
  }

  private resolveUncached(raw: string): Resolution {
    // "S72.0-" and "C56.-" mean "complete this code"; the dash carries no other meaning.
    const key = raw.trim().toUpperCase().replace(/[-.]+$/, '').replace('.', '');
    if (!RAW_CODE.test(key)) return { ok: false, reason: 'malformed' };
    const steps: RemapStep[] = [];
    let start = key;
    if (!this.entries.has(key)) {
      const parent = this.nearestAncestor(key);
      if (parent === undefined) return { ok: false, reason: 'no-ancestor' };
      steps.push('ancestor');
      start = parent;
    }
    return { ok: true, code: dotted(this.complete(start, steps, 0)), steps };
  }

  private nearestAncestor(key: string): string | undefined {
    for (let n = key.length - 1; n >= 3; n--) {
      const p = key.slice(0, n);
      if (this.entries.has(p)) return p;
    }
    return undefined;
  }

  /** Walks down from a header while the hierarchy names one child; `steps` records how. */
  private complete(key: string, steps: RemapStep[], depth: number): string {
    const entry = this.entries.get(key);
    if (!entry || entry.record.billable || entry.children.length === 0 || depth >= MAX_DEPTH) return key;
    const kids = entry.children;
    if (kids.every((k) => k.length === 7 && /^X*$/.test(k.slice(key.length, 6)))) {
      const initial = key.padEnd(6, 'X') + 'A';
      if (this.entries.has(initial)) {
        steps.push('seventh-character');
        return this.complete(initial, steps, depth + 1);
      }
    }
    const unspecified = this.unspecifiedChild(key, kids, entry.record.longDescription);
    if (unspecified !== undefined) {
      steps.push('unspecified-child');
      return this.complete(unspecified, steps, depth + 1);
    }
    return key;
  }

  /**
   * The child that stands for "not further specified": the one whose title says
   * "unspecified" most often (M08.9 -> M08.90 "Juvenile arthritis, unspecified,
   * unspecified site", not M08.99 "..., unspecified, multiple sites"). Ties go to
   * a title ending in "unspecified" ("Cholera, unspecified"), then to the child
   * ending in 9, then in 0 (J18 -> J18.9 "Pneumonia, unspecified organism").
   * "With unspecified complications" names a complication that is present, so it
   * does not count; where the categories say "without complications" instead
   * (E11 -> E11.9, B02 -> B02.9), that child is the default the Index gives.
   * The child must name the header's condition: T78 "Adverse effects, not
   * elsewhere classified" has "Anaphylactic shock, unspecified" among its
   * children, which is no default for an adverse effect, so T78 stays a header.
   * The header's own ".9" is its unspecified code whatever its words (R73
   * "Elevated blood glucose level" -> R73.9 "Hyperglycemia, unspecified").
   */
  private unspecifiedChild(key: string, kids: readonly string[], header: string): string | undefined {
    const headerWords = contentWords(header);
    let best: string | undefined;
    let bestScore = 0;
    for (const k of kids) {
      const desc = this.entries.get(k)?.record.longDescription ?? '';
      const count = desc.match(UNSPECIFIED)?.length ?? 0;
      const withoutComplications = WITHOUT_COMPLICATIONS.test(desc);
      if (count === 0 && !withoutComplications) continue;
      if (k !== `${key}9` && headerWords.length > 0 && !sharesWord(headerWords, contentWords(desc))) continue;
      const score =
        count * 8 +
        (withoutComplications || /\bunspecified\W*$/i.test(desc) ? 4 : 0) +
        (k.endsWith('9') ? 2 : k.endsWith('0') ? 1 : 0);
      if (score > bestScore) {
        best = k;
        bestScore = score;
      }
    }
    return best;
  }
}

/** Words that say how a title is specified, not what it names. */
const QUALIFYING_WORDS = functionWords('qualifying');

/** A title's content words. */
function contentWords(title: string): string[] {
  return (title.toLowerCase().match(/[a-z]{4,}/g) ?? []).filter((w) => !QUALIFYING_WORDS.has(w));
}

/** Whether a word of one title holds the first five letters of a word of the other ("abdomen" / "abdominal", "glaucoma" / "preglaucoma"). */
function sharesWord(a: readonly string[], b: readonly string[]): boolean {
  return a.some((x) => b.some((y) => y.includes(x.slice(0, 5)) || x.includes(y.slice(0, 5))));
}

/** "unspecified", except in "with unspecified ..." (a present but unnamed complication). */
const UNSPECIFIED = /(?<!\bwith )\bunspecified\b/gi;
const WITHOUT_COMPLICATIONS = /\bwithout complications?\W*$/i;

/** Examples kept for the report, spread over the kinds of remap. */
const MAX_EXAMPLES = 20;

/** Applies a CodeTree to terms and counts what it did, for the build report. */
export class Remapper {
  remapped = 0;
  dropped = 0;
  private readonly remappedBy = new Map<string, number>();
  private readonly droppedBy = new Map<string, number>();
  /** Distinct raw codes that were remapped or dropped: raw -> [reason, line]. */
  private readonly seen = new Map<string, [string, string]>();

  constructor(private readonly tree: CodeTree) {}

  /** The code a term gets, or undefined when it is dropped. */
  map(raw: string): string | undefined {
    const r = this.tree.resolve(raw);
    if (!r.ok) {
      this.dropped++;
      bump(this.droppedBy, r.reason);
      if (!this.seen.has(raw)) this.seen.set(raw, [`dropped: ${r.reason}`, `${raw} dropped (${r.reason})`]);
      return undefined;
    }
    if (r.steps.length > 0) {
      const reason = r.steps.join('+');
      this.remapped++;
      bump(this.remappedBy, reason);
      if (!this.seen.has(raw)) this.seen.set(raw, [reason, `${raw} -> ${r.code} (${reason})`]);
    }
    return r.code;
  }

  summary(): {
    remapped: number;
    dropped: number;
    remappedByReason: Record<string, number>;
    droppedByReason: Record<string, number>;
    examples: string[];
  } {
    return {
      remapped: this.remapped,
      dropped: this.dropped,
      remappedByReason: sortedRecord(this.remappedBy),
      droppedByReason: sortedRecord(this.droppedBy),
      examples: this.examples(),
    };
  }

  /** Round-robin over reasons, raw codes in sorted order, so the pick never depends on term order. */
  private examples(): string[] {
    const byReason = new Map<string, string[]>();
    for (const raw of [...this.seen.keys()].sort()) {
      const [reason, line] = this.seen.get(raw) as [string, string];
      const list = byReason.get(reason) ?? [];
      list.push(line);
      byReason.set(reason, list);
    }
    const lists = [...byReason.keys()].sort().map((k) => byReason.get(k) as string[]);
    const out: string[] = [];
    // Spread examples across each list too, rather than showing twenty neighbouring codes.
    for (let round = 0; out.length < MAX_EXAMPLES; round++) {
      let any = false;
      for (const l of lists) {
        const line = l[round * Math.max(1, Math.floor(l.length / 4))];
        if (line === undefined) continue;
        any = true;
        if (out.length < MAX_EXAMPLES) out.push(line);
      }
      if (!any) break;
    }
    return out;
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k) as number;
  return out;
}
