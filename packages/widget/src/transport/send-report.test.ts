import type { ReportInput } from '@hypercare/shared';
import { describe, expect, it, vi } from 'vitest';

import { CONTEXT, jsonResponse, RECEIPT } from '../test-fixtures.js';
import { NetworkError, ReportRejectedError, UnexpectedResponseError } from './errors.js';
import { parseRetryAfter, sendReport } from './send-report.js';

const REPORT: ReportInput = {
  schemaVersion: 1,
  category: 'bug',
  description: 'The save button does nothing.',
  context: CONTEXT,
  diagnostics: { screenshot: { status: 'captured', durationMs: 40 } },
};

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

function fakeFetch(response: () => Response | Promise<Response>) {
  return vi.fn<typeof fetch>(async () => response());
}

describe('sendReport', () => {
  it('posts the report JSON and the screenshot as multipart parts', async () => {
    const fetch = fakeFetch(() => jsonResponse(201, { ...RECEIPT, status: 'received' }));
    const screenshot = new Blob([PNG], { type: 'image/png' });

    await sendReport('https://relay.example.com/', REPORT, [{ kind: 'screenshot', blob: screenshot }], {
      fetch,
    });

    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://relay.example.com/v1/reports');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });

    const request = new Request(url as string, init);
    expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    expect(JSON.parse(form.get('report') as string)).toEqual(REPORT);
    const file = form.get('screenshot') as File;
    expect(file.name).toBe('screenshot.png');
    expect(file.type).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PNG);
  });

  it('names a WebP screenshot after its type', async () => {
    const fetch = fakeFetch(() => jsonResponse(201, RECEIPT));
    const webp = new Blob([new Uint8Array([0x52, 0x49, 0x46, 0x46])], { type: 'image/webp' });

    await sendReport('https://relay.example.com', REPORT, [{ kind: 'screenshot', blob: webp }], { fetch });

    const [url, init] = fetch.mock.calls[0]!;
    const file = (await new Request(url as string, init).formData()).get('screenshot') as File;
    expect(file.name).toBe('screenshot.webp');
  });

  it('sends only the report part when there is no attachment', async () => {
    const fetch = fakeFetch(() => jsonResponse(201, RECEIPT));

    await sendReport('https://relay.example.com', REPORT, [], { fetch });

    const form = fetch.mock.calls[0]![1]!.body as FormData;
    expect([...form.keys()]).toEqual(['report']);
  });

  it('keeps a path prefix on the relay URL', async () => {
    const fetch = fakeFetch(() => jsonResponse(201, RECEIPT));

    await sendReport('https://example.com/hypercare', REPORT, [], { fetch });

    expect(fetch.mock.calls[0]![0]).toBe('https://example.com/hypercare/v1/reports');
  });

  it("resolves with the relay's reference and receipt time", async () => {
    const fetch = fakeFetch(() => jsonResponse(201, { ...RECEIPT, status: 'received' }));

    await expect(sendReport('https://relay.example.com', REPORT, [], { fetch })).resolves.toEqual(RECEIPT);
  });

  it("rejects a 400 with the relay's status, code and field issues", async () => {
    const issues = [{ field: 'email', message: 'must be an email address' }];
    const fetch = fakeFetch(() =>
      jsonResponse(400, { error: { code: 'invalid_report', message: 'The report is not valid', issues } }),
    );

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch }).catch((e) => e);

    expect(error).toBeInstanceOf(ReportRejectedError);
    expect(error).toMatchObject({ name: 'ReportRejectedError', status: 400, code: 'invalid_report', issues });
    expect(error.message).toBe(
      'Failed to send report: the relay answered 400 (invalid_report): The report is not valid',
    );
  });

  it('rejects an answer without a JSON body by its HTTP status', async () => {
    const fetch = fakeFetch(
      () => new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch }).catch((e) => e);

    expect(error).toBeInstanceOf(ReportRejectedError);
    expect(error).toMatchObject({ status: 502, code: 'http_502', reason: 'Bad Gateway', issues: [] });
  });

  it('drops issues that are not field and message pairs', async () => {
    const fetch = fakeFetch(() =>
      jsonResponse(413, { error: { code: 'too_large', message: 'Too large', issues: [{ field: 1 }, 'x'] } }),
    );

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch }).catch((e) => e);

    expect(error).toMatchObject({ status: 413, code: 'too_large', issues: [] });
  });

  it('turns a failed fetch into a NetworkError that keeps the cause', async () => {
    const cause = new TypeError('Failed to fetch');
    const fetch = vi.fn<typeof globalThis.fetch>(async () => Promise.reject(cause));

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch }).catch((e) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Failed to send report: could not reach the relay at https://relay.example.com/v1/reports');
    expect(error.cause).toBe(cause);
  });

  it('gives up with a NetworkError when the relay does not answer in time', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
        }),
    );

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch, timeoutMs: 20 }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Failed to send report: the relay did not answer within 0.02 s');
  });

  it('rejects a success that carries no reference', async () => {
    const fetch = fakeFetch(() => jsonResponse(201, { status: 'received' }));

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch }).catch((e) => e);

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(201);
  });

  it('reads Retry-After in seconds into the error', async () => {
    const fetch = fakeFetch(
      () => new Response('{}', { status: 503, headers: { 'retry-after': '120' } }),
    );

    const error = await sendReport('https://relay.example.com', REPORT, [], { fetch }).catch((e) => e);

    expect(error).toMatchObject({ status: 503, retryAfterMs: 120_000 });
  });

  it("passes the relay's replacement reference on, naming the one proposed", async () => {
    const answer = { ...RECEIPT, requestedReference: 'HC-AAAAAA' };
    const fetch = fakeFetch(() => jsonResponse(201, answer));

    await expect(sendReport('https://relay.example.com', REPORT, [], { fetch })).resolves.toEqual(answer);
  });

  it("gives up with a NetworkError when the caller's signal aborts", async () => {
    const controller = new AbortController();
    const fetch = vi.fn<typeof globalThis.fetch>(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
        }),
    );

    const sending = sendReport('https://relay.example.com', REPORT, [], { fetch, signal: controller.signal });
    controller.abort();
    const error = await sending.catch((e) => e);

    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Failed to send report: it was cancelled');
  });

  it('asks for keepalive only when told to', async () => {
    const fetch = fakeFetch(() => jsonResponse(201, RECEIPT));

    await sendReport('https://relay.example.com', REPORT, [], { fetch, keepalive: true });
    await sendReport('https://relay.example.com', REPORT, [], { fetch });

    expect(fetch.mock.calls[0]![1]).toMatchObject({ keepalive: true });
    expect(fetch.mock.calls[1]![1]).not.toHaveProperty('keepalive');
  });
});

describe('parseRetryAfter', () => {
  const NOW = Date.parse('2026-12-04T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Fri, 04 Dec 2026 10:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 09:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores a missing or unreadable value', () => {
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  });
});
