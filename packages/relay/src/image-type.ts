import type { AttachmentContentType } from '@hypercare/shared';

/**
 * File signatures: PNG (RFC 2083 section 12.12), JPEG SOI marker followed by
 * another marker (ITU T.81 B.1.1.2), WebP's RIFF container with the `WEBP`
 * form type (RFC 9649 section 2.5).
 */
const SIGNATURES: ReadonlyArray<{
  type: AttachmentContentType;
  matches: (bytes: Uint8Array) => boolean;
}> = [
  {
    type: 'image/png',
    matches: (b) =>
      startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { type: 'image/jpeg', matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    type: 'image/webp',
    matches: (b) =>
      startsWith(b, [0x52, 0x49, 0x46, 0x46]) &&
      startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
  },
];

/** How many leading bytes `sniffImageType` needs. */
export const SNIFF_BYTES = 12;

/** Tells which accepted image type the bytes really are, if any. */
export function sniffImageType(
  bytes: Uint8Array,
): AttachmentContentType | undefined {
  return SIGNATURES.find((signature) => signature.matches(bytes))?.type;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}
