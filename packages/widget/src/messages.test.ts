import { describe, expect, it } from 'vitest';

import { ENGLISH, format, hasTranslation, resolveMessages } from './messages.js';

describe('resolveMessages', () => {
  it('lays replacements over the English words', () => {
    const messages = resolveMessages('en', {
      launcher: 'Report a problem',
      categories: { bug: 'It is broken' },
    });

    expect(messages.launcher).toBe('Report a problem');
    expect(messages.title).toBe(ENGLISH.title);
    expect(messages.categories.bug).toBe('It is broken');
    expect(messages.categories.question).toBe(ENGLISH.categories.question);
  });

  it('ignores replacements that are not strings or not words it has', () => {
    const messages = resolveMessages('en', { send: 42, unknown: 'x' } as never);

    expect(messages).toEqual(ENGLISH);
  });

  it('knows English under any region', () => {
    expect(hasTranslation('en-US')).toBe(true);
    expect(hasTranslation('de')).toBe(false);
  });
});

describe('format', () => {
  it('fills named slots and leaves unknown ones', () => {
    expect(format('Your reference is {reference} {x}', { reference: 'HC-7F3K2Q' })).toBe(
      'Your reference is HC-7F3K2Q {x}',
    );
  });
});
