import { parseReport, SCHEMA_VERSION } from '@hypercare/shared';
import { describe, expect, it } from 'vitest';

import { ENGLISH } from '../messages.js';
import { validateDraft } from './validate-draft.js';

const ADDRESSES = [
  'ada@example.com',
  ' ada@example.com ',
  'ada.lovelace+feedback@mail.example.co.uk',
  'עברית@example.com',
  'üser@exämple.com',
  'ada@localhost',
  'ada@@example.com',
  'ada@example',
  'ada example@example.com',
  `${'a'.repeat(250)}@example.com`,
];

function relayAccepts(email: string): boolean {
  const result = parseReport({
    schemaVersion: SCHEMA_VERSION,
    category: 'bug',
    description: 'x',
    email,
    context: {
      url: 'https://app.example.com/',
      userAgent: 'test',
      viewport: { width: 1, height: 1 },
      devicePixelRatio: 1,
      language: 'en',
      timeZone: 'UTC',
      time: '2026-12-04T10:00:00.000Z',
    },
  });
  return result.ok;
}

describe('validateDraft', () => {
  it.each(ADDRESSES)('agrees with the relay on the address %j', (email) => {
    const errors = validateDraft({ category: 'bug', description: 'x', email }, ENGLISH);

    expect(errors.email === undefined).toBe(relayAccepts(email));
  });

  it('asks for a description that is more than white space', () => {
    const errors = validateDraft({ category: 'bug', description: ' \n\t', email: '' }, ENGLISH);

    expect(errors).toEqual({ description: ENGLISH.descriptionRequired });
  });
});
