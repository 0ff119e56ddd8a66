/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, section
 * "Signature scheme"): HMAC-SHA256 over `{id}.{timestamp}.{body}` with the
 * base64-decoded secret, sent as `v1,<base64>` in `webhook-signature`.
 * Web Crypto only, so receivers on any runtime can verify the same way.
 */

/** The prefix Standard Webhooks secrets carry, such as `whsec_MfKQ9r8G…`. */
export const SECRET_PREFIX = 'whsec_';

/** The only signature version the spec defines for symmetric keys. */
const SIGNATURE_VERSION = 'v1';

/** The spec's recommended window against replayed deliveries. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const encoder = new TextEncoder();

/** The three headers a Standard Webhooks delivery carries. */
export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export interface SignWebhookOptions {
  /** `whsec_<base64>`; the bare base64 key is accepted too. */
  secret: string;
  /** The message id; the same for every retry of one message. */
  id: string;
  /** The raw body exactly as it goes on the wire. */
  body: string | Uint8Array;
  /** When the message is sent; defaults to now. */
  timestamp?: Date;
}

export interface VerifyWebhookOptions {
  /** `whsec_<base64>`; the bare base64 key is accepted too. */
  secret: string;
  /** The request's headers, as `Headers` or a plain (Node-style) record. */
  headers: Headers | Record<string, string | string[] | undefined>;
  /** The raw body as received, before any JSON parsing. */
  body: string | Uint8Array;
  /** How far the timestamp may be from `now`; defaults to 300 seconds. */
  toleranceSeconds?: number;
  /** The time to check against; defaults to now. */
  now?: Date;
}

/** What a verified delivery said about itself. */
export interface VerifiedWebhook {
  id: string;
  timestamp: Date;
}

/** A secret that is not of the `whsec_<base64>` form. */
export class WebhookSecretError extends Error {
  override readonly name = 'WebhookSecretError';

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** A delivery whose headers or signature do not check out. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';

  /** What a receiver should answer with. */
  readonly status = 401;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Decodes a `whsec_<base64>` secret into its key bytes.
 *
 * @example
 * parseWebhookSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').length // 24
 */
export function parseWebhookSecret(
  secret: string,
  { requirePrefix = false } = {},
): Uint8Array<ArrayBuffer> {
  const hasPrefix = secret.startsWith(SECRET_PREFIX);
  if (requirePrefix && !hasPrefix) {
    throw new WebhookSecretError(
      'Failed to read webhook secret: it must start with "whsec_"',
    );
  }

  const encoded = hasPrefix ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeBase64(encoded);
  if (!key || key.length === 0) {
    throw new WebhookSecretError(
      'Failed to read webhook secret: the part after "whsec_" must be ' +
        'non-empty base64',
    );
  }

  return key;
}

/**
 * Signs one message and returns the headers to send with it.
 *
 * @example
 * const headers = await signWebhook({ secret, id: 'msg_1', body });
 * await fetch(url, { method: 'POST', headers, body });
 */
export async function signWebhook(
  options: SignWebhookOptions,
): Promise<WebhookHeaders> {
  const key = await importKey(parseWebhookSecret(options.secret));
  const timestamp = toUnixSeconds(options.timestamp ?? new Date());

  const content = signedContent(options.id, timestamp, options.body);
  const mac = await crypto.subtle.sign('HMAC', key, content);

  return {
    'webhook-id': options.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': `${SIGNATURE_VERSION},${encodeBase64(mac)}`,
  };
}

/**
 * Checks a delivery's signature and timestamp; throws
 * `WebhookVerificationError` when either is wrong.
 *
 * @example
 * const body = await request.text();
 * await verifyWebhook({ secret, headers: request.headers, body });
 * const event = JSON.parse(body);
 */
export async function verifyWebhook(
  options: VerifyWebhookOptions,
): Promise<VerifiedWebhook> {
  const id = readHeader(options.headers, 'webhook-id');
  const timestampText = readHeader(options.headers, 'webhook-timestamp');
  const signatures = readHeader(options.headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) {
    throw new WebhookVerificationError(
      'Failed to verify webhook: missing webhook-id, webhook-timestamp or ' +
        'webhook-signature header',
    );
  }

  const timestamp = parseTimestamp(timestampText);
  checkTolerance(timestamp, options);

  const key = await importKey(parseWebhookSecret(options.secret));
  const content = signedContent(id, timestamp, options.body);
  if (!(await matchesAny(key, content, signatures))) {
    throw new WebhookVerificationError(
      'Failed to verify webhook: no v1 signature matches the body',
    );
  }

  return { id, timestamp: new Date(timestamp * 1000) };
}

function parseTimestamp(text: string): number {
  if (!/^\d{1,12}$/.test(text)) {
    throw new WebhookVerificationError(
      `Failed to verify webhook: timestamp "${text}" is not unix seconds`,
    );
  }

  return Number(text);
}

function checkTolerance(timestamp: number, options: VerifyWebhookOptions) {
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = toUnixSeconds(options.now ?? new Date());

  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      `Failed to verify webhook: timestamp ${timestamp} is more than ` +
        `${tolerance} s from now (${now})`,
    );
  }
}

/**
 * The header is a space-separated list of `version,signature` pairs so a
 * sender can sign with an old and a new key while rotating; one match of a
 * version we know is enough, and unknown versions are skipped.
 */
async function matchesAny(
  key: CryptoKey,
  content: Uint8Array<ArrayBuffer>,
  header: string,
): Promise<boolean> {
  for (const entry of header.split(' ')) {
    const [version, encoded] = entry.split(',', 2);
    if (version !== SIGNATURE_VERSION || !encoded) continue;

    const mac = decodeBase64(encoded);
    if (!mac) continue;

    // subtle.verify compares in constant time, unlike string equality.
    if (await crypto.subtle.verify('HMAC', key, mac, content)) return true;
  }

  return false;
}

function signedContent(
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): Uint8Array<ArrayBuffer> {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const payload = typeof body === 'string' ? encoder.encode(body) : body;

  const content = new Uint8Array(prefix.length + payload.length);
  content.set(prefix);
  content.set(payload, prefix.length);
  return content;
}

function importKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    bytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
}

function readHeader(
  headers: VerifyWebhookOptions['headers'],
  name: string,
): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;

  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(' ') : value;
}

function toUnixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64.test(text) || text.length % 4 === 1) return undefined;

  try {
    const binary = atob(text);
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

function encodeBase64(buffer: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(buffer)));
}
