import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  parseWebhookSecret,
  signWebhook,
  verifyWebhook,
  WebhookSecretError,
  WebhookVerificationError,
} from './signature.js';

// The vendor contract files live in `shared/` beside the repository.
const CONTRACTS = new URL('../../../../shared/contracts/', import.meta.url);

interface PublishedVector {
  id: string;
  timestamp: number;
  secret: string;
  payload: string;
  signature: string;
}

interface DerivedVector {
  name: string;
  secret: string;
  msg_id: string;
  timestamp: number;
  payload: string;
  expected_signature?: string;
  header_signature?: string;
  valid: boolean;
}

function readContract<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, CONTRACTS), 'utf8')) as T;
}

const published = readContract<PublishedVector[]>('signatures.json');

// Only the Standard Webhooks section applies; the file's GitHub and Stripe
// sections describe other vendors' schemes.
const derived = readContract<{
  standard_webhooks: { vectors: DerivedVector[] };
}>('webhook-signature-vectors.derived.json').standard_webhooks.vectors;

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function at(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000);
}

function headersFor(id: string, timestamp: number, signature: string) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  };
}

describe('signWebhook', () => {
  it.each(published)('matches the published vector for $id', async (v) => {
    const headers = await signWebhook({
      secret: v.secret,
      id: v.id,
      body: v.payload,
      timestamp: at(v.timestamp),
    });

    expect(headers).toEqual(headersFor(v.id, v.timestamp, v.signature));
  });

  it.each(derived.filter((v) => v.expected_signature))(
    'matches the $name vector',
    async (v) => {
      const headers = await signWebhook({
        secret: v.secret,
        id: v.msg_id,
        body: v.payload,
        timestamp: at(v.timestamp),
      });

      expect(headers['webhook-signature']).toBe(v.expected_signature);
    },
  );

  it('signs bytes and text of one body alike', async () => {
    const body = '{"emoji":"🐛"}';
    const options = { secret: SECRET, id: 'msg_1', timestamp: at(1) };

    const fromText = await signWebhook({ ...options, body });
    const fromBytes = await signWebhook({
      ...options,
      body: new TextEncoder().encode(body),
    });

    expect(fromBytes).toEqual(fromText);
  });
});

describe('verifyWebhook', () => {
  it.each(published)('accepts the published vector for $id', async (v) => {
    const verified = await verifyWebhook({
      secret: v.secret,
      headers: headersFor(v.id, v.timestamp, v.signature),
      body: v.payload,
      now: at(v.timestamp),
    });

    expect(verified).toEqual({ id: v.id, timestamp: at(v.timestamp) });
  });

  it.each(derived)('decides $name is valid: $valid', async (v) => {
    const signature = v.header_signature ?? v.expected_signature ?? '';
    const verification = verifyWebhook({
      secret: v.secret,
      headers: new Headers(headersFor(v.msg_id, v.timestamp, signature)),
      body: v.payload,
      now: at(v.timestamp),
    });

    if (v.valid) await expect(verification).resolves.toBeDefined();
    else await expect(verification).rejects.toThrow(WebhookVerificationError);
  });

  it('rejects a timestamp more than five minutes old', async () => {
    const v = published[0]!;
    const headers = headersFor(v.id, v.timestamp, v.signature);
    const options = { secret: v.secret, headers, body: v.payload };

    await expect(
      verifyWebhook({ ...options, now: at(v.timestamp + 300) }),
    ).resolves.toBeDefined();
    await expect(
      verifyWebhook({ ...options, now: at(v.timestamp + 301) }),
    ).rejects.toThrow(/more than 300 s from now/);
  });

  it('rejects a timestamp from the future beyond the tolerance', async () => {
    const v = published[0]!;

    await expect(
      verifyWebhook({
        secret: v.secret,
        headers: headersFor(v.id, v.timestamp, v.signature),
        body: v.payload,
        now: at(v.timestamp - 61),
        toleranceSeconds: 60,
      }),
    ).rejects.toThrow(WebhookVerificationError);
  });

  it('rejects a delivery without its headers', async () => {
    await expect(
      verifyWebhook({ secret: SECRET, headers: {}, body: '{}' }),
    ).rejects.toThrow(/missing webhook-id/);
  });

  it('rejects a timestamp that is not unix seconds', async () => {
    await expect(
      verifyWebhook({
        secret: SECRET,
        headers: { ...headersFor('msg_1', 0, 'v1,x'), 'webhook-timestamp': '1e9' },
        body: '{}',
      }),
    ).rejects.toThrow(/is not unix seconds/);
  });

  it('accepts what signWebhook produced, read from Node-style headers', async () => {
    const body = '{"type":"report.created"}';
    const signed = await signWebhook({ secret: SECRET, id: 'msg_2', body });
    const nodeHeaders = {
      'Webhook-Id': [signed['webhook-id']],
      'Webhook-Timestamp': signed['webhook-timestamp'],
      'Webhook-Signature': signed['webhook-signature'],
    };

    await expect(
      verifyWebhook({ secret: SECRET, headers: nodeHeaders, body }),
    ).resolves.toMatchObject({ id: 'msg_2' });
  });
});

describe('parseWebhookSecret', () => {
  it('decodes the base64 after the prefix', () => {
    expect(parseWebhookSecret(SECRET)).toHaveLength(24);
  });

  it('refuses a secret without the prefix when asked to', () => {
    expect(() =>
      parseWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', {
        requirePrefix: true,
      }),
    ).toThrow(WebhookSecretError);
  });

  it.each(['whsec_', 'whsec_not base64!', 'whsec_abcde'])(
    'refuses %j',
    (secret) => {
      expect(() => parseWebhookSecret(secret)).toThrow(/non-empty base64/);
    },
  );
});
