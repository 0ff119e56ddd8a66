/**
 * Report references such as `HC-7F3K2Q`: short enough to read over the phone,
 * drawn from Crockford's base32 alphabet so 0/O and 1/I/L are never confused.
 */

export const REFERENCE_PREFIX = 'HC-';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const REFERENCE_LENGTH = 6;

export const REFERENCE_PATTERN = /^HC-[0-9A-HJKMNP-TV-Z]{6}$/;

/** Makes a random reference; 32^6 is about a billion, so callers retry on a clash. */
export function createReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(REFERENCE_LENGTH));
  let code = '';
  for (const byte of bytes) code += ALPHABET[byte & 31];
  return REFERENCE_PREFIX + code;
}

export function isReference(value: string): boolean {
  return REFERENCE_PATTERN.test(value);
}
