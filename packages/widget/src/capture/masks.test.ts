import { describe, expect, it } from 'vitest';

import { ALWAYS_MASKED, inputSelector, maskSelectors } from './masks.js';

describe('maskSelectors', () => {
  it('always masks marked elements, password fields and secrets browsers fill in', () => {
    expect(maskSelectors({})).toEqual(ALWAYS_MASKED);
    expect(ALWAYS_MASKED).toEqual(
      expect.arrayContaining(['[data-hypercare-mask]', 'input[type="password"]', '[autocomplete~="cc-number"]']),
    );
  });

  it("adds the product team's selectors after the fixed ones, never instead", () => {
    expect(maskSelectors({ mask: ['.iban'] })).toEqual([...ALWAYS_MASKED, '.iban']);
  });
});

describe('inputSelector', () => {
  it('hides email and telephone values by default', () => {
    expect(inputSelector({})).toBe('input[type="email"], input[type="tel"]');
  });

  it('hides no values when the product team lists no types', () => {
    expect(inputSelector({ maskInputTypes: [] })).toBeUndefined();
  });

  it('quotes types so a stray quote cannot break the selector', () => {
    expect(inputSelector({ maskInputTypes: ['a"b'] })).toBe('input[type="a\\"b"]');
  });
});
