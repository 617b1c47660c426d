import { describe, expect, it } from 'vitest';
import { aboutChild, isMaternalCode } from '../../src/context/patient.js';

describe('who a note is about', () => {
  it.each([
    ['A 2-month-old infant was admitted with fever.', true],
    ['We report the case of a five-month-old infant.', true],
    ['A girl of 3 years and 8 months old.', true],
    ['A newborn male, born at term.', true],
    ['A 7-year-old boy with a limp.', true],
    ['A girl of 11 years and 10 months old.', false],
    ['A 34-year-old woman, 18 weeks pregnant, came to the emergency room.', false],
    // The patient's own baby, named after her age.
    ['A 30-year-old woman; the newborn was well.', false],
    ['72 yo M with chest pain.', false],
    ['No age is given here.', false],
  ])('%s -> %s', (text, child) => {
    expect(aboutChild(text)).toBe(child);
  });

  it('reads only the opening for the age', () => {
    expect(aboutChild(`${'Clinical summary follows. '.repeat(10)}A 2-month-old sibling.`)).toBe(false);
  });

  it('takes chapter 15 and the pregnancy and lactation Z codes as the mother\'s, not the liveborn infant\'s Z38', () => {
    expect(['O80', 'O41.00X0', 'Z33.1', 'Z39.1', 'Z3A.38', 'Z37.0'].every(isMaternalCode)).toBe(true);
    expect(['Z38.00', 'P07.30', 'Q90.9', 'E11.9'].some(isMaternalCode)).toBe(false);
  });
});
