/**
 * Following see / see-also references inside an index: "Heart attack" see
 * "Infarct, myocardium" names main term "Infarct, infarction" > subterm
 * "myocardium, myocardial". References are written by hand and drift from the
 * titles they name ("Bronchitis, acute" for "acute or subacute", "artery, retina"
 * for "retinal"), so an exact match is tried first and a close one second.
 */
import type { IndexNode, IndexTree } from './index-tree.js';
import { lookupKey } from './variants.js';

/** Most see-references followed in a chain (A see B, B see C). */
const MAX_HOPS = 3;
/** "retina" names "retinal" and "broncho" names "broncho-": a stem may differ by this many letters. */
const STEM_SLACK = 3;

interface Level {
  exact: (key: string) => readonly IndexNode[];
  /** Nodes worth testing with `near` for one comma part. */
  loose: (part: string) => readonly IndexNode[];
}

/** The first node in index order, with a code, that the reference names; see-chains are followed. */
export function findReference(tree: IndexTree, target: string, hops = 0): IndexNode | undefined {
  const parts = target
    .replace(/^\s*-\s*/, '') // "- Disorder, hemorrhagic": a stray list dash
    .split(',')
    .map(lookupKey)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return undefined;
  const mains: Level = {
    exact: (k) => tree.byKey.get(k) ?? [],
    loose: (p) => tree.byStem.get(p.slice(0, 4)) ?? [],
  };
  const found = match(parts, 0, mains);
  if (!found) return undefined;
  if (found.codes.length > 0) return found;
  if (hops >= MAX_HOPS) return undefined;
  for (const s of found.see) {
    const next = findReference(tree, s, hops + 1);
    if (next) return next;
  }
  return undefined;
}

/** Greedy over comma parts, longest first, because titles contain commas too; backtracks on failure. */
function match(parts: readonly string[], i: number, level: Level): IndexNode | undefined {
  const last = parts.length;
  const tryNode = (node: IndexNode, j: number): IndexNode | undefined => {
    if (j === last) return node.codes.length > 0 || node.see.length > 0 ? node : undefined;
    return match(parts, j, childLevel(node));
  };
  for (let j = last; j > i; j--) {
    for (const node of level.exact(parts.slice(i, j).join(', '))) {
      const r = tryNode(node, j);
      if (r) return r;
    }
  }
  const part = parts[i] as string;
  for (const node of level.loose(part)) {
    if (node.keys.some((k) => near(part, k))) {
      const r = tryNode(node, i + 1);
      if (r) return r;
    }
  }
  return undefined;
}

function childLevel(node: IndexNode): Level {
  return {
    exact: (k) => node.children.filter((c) => c.keys.includes(k)),
    loose: () => node.children,
  };
}

/** A reference part that is the title's first words, or the same word with another ending. */
export function near(part: string, key: string): boolean {
  if (key.startsWith(part + ' ')) return true;
  const [short, long] = part.length <= key.length ? [part, key] : [key, part];
  return short.length >= 4 && long.startsWith(short) && long.length - short.length <= STEM_SLACK;
}
