import { expect } from 'vitest';
import { IcdError } from '../../src/errors.js';

/** The IcdError that `fn` throws; the test fails when it throws nothing, or something else. */
export function icdErrorOf(fn: () => unknown): IcdError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(IcdError);
  return error as IcdError;
}
