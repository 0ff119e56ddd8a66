import { SCHEMA_VERSION } from '@hypercare/shared';
import type { DeliveryReport } from '@hypercare/shared/adapter';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createWebhookAdapter, WebhookConfigError } from './adapter.js';
import { verifyWebhook } from './signature.js';

const URL = 'http://127.0.0.1:9999/hooks/hypercare';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function deliveryReport(): DeliveryReport {
  return {
    id: '0b6f7a5e-4c1e-4a53-9d7e-2f1f5f3c9a10',
    reference: 'HC-7F3K2Q',
    receivedAt: '2026-12-04T10:00:01.000Z',
    report: {
      schemaVersion: SCHEMA_VERSION,
      category: 'data',
      description: 'The totals row is off by one.',
      context: {
        url: 'https://app.example.com/reports',
        userAgent: 'Mozilla/5.0',
        viewport: { width: 1280, height: 720 },
        devicePixelRatio: 2,
        language: 'en-GB',
        timeZone: 'Europe/London',
        time: '2026-12-04T10:00:00.000Z',
      },
      diagnostics: { screenshot: { status: 'captured', durationMs: 120 } },
    },
    attachments: [
      {
        id: 'att-1',
        kind: 'screenshot',
        filename: 'screenshot.png',
        contentType: 'image/png',
        size: 68,
        sha256: 'ab'.repeat(32),
        url: 'https://relay.example.com/v1/attachments/att-1?expires=1&signature=x',
        read: () => Promise.resolve(new Blob()),
      },
    ],
  };
}

function context(attempt = 1) {
  return { fetch: globalThis.fetch, signal: new AbortController().signal, attempt };
}

describe('createWebhookAdapter', () => {
  it('posts a signed report.created event the receiver can verify', async () => {
    let received: Request | undefined;
    server.use(
      http.post(URL, ({ request }) => {
        received = request.clone();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    const result = await adapter.deliver(deliveryReport(), context());

    expect(adapter.name).toBe('webhook');
    expect(result).toEqual({
      ok: true,
      externalId: 'msg_0b6f7a5e-4c1e-4a53-9d7e-2f1f5f3c9a10',
    });
    const body = await received!.text();
    expect(received!.headers.get('content-type')).toBe('application/json');
    await expect(
      verifyWebhook({ secret: SECRET, headers: received!.headers, body }),
    ).resolves.toMatchObject({ id: 'msg_0b6f7a5e-4c1e-4a53-9d7e-2f1f5f3c9a10' });
    expect(JSON.parse(body)).toEqual({
      type: 'report.created',
      timestamp: '2026-12-04T10:00:01.000Z',
      data: {
        id: '0b6f7a5e-4c1e-4a53-9d7e-2f1f5f3c9a10',
        reference: 'HC-7F3K2Q',
        receivedAt: '2026-12-04T10:00:01.000Z',
        category: 'data',
        categoryTitle: 'Data problem',
        severity: null,
        description: 'The totals row is off by one.',
        email: null,
        context: deliveryReport().report.context,
        diagnostics: { screenshot: { status: 'captured', durationMs: 120 } },
        attachments: [
          {
            id: 'att-1',
            kind: 'screenshot',
            filename: 'screenshot.png',
            contentType: 'image/png',
            size: 68,
            sha256: 'ab'.repeat(32),
            url: 'https://relay.example.com/v1/attachments/att-1?expires=1&signature=x',
          },
        ],
      },
    });
  });

  it('keeps the webhook-id across retries and re-signs each attempt', async () => {
    const ids: string[] = [];
    server.use(
      http.post(URL, ({ request }) => {
        ids.push(request.headers.get('webhook-id') ?? '');
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    await adapter.deliver(deliveryReport(), context(1));
    await adapter.deliver(deliveryReport(), context(2));

    expect(ids).toEqual([
      'msg_0b6f7a5e-4c1e-4a53-9d7e-2f1f5f3c9a10',
      'msg_0b6f7a5e-4c1e-4a53-9d7e-2f1f5f3c9a10',
    ]);
  });

  it('records the ticket id and link a receiver answers with', async () => {
    server.use(
      http.post(URL, () =>
        HttpResponse.json(
          { id: 'SUP-42', url: 'https://support.example.com/SUP-42' },
          { status: 201 },
        ),
      ),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    await expect(adapter.deliver(deliveryReport(), context())).resolves.toEqual({
      ok: true,
      externalId: 'SUP-42',
      externalUrl: 'https://support.example.com/SUP-42',
    });
  });

  it('sends the extra headers it was given, never over the signature', async () => {
    let headers: Headers | undefined;
    server.use(
      http.post(URL, ({ request }) => {
        headers = request.headers;
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const adapter = createWebhookAdapter({
      url: URL,
      secret: SECRET,
      headers: { 'x-api-key': 'k', 'webhook-signature': 'v1,forged' },
    });

    await adapter.deliver(deliveryReport(), context());

    expect(headers?.get('x-api-key')).toBe('k');
    expect(headers?.get('webhook-signature')).not.toBe('v1,forged');
  });

  it.each([
    [503, 'Service Unavailable', true],
    [500, 'Internal Server Error', true],
    [429, 'Too Many Requests', true],
    [408, 'Request Timeout', true],
    [425, 'Too Early', true],
    [409, 'Conflict', true],
    [400, 'Bad Request', false],
    [401, 'Unauthorized', false],
    [404, 'Not Found', false],
    [410, 'Gone', false],
  ])('treats %i %s as retryable: %s', async (status, statusText, retryable) => {
    server.use(http.post(URL, () => new HttpResponse(null, { status, statusText })));
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    await expect(adapter.deliver(deliveryReport(), context())).resolves.toEqual({
      ok: false,
      retryable,
      message: `Failed to deliver webhook: ${status} ${statusText}`,
    });
  });

  it('quotes the start of the receiver\'s error body', async () => {
    server.use(
      http.post(URL, () =>
        new HttpResponse(`missing field "x"\n${'.'.repeat(500)}`, {
          status: 422,
          statusText: 'Unprocessable Entity',
        }),
      ),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    const result = await adapter.deliver(deliveryReport(), context());

    expect(result).toMatchObject({
      ok: false,
      retryable: false,
      message: `Failed to deliver webhook: 422 Unprocessable Entity (missing field "x" ${'.'.repeat(182)})`,
    });
  });

  it('passes Retry-After seconds on as milliseconds', async () => {
    server.use(
      http.post(URL, () =>
        new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } }),
      ),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    const result = await adapter.deliver(deliveryReport(), context());

    expect(result).toMatchObject({ ok: false, retryable: true, retryAfterMs: 120_000 });
  });

  it('passes a Retry-After date on as the time until then', async () => {
    const later = new Date(Date.now() + 90_000).toUTCString();
    server.use(
      http.post(URL, () =>
        new HttpResponse(null, { status: 503, headers: { 'Retry-After': later } }),
      ),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    const result = await adapter.deliver(deliveryReport(), context());

    expect(result.ok).toBe(false);
    const retryAfterMs = result.ok ? 0 : (result.retryAfterMs ?? 0);
    expect(retryAfterMs).toBeGreaterThan(85_000);
    expect(retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('treats a network error as retryable', async () => {
    server.use(http.post(URL, () => HttpResponse.error()));
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    const result = await adapter.deliver(deliveryReport(), context());

    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok || result.message).toMatch(/^Failed to deliver webhook: /);
  });

  it('gives up on a slow receiver after timeoutMs, retryably', async () => {
    server.use(
      http.post(URL, async () => {
        await delay(1_000);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET, timeoutMs: 50 });

    await expect(adapter.deliver(deliveryReport(), context())).resolves.toEqual({
      ok: false,
      retryable: true,
      message: 'Failed to deliver webhook: timed out after 50 ms',
    });
  });

  it('stops when the relay aborts the attempt', async () => {
    server.use(
      http.post(URL, async () => {
        await delay(1_000);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('relay stopping')), 20);

    const result = await adapter.deliver(deliveryReport(), {
      ...context(),
      signal: controller.signal,
    });

    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('does not follow a redirect elsewhere', async () => {
    let followed = false;
    server.use(
      http.post(URL, () =>
        new HttpResponse(null, {
          status: 307,
          statusText: 'Temporary Redirect',
          headers: { Location: 'http://127.0.0.1:9999/elsewhere' },
        }),
      ),
      http.post('http://127.0.0.1:9999/elsewhere', () => {
        followed = true;
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const adapter = createWebhookAdapter({ url: URL, secret: SECRET });

    const result = await adapter.deliver(deliveryReport(), context());

    expect(followed).toBe(false);
    expect(result).toMatchObject({ ok: false, retryable: false });
  });

  it.each([
    ['MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', /secret must have the form whsec_<base64>/],
    ['whsec_', /secret must have the form whsec_<base64>/],
    ['whsec_%%%', /secret must have the form whsec_<base64>/],
  ])('refuses the secret %j when created', (secret, message) => {
    expect(() => createWebhookAdapter({ url: URL, secret })).toThrow(message);
  });

  it('refuses a URL that is not absolute http(s)', () => {
    expect(() => createWebhookAdapter({ url: '/hooks', secret: SECRET })).toThrow(
      WebhookConfigError,
    );
    expect(() =>
      createWebhookAdapter({ url: 'ftp://example.com/', secret: SECRET }),
    ).toThrow(/must use http or https/);
  });
});
