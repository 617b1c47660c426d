/**
 * Terms from the Alphabetic Index and the External Cause Index. A node's term is
 * its path from the main term: "Pneumonia" > "aspiration" gives the index order
 * "Pneumonia aspiration" and the English order "aspiration Pneumonia". English
 * order is skipped when the first subterm starts with a connector ("Pneumonia
 * with lung abscess"), where moving the main term would make nonsense; which
 * spelling goes where is pathTexts' business. See-references resolve through
 * references.ts, into the index or the tables.
 */
import type { TermSource } from '../types.js';
import type { EmitTerm } from './types.js';
import type { Element, IndexNode, IndexTree } from './index-tree.js';
import { ReferenceResolver, type ReferenceTables, type UnresolvedClass } from './references.js';
import { endsOpen, headSpellings, isQualifier } from '../text/word-class.js';
import { isAdjective } from './english-pos.js';
import { allergyTexts } from './allergy-terms.js';
import type { AddedReference } from './index-references.js';
import siteData from '../../data/text/site-words.json' with { type: 'json' };
import { functionWords } from '../text/function-words.js';

export interface UnresolvedReference {
  /** The entry holding the reference, as an index path ("Coma > hepatic"). */
  from: string;
  reference: string;
  why: UnresolvedClass;
}

export interface ReferenceCounts {
  resolved: number;
  unresolved: number;
  generic: number;
  /** Unresolved references by why they gave no code. */
  unresolvedByClass: Partial<Record<UnresolvedClass, number>>;
  /** Every unresolved reference, in index order (printed by tools/references.ts). */
  unresolvedList: UnresolvedReference[];
  /** Main terms read as another entry's name, its subterms included ("Lithiasis" see "Calculus"). */
  aliases: number;
  /** The project's own see-references that resolved (data/text/index-references.json); those that did not are in unresolvedList. */
  added: number;
}

export interface IndexTermOptions {
  /** Whether a main term that only names another entry is read with its subterms (default: all are). */
  aliasAllowed?: (title: string) => boolean;
  /** The project's own see-references, read like the Index's. */
  references?: readonly AddedReference[];
}

/** Texts per node at most; alternatives x orders x modifiers grows fast and adds little past this. */
const MAX_NODE_TEXTS = 8;
/** Texts for a main term alone: itself and each nonessential modifier after and before it. */
const MAX_MAIN_TEXTS = 32;

/** First words (and word pairs) that make a subterm a relation rather than a modifier. */
const CONNECTORS = functionWords('connector');

/**
 * Emits the terms of an index; returns how its see / see-also references fared.
 * `tables` lets references into the Table of Neoplasms and the Table of Drugs
 * and Chemicals resolve. `aliasAllowed` says whether a main term that only
 * names another ("Lithiasis" see "Calculus") is read with that entry's
 * subterms; the project says no where a note uses the word in another sense.
 */
export function indexTerms(
  tree: IndexTree,
  source: Extract<TermSource, 'index' | 'external-cause'>,
  emit: EmitTerm,
  tables: ReferenceTables = {},
  options: IndexTermOptions = {},
): ReferenceCounts {
  const aliasAllowed = options.aliasAllowed ?? (() => true);
  const seeSource: TermSource = source === 'index' ? 'index-see' : source;
  const counts: ReferenceCounts = { resolved: 0, unresolved: 0, generic: 0, unresolvedByClass: {}, unresolvedList: [], aliases: 0, added: 0 };
  const resolver = new ReferenceResolver(tree, tables);
  const sited = new SitedTerms();
  // Under an alias, codes are see-codes, references were counted where the entry stands, and a
  // branch ends at its first subterm with a code or a reference.
  const visit = (node: IndexNode, path: Element[], underAlias = false): void => {
    const here = [...path, ...node.elements];
    const coded = node.codes.length > 0 || node.see.length > 0 || node.seeAlso.length > 0;
    if (coded) {
      const texts = pathTexts(here);
      // The organism alone names only an infection of chapter 1, whether coded here or by a reference.
      const agents = source === 'index' && !underAlias ? agentTexts(here) : [];
      const emitAll = (code: string, termSource: TermSource): void => {
        for (const text of texts) emit(text, code, termSource);
        if (isInfectiousCode(code)) for (const text of agents) emit(text, code, termSource);
      };
      if (source === 'index') {
        texts.push(...allergyTexts(here));
        const site = siteOf(here);
        if (site !== null) for (const code of node.codes) sited.add(site, code, underAlias ? seeSource : source);
      }
      for (const code of node.codes) emitAll(code, underAlias ? seeSource : source);
      for (const reference of [...node.see, ...node.seeAlso]) {
        let r = resolver.resolve(reference);
        // A heading's "by site" reference is for the sites and types it does not list; its bare title names
        // none. Except a morphology's reference into the Table of Neoplasms ("Adenocarcinoma" see also
        // "Neoplasm, malignant, by site"): the table's top row is the site not said, and the review takes
        // the site the sentence names (review/neoplasm-sites.ts).
        if (r.kind === 'resolved' && r.bySite === true && r.neoplasm !== true && isHeading(node)) r = { kind: 'unresolved', why: 'by-site' };
        if (r.kind === 'resolved') {
          if (!underAlias) counts.resolved++;
          for (const code of r.codes) emitAll(code, seeSource);
        } else if (underAlias) continue;
        else if (r.kind === 'generic') counts.generic++;
        else {
          counts.unresolved++;
          counts.unresolvedByClass[r.why] = (counts.unresolvedByClass[r.why] ?? 0) + 1;
          counts.unresolvedList.push({ from: here.map((e) => e.alts[0] ?? '').join(' > '), reference, why: r.why });
        }
      }
    }
    if (underAlias && coded) return;
    // "Glioblastoma (multiforme), unspecified site C71.9": the entry named with no site is that code.
    if (!coded && source === 'index' && !underAlias) {
      const unsited = node.children.find((c) => UNSPECIFIED_SITE.test(c.keys[0] ?? '') && c.codes.length > 0);
      if (unsited !== undefined) for (const text of pathTexts(here)) for (const code of unsited.codes) emit(text, code, source);
    }
    for (const child of node.children) visit(child, here, underAlias);
  };
  for (const main of tree.mains) visit(main, []);
  if (source === 'index') {
    for (const main of tree.mains) {
      const target = aliasOf(main, resolver);
      if (target === undefined || !aliasAllowed(main.elements.map((e) => e.alts[0] ?? '').join(' '))) continue;
      counts.aliases++;
      // The main term's own subterm of a name wins over the target's ("Abnormal, heart" over "Anomaly, heart").
      const own = new Set(main.children.flatMap((c) => c.keys));
      for (const child of target.children) if (!child.keys.some((k) => own.has(k))) visit(child, main.elements, true);
    }
    for (const added of options.references ?? []) {
      const r = resolver.resolve(added.see);
      if (r.kind === 'resolved') {
        counts.added++;
        for (const code of r.codes) emit(added.term, code, seeSource);
      } else {
        counts.unresolved++;
        const why = r.kind === 'generic' ? 'not-found' : r.why;
        counts.unresolvedByClass[why] = (counts.unresolvedByClass[why] ?? 0) + 1;
        counts.unresolvedList.push({ from: `project: ${added.term}`, reference: added.see, why });
      }
    }
    sited.emit(emit);
  }
  return counts;
}

/**
 * A main term that is only a "see" to another entry names that entry: its
 * subterms are the alias's too ("Lithiasis" see "Calculus" makes "Lithiasis,
 * kidney" "Calculus, kidney"). The alias's bare title already resolves through
 * the reference; here only the subterms are added, each branch down to its
 * first subterm with a code (through "with" and other headings without one).
 * A main term with a few subterms of its own is still the other's name
 * ("Pathology (of)" see "Disease": "thyroid pathology" is "Disease, thyroid");
 * its own subterms stand, and win over the target's of the same name. A
 * "see also" is not a name: "Abnormal" see also "Anomaly" would make every
 * abnormal finding congenital (tried: 57,000 patterns more, 24 CodiEsp false
 * alarms for one hit).
 * All levels would add 60,000 patterns (10%) and about a tenth of detect time,
 * measured in one run against this, and found nothing more on the dev sets:
 * notes write the long compositions with the entry's own word.
 */
function aliasOf(main: IndexNode, resolver: ReferenceResolver): IndexNode | undefined {
  if (main.codes.length > 0 || main.seeAlso.length > 0 || main.see.length !== 1) return undefined;
  const target = resolver.aliasTarget(main.see[0] as string);
  return target !== undefined && target !== main && target.children.length > 0 ? target : undefined;
}

/**
 * "Infection, Brucella" (A23.9), "Infection, cytomegalovirus" (B25.9): a note
 * names the organism alone ("positive serology for Brucella", "cytomegalovirus
 * was detected") for the infection. The organism is a first-level subterm of
 * "Infection" coded in chapter 1 (A00-B99) and written as the Index writes
 * organisms: a capitalized genus ("Brucella", "Salmonella typhi") or a virus
 * ("cytomegalovirus"). Sites ("heart", "colon"), adjectives ("bacterial",
 * "pneumococcal") and qualifiers ("specified", "localized") name none.
 */
function agentTexts(path: readonly Element[]): string[] {
  if (path.length !== 2 || path[0]?.alts[0] !== 'Infection') return [];
  const out: string[] = [];
  for (const alt of (path[1] as Element).alts) {
    const words = alt.split(' ');
    const first = words[0] as string;
    if (words.length > 2 || !(/^[A-Z][a-z]+$/.test(first) || /^[a-z]+virus$/.test(first))) continue;
    if (words.some((w) => isAdjective(w) || isQualifier(w) || NOT_AN_AGENT.has(w.toLowerCase()))) continue;
    out.push(alt);
  }
  return out;
}

function isInfectiousCode(code: string): boolean {
  return code.charCodeAt(0) === 65 || code.charCodeAt(0) === 66;
}

/** First-level subterms of "Infection" that are nouns but name no organism. */
const NOT_AN_AGENT = new Set(['specified', 'unspecified', 'localized', 'generalized', 'mixed', 'intestine', 'urinary', 'fungus', 'bacillus', 'bacterium', 'virus', 'organism', 'flora']);

/**
 * Subterms the Index uses to group sites, which a note leaves out when it names
 * the site: "Pain, limb, lower, thigh" is a note's "thigh pain", "Pain, joint,
 * knee" its "knee pain".
 */
const SITE_GROUPS = new Set(['limb', 'lower', 'upper', 'joint']);
/** Body sites a path may end in (data/text/site-words.json: limbs, joints, body regions). */
const SITES: ReadonlySet<string> = new Set(siteData.words);

interface SitedPath {
  main: string;
  site: string;
  /** Whether a site group other than "joint" was left out ("limb", "lower"). */
  limb: boolean;
}

/**
 * The main term and site of a path that ends in a body site and whose subterms
 * between the two are only site groups ("Pain, limb, lower, thigh"); null for
 * any other path ("Lesion, nerve, femoral": the nerve is what "femoral"
 * qualifies; "Burn, limb, lower, third degree" ends in no site).
 */
function siteOf(path: readonly Element[]): SitedPath | null {
  if (path.length < 3) return null;
  const words = path.map((e) => (e.alts[0] ?? '').toLowerCase());
  const site = words[words.length - 1] as string;
  const groups = words.slice(1, -1);
  if (!SITES.has(site) || !groups.every((w) => SITE_GROUPS.has(w))) return null;
  return { main: (path[0] as Element).alts[0] as string, site, limb: groups.some((w) => w !== 'joint') };
}

/**
 * "thigh pain" and "pain thigh" for the sited paths, emitted once the index is
 * read. A site the Index reaches both as a joint and as a part of a limb ("Pain,
 * joint, hand" M25.54-, "Pain, limb, upper, hand" M79.64-) is, in a note that
 * does not say "joint", the limb part.
 */
class SitedTerms {
  private readonly bySite = new Map<string, { limb: Array<[string, TermSource]>; joint: Array<[string, TermSource]>; main: string; site: string }>();

  add(p: SitedPath, code: string, source: TermSource): void {
    const key = `${p.main.toLowerCase()}\u0000${p.site}`;
    let e = this.bySite.get(key);
    if (e === undefined) this.bySite.set(key, (e = { limb: [], joint: [], main: p.main, site: p.site }));
    (p.limb ? e.limb : e.joint).push([code, source]);
  }

  emit(emit: EmitTerm): void {
    for (const e of this.bySite.values()) {
      for (const [code, source] of e.limb.length > 0 ? e.limb : e.joint) {
        emit(`${e.site} ${e.main}`, code, source);
        emit(`${e.main} ${e.site}`, code, source);
      }
    }
  }
}

/**
 * An entry with subterms of its own ("Carcinoma" > "squamous cell", > "unspecified
 * site"...) is a heading: the index expects one of them to be chosen. One whose
 * only subterm is "unspecified site" ("Malignancy") is not.
 */
function isHeading(node: IndexNode): boolean {
  return node.children.some((c) => {
    const k = c.keys[0] ?? '';
    return k !== 'unspecified' && !UNSPECIFIED_SITE.test(k);
  });
}

/** The subterm for a morphology whose site the note does not say (keys are lower case). */
const UNSPECIFIED_SITE = /^(?:site unspecified|unspecified site)$/;

/**
 * Texts for a path of elements, best first: each combination of alternative
 * spellings in index order and English order, then the last element's forms
 * with nonessential modifiers.
 *
 * English order moves the first subterm before the main term, written with
 * the main term's noun ("renal impairment"); index order keeps the main term
 * first in every spelling ("impaired renal", "impairment of renal").
 * A qualifier subterm after that goes before both ("decompensated heart
 * failure"); the index-order English form is kept too, as lists write it
 * ("heart failure, decompensated").
 */
export function pathTexts(path: readonly Element[]): string[] {
  const elements = path.filter((e) => e.alts.length > 0);
  const out: string[] = [];
  // A main term alone keeps every nonessential modifier, in both orders: "Stroke (apoplectic) (brain)
  // (cryptogenic) (embolic) (ischemic) ..." would otherwise lose "ischemic stroke" to the cap.
  const cap = elements.length === 1 ? MAX_MAIN_TEXTS : MAX_NODE_TEXTS;
  const add = (words: string[]): void => {
    const t = words.join(' ');
    if (out.length < cap && !out.includes(t)) out.push(t);
  };
  if (elements.length === 0) return out;
  const second = (elements[1]?.alts[0] ?? '') as string;
  const mainAlts = (elements[0] as Element).alts;
  // A subterm kept with its comma ("arterial, high") is a phrase of its own; moving it would garble it.
  // After "Carrier (suspected) of", the subterm is the main term's object and stays after it.
  const english = elements.length > 1 && !isConnector(second) && !second.includes(',') && !mainAlts.some(endsOpen);
  const head = english ? headSpellings(mainAlts, isAdjective) : [];
  const third = elements[2]?.alts[0];
  const qualifierThird = english && third !== undefined && isQualifier(third);
  const englishOrder = (main: string, subs: string[]): void => {
    const [sub, ...rest] = subs as [string, ...string[]];
    if (qualifierThird) add([rest[0] as string, sub, main, ...rest.slice(1)]);
    add([sub, main, ...rest]);
  };
  for (const [main, ...subs] of combinations(elements.map((e) => e.alts)) as Array<[string, ...string[]]>) {
    add([main, ...subs]);
    if (english && head.includes(main)) englishOrder(main, subs);
  }
  const last = elements[elements.length - 1] as Element;
  if (elements.length === 1) {
    for (const extra of last.extras) {
      add([extra]);
      // "Lymphadenopathy (generalized)" is written "generalized lymphadenopathy" in a note.
      const modifier = extra.startsWith(`${mainAlts[0] as string} `) ? extra.slice((mainAlts[0] as string).length + 1) : '';
      if (isQualifier(modifier) || isAdjective(modifier)) add([modifier, mainAlts[0] as string]);
    }
    return out;
  }
  const middle = elements.slice(1, -1).map((e) => e.alts[0] as string);
  for (const extra of last.extras) {
    add([mainAlts[0] as string, ...middle, extra]);
    if (english) englishOrder(head[0] as string, [...middle, extra]);
  }
  return out;
}

/** Cartesian product, first element varying slowest, capped so a long path cannot explode. */
function combinations(lists: string[][]): string[][] {
  let acc: string[][] = [[]];
  for (const list of lists) {
    const next: string[][] = [];
    for (const prefix of acc) for (const item of list) if (next.length < MAX_NODE_TEXTS) next.push([...prefix, item]);
    acc = next;
  }
  return acc;
}

export function isConnector(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/);
  return CONNECTORS.has(words[0] ?? '') || CONNECTORS.has(words.slice(0, 2).join(' '));
}
