/**
 * Other readings of a match the review turned down: the words of "his disease"
 * or "chronic alcohol abuse" may hold a shorter term, or one that runs on past
 * the match, when the longest term does not read.
 */
import { leftmostLongest, type Automaton, type TokenMatch } from '../automaton/automaton.js';
import type { TokenStream } from '../text/tokens.js';

/**
 * Leftmost-longest readings of the tokens from `m`'s start to `limit`, other
 * than `m`, that start inside `m`: shorter ones ("disease" in "his disease")
 * and ones that run on past it ("alcohol abuse" after "chronic alcohol").
 */
export function otherReadings(automaton: Automaton, tokens: TokenStream, m: TokenMatch, limit: number): TokenMatch[] {
  const found = automaton.findOverlapping(tokens.ids.subarray(m.start, limit), limit - m.start);
  const length = m.end - m.start;
  const others: TokenMatch[] = [];
  for (const x of found) {
    if (x.start < length && !(x.start === 0 && x.end === length)) others.push({ pattern: x.pattern, start: x.start + m.start, end: x.end + m.start });
  }
  return leftmostLongest(others);
}
