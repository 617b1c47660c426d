/** Note sections: the header list as data, and where a header phrase is a header. */
export type { AssertionCategory, SectionFile, SectionRule } from './types.js';
export { ASSERTION_CATEGORIES } from './types.js';
export {
  DEFAULT_SECTIONS_FILE,
  loadSectionRules,
  parseSectionRules,
  safeParseSectionRules,
  type SectionParseResult,
} from './rules.js';
export { headerFollower, headerPosition, isCapsLabelBefore, isHeaderAt, type HeaderPosition } from './headers.js';
