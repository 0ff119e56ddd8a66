/**
 * Expiring attachment links: `/v1/attachments/:id?expires=<unix>&signature=`
 * with an HMAC-SHA256 of the id and expiry under the relay's secret, so a
 * link handed to a ticket or webhook works without any other credential.
 */
import { AttachmentLinkError } from './errors.js';

const encoder = new TextEncoder();

/** Keeps these MACs apart from anything else the secret may sign later. */
const PURPOSE = 'hypercare-attachment-v1';

export interface AttachmentSignerOptions {
  secret: string;
  /** The relay's public base URL, without a trailing slash. */
  publicUrl: () => string;
  ttlSeconds: number;
  now: () => Date;
}

export interface AttachmentSigner {
  /** A link to the attachment valid for the configured time from now. */
  urlFor(id: string): Promise<string>;
  /** Throws `AttachmentLinkError` unless the link is genuine and current. */
  verify(id: string, expires: string, signature: string): Promise<void>;
}

export function createAttachmentSigner(
  options: AttachmentSignerOptions,
): AttachmentSigner {
  const key = importKey(options.secret);

  return {
    async urlFor(id) {
      const expires = unixSeconds(options.now()) + options.ttlSeconds;
      const mac = await crypto.subtle.sign(
        'HMAC',
        await key,
        message(id, expires),
      );

      const path = `/v1/attachments/${encodeURIComponent(id)}`;
      const query = `expires=${expires}&signature=${toBase64Url(mac)}`;
      return `${options.publicUrl()}${path}?${query}`;
    },

    async verify(id, expires, signature) {
      const mac = fromBase64Url(signature);
      if (!/^\d{1,12}$/.test(expires) || !mac) throw invalidLink();

      // subtle.verify compares in constant time.
      const genuine = await crypto.subtle.verify(
        'HMAC',
        await key,
        mac,
        message(id, Number(expires)),
      );
      if (!genuine) throw invalidLink();

      if (Number(expires) < unixSeconds(options.now())) {
        throw new AttachmentLinkError(
          'expired',
          'Failed to open attachment: the link has expired',
        );
      }
    },
  };
}

function invalidLink(): AttachmentLinkError {
  return new AttachmentLinkError(
    'invalid_signature',
    'Failed to open attachment: the link signature is not valid',
  );
}

function importKey(secret: string): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

function message(id: string, expires: number): Uint8Array<ArrayBuffer> {
  return encoder.encode(`${PURPOSE}\n${id}\n${expires}`);
}

function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function toBase64Url(buffer: ArrayBuffer): string {
  const base64 = btoa(String.fromCharCode(...new Uint8Array(buffer)));
  return base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(text)) return undefined;

  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}
