import { describe, expect, it } from 'vitest';

import { createReference, isReference, REFERENCE_PATTERN } from './reference.js';

describe('createReference', () => {
  it('makes references of the HC- form from the unambiguous alphabet', () => {
    for (let i = 0; i < 500; i++) expect(createReference()).toMatch(REFERENCE_PATTERN);
  });

  it('rarely repeats itself', () => {
    const seen = new Set(Array.from({ length: 2_000 }, createReference));
    expect(seen.size).toBeGreaterThan(1_990);
  });

  it('refuses letters that read like digits', () => {
    expect(isReference('HC-7F3K2Q')).toBe(true);
    expect(isReference('HC-7F3K2O')).toBe(false);
    expect(isReference('HC-7F3KIL')).toBe(false);
    expect(isReference('hc-7f3k2q')).toBe(false);
  });
});
