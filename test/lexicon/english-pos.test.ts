import { describe, expect, it } from 'vitest';
import { isAdjective } from '../../src/lexicon/english-pos.js';
import { isAdjective as bySuffix } from '../../src/text/word-class.js';

describe('the build-time adjective test', () => {
  it('adds the adjectives the suffix rules cannot see, from the English model', () => {
    for (const w of ['febrile', 'premature', 'inadequate', 'senile', 'fragile']) {
      expect(bySuffix(w), w).toBe(false);
      expect(isAdjective(w), w).toBe(true);
    }
  });

  it('keeps every adjective the suffix rules find, the medical ones the model tags as nouns included', () => {
    for (const w of ['thymic', 'fibrotic', 'abdominal', 'decompensated', 'chronic']) {
      expect(bySuffix(w), w).toBe(true);
      expect(isAdjective(w), w).toBe(true);
    }
  });

  it('leaves nouns, abstract nouns and short or odd words alone', () => {
    for (const w of ['fever', 'impairment', 'insufficiency', 'atrophy', 'dry', 'lax', 'E11', 'Type 2']) expect(isAdjective(w), w).toBe(false);
  });
});
