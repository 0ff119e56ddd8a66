import { join } from 'node:path';

import {
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  MAX_REPORT_JSON_BYTES,
  MAX_REQUEST_BYTES,
  REFERENCE_PATTERN,
} from '@hypercare/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { RelayOptions } from './relay.js';
import {
  createTestRelay,
  JPEG_BYTES,
  manualClock,
  PNG_BYTES,
  PUBLIC_URL,
  reportForm,
  screenshotPart,
  validReport,
  type TestRelay,
} from './testing/fixtures.js';

let current: TestRelay | undefined;

afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});

function setup(options: Partial<RelayOptions> = {}) {
  current = createTestRelay(options);
  return current;
}

function post(t: TestRelay, body: FormData | string, headers = {}) {
  return t.relay.app.request('/v1/reports', { method: 'POST', body, headers });
}

async function postJson(t: TestRelay, report: unknown) {
  return post(t, JSON.stringify(report), { 'content-type': 'application/json' });
}

async function errorOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return ((await response.json()) as { error: Record<string, unknown> }).error;
}

async function expectNothingStored(t: TestRelay) {
  expect(await t.store.listReports({ limit: 10 })).toEqual([]);
}

function toUrl(url: string): string {
  return url.slice(PUBLIC_URL.length);
}

describe('GET /healthz', () => {
  it('answers ok', async () => {
    const response = await setup().relay.app.request('/healthz');

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('POST /v1/reports', () => {
  it('stores a multipart report with its screenshot and answers a reference', async () => {
    const clock = manualClock();
    const t = setup({ now: clock.now });

    const response = await post(t, reportForm());

    expect(response.status).toBe(201);
    const receipt = (await response.json()) as Record<string, string>;
    expect(receipt).toEqual({
      reference: expect.stringMatching(REFERENCE_PATTERN),
      status: 'received',
      receivedAt: '2026-12-04T10:00:00.000Z',
    });
    const stored = await t.store.getReportByReference(receipt.reference!);
    expect(stored?.report.description).toBe('The save button does nothing.');
    expect(stored?.attachments).toMatchObject([
      {
        kind: 'screenshot',
        filename: 'screenshot.png',
        contentType: 'image/png',
        size: PNG_BYTES.length,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  it('records the screenshot sha256 of its bytes', async () => {
    const t = setup();

    const { reference } = (await (await post(t, reportForm())).json()) as {
      reference: string;
    };

    const digest = await crypto.subtle.digest('SHA-256', PNG_BYTES);
    const hex = Buffer.from(digest).toString('hex');
    const stored = await t.store.getReportByReference(reference);
    expect(stored?.attachments[0]?.sha256).toBe(hex);
  });

  it('accepts a JSON report without attachments', async () => {
    const t = setup();

    const response = await postJson(t, validReport());

    expect(response.status).toBe(201);
    const listed = await t.store.listReports({ limit: 1 });
    expect(listed[0]?.attachments).toEqual([]);
  });

  it('accepts the report part sent as a JSON blob', async () => {
    const t = setup();
    const form = new FormData();
    form.append(
      'report',
      new Blob([JSON.stringify(validReport())], { type: 'application/json' }),
      'report.json',
    );

    expect((await post(t, form)).status).toBe(201);
  });

  it.each([
    ['scr\u202egnp.exe', 'scrgnp.exe.png'],
    ['C:\\Users\\ada\\shot.PNG', 'shot.PNG'],
    ['../../etc/passwd', 'passwd.png'],
    ['a\u0000b\u0085"c\u200f.png', 'abc.png'],
    ['\u2066\u2069', 'screenshot.png'],
  ])('stores the file name %j as %j', async (sent, kept) => {
    const t = setup();

    await post(t, reportForm(validReport(), [screenshotPart(PNG_BYTES, 'image/png', sent)]));

    const [stored] = await t.store.listReports({ limit: 1 });
    expect(stored?.attachments[0]?.filename).toBe(kept);
  });

  it('names a blob without a filename after its kind', async () => {
    const t = setup();
    const form = reportForm(validReport(), []);
    form.append('screenshot', new Blob([JPEG_BYTES], { type: 'image/jpeg' }));

    await post(t, form);

    const [stored] = await t.store.listReports({ limit: 1 });
    expect(stored?.attachments[0]?.filename).toBe('screenshot.jpg');
  });

  it('creates one pending delivery per configured adapter', async () => {
    const adapter = (name: string) => ({ name, deliver: vi.fn() });
    const t = setup({ adapters: [adapter('webhook'), adapter('jira')] });

    await post(t, reportForm());

    const [stored] = await t.store.listReports({ limit: 1 });
    expect(stored?.deliveries.map((d) => d.adapter).sort()).toEqual(['jira', 'webhook']);
  });

  it('answers 400 naming the bad field, and stores nothing', async () => {
    const t = setup();

    const response = await post(t, reportForm(validReport({ description: '  ' })));

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      code: 'invalid_report',
      message: 'Failed to accept report: description must not be empty',
      issues: [{ field: 'description', message: 'must not be empty' }],
    });
    await expectNothingStored(t);
  });

  it('answers invalid_json for a report part that is not JSON', async () => {
    const t = setup();
    const form = new FormData();
    form.append('report', '{"category": "bug",');

    const response = await post(t, form);

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      code: 'invalid_json',
      issues: [{ field: 'report', message: 'is not valid JSON' }],
    });
  });

  it('answers invalid_json for a malformed JSON body', async () => {
    const response = await post(setup(), '{nope', {
      'content-type': 'application/json; charset=utf-8',
    });

    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('invalid_json');
  });

  it('answers 400 for a submission without a report part', async () => {
    const form = new FormData();
    form.append('screenshot', new Blob([PNG_BYTES], { type: 'image/png' }));

    const response = await post(setup(), form);

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      issues: [{ field: 'report', message: 'is required' }],
    });
  });

  it('answers 400 for a part it does not know', async () => {
    const t = setup();
    const form = reportForm();
    form.append('video', new Blob(['x'], { type: 'video/mp4' }));

    const response = await post(t, form);

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      issues: [{ field: 'video', message: 'is not a part the relay accepts' }],
    });
    await expectNothingStored(t);
  });

  it('answers 400 for a screenshot sent as text', async () => {
    const form = reportForm(validReport(), [{ name: 'screenshot', value: 'abc' }]);

    const response = await post(setup(), form);

    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({
      issues: [{ field: 'screenshot', message: 'must be a file' }],
    });
  });

  it('answers 415 for a body that is neither multipart nor JSON', async () => {
    const t = setup();

    const response = await post(t, 'hello', { 'content-type': 'text/plain' });

    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/^Failed to accept report: .*text\/plain/),
    });
  });

  it('answers 415 for a screenshot type it does not take', async () => {
    const t = setup();
    const gif = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61]);

    const response = await post(t, reportForm(validReport(), [screenshotPart(gif, 'image/gif')]));

    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe('unsupported_media_type');
    await expectNothingStored(t);
  });

  it('answers 415 when the bytes are not the image type claimed', async () => {
    const t = setup();
    const part = screenshotPart(JPEG_BYTES, 'image/png');

    const response = await post(t, reportForm(validReport(), [part]));

    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({
      code: 'unsupported_media_type',
      message:
        'Failed to accept report: screenshot claims to be image/png but its ' +
        'bytes are image/jpeg',
    });
    await expectNothingStored(t);
  });

  it('answers 415 for HTML posing as a PNG', async () => {
    const t = setup();
    const html = new TextEncoder().encode('<script>alert(1)</script>');

    const response = await post(t, reportForm(validReport(), [screenshotPart(html)]));

    expect(response.status).toBe(415);
    await expectNothingStored(t);
  });

  it('answers 413 for a screenshot over the per-file limit', async () => {
    const t = setup();
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PNG_BYTES);

    const response = await post(t, reportForm(validReport(), [screenshotPart(big)]));

    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('too_large');
    await expectNothingStored(t);
  });

  it('answers 413 for more attachments than allowed', async () => {
    const t = setup();
    const parts = Array.from({ length: MAX_ATTACHMENTS + 1 }, () => screenshotPart());

    const response = await post(t, reportForm(validReport(), parts));

    expect(response.status).toBe(413);
    expect((await errorOf(response)).message).toMatch(/at most 5 attachments/);
  });

  it('answers 413 for a report JSON over its limit', async () => {
    const t = setup();
    const padding = 'x'.repeat(MAX_REPORT_JSON_BYTES);

    const response = await postJson(t, { ...validReport(), padding });

    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('too_large');
  });

  it('answers 413 for a request whose declared length is over the limit', async () => {
    const t = setup();

    const response = await post(t, reportForm(), {
      'content-length': String(MAX_REQUEST_BYTES + 1),
    });

    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({
      code: 'too_large',
      message: `Failed to accept report: the request is larger than ${MAX_REQUEST_BYTES} bytes`,
    });
  });

  it('answers 413 for a streamed request that runs over the limit', async () => {
    const t = setup();
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_REQUEST_BYTES) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });

    const response = await t.relay.app.request('/v1/reports', {
      method: 'POST',
      body,
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
      duplex: 'half',
    } as RequestInit);

    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe('too_large');
  });
});

describe('POST /v1/reports with a submission key', () => {
  const KEY = 'k3y-0f-a-r3p0rt-from-the-outbox';

  function submitted(reference?: string, key = KEY) {
    return validReport({ submission: { key, ...(reference && { reference }) } });
  }

  it('stores the report under the reference the widget proposed', async () => {
    const t = setup();

    const response = await post(t, reportForm(submitted('HC-7F3K2Q')));

    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ reference: 'HC-7F3K2Q' });
    const stored = await t.store.getReportByReference('HC-7F3K2Q');
    expect(stored?.report).not.toHaveProperty('submission');
  });

  it('answers a repeat with the first reference and stores nothing more', async () => {
    const t = setup();
    const first = await post(t, reportForm(submitted('HC-7F3K2Q')));
    const firstReceipt = await first.json();

    const again = await post(t, reportForm(submitted('HC-AAAAAA')));

    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(firstReceipt);
    expect(await t.store.listReports({ limit: 10 })).toHaveLength(1);
  });

  it('stores one report when the same submission arrives many times at once', async () => {
    const t = setup();

    const responses = await Promise.all(
      Array.from({ length: 8 }, () => post(t, reportForm(submitted('HC-7F3K2Q')))),
    );

    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    const references = await Promise.all(responses.map(async (r) => (await r.json()).reference));
    expect(new Set(references)).toEqual(new Set(['HC-7F3K2Q']));
    expect(await t.store.listReports({ limit: 10 })).toHaveLength(1);
  });

  it('gives a fresh reference, and says so, when the proposed one is taken', async () => {
    const t = setup();
    await post(t, reportForm(submitted('HC-7F3K2Q', 'another-key-0123456789')));

    const response = await post(t, reportForm(submitted('HC-7F3K2Q')));

    expect(response.status).toBe(201);
    const receipt = (await response.json()) as Record<string, string>;
    expect(receipt.reference).toMatch(REFERENCE_PATTERN);
    expect(receipt.reference).not.toBe('HC-7F3K2Q');
    expect(receipt.requestedReference).toBe('HC-7F3K2Q');
    expect(await t.store.listReports({ limit: 10 })).toHaveLength(2);
  });

  it('treats a report sent as JSON the same way', async () => {
    const t = setup();

    const first = await postJson(t, submitted('HC-7F3K2Q'));
    const again = await postJson(t, submitted('HC-7F3K2Q'));

    expect([first.status, again.status]).toEqual([201, 200]);
    expect(await t.store.listReports({ limit: 10 })).toHaveLength(1);
  });

  it('rejects a key that is too short or has odd characters, naming the field', async () => {
    const t = setup();

    for (const key of ['short', 'has spaces in it, sadly', 'x'.repeat(129)]) {
      const response = await post(t, reportForm(submitted(undefined, key)));

      expect(response.status).toBe(400);
      expect((await errorOf(response)).issues).toContainEqual({
        field: 'submission.key',
        message: 'must be 16 to 128 letters, digits, - or _',
      });
    }
    await expectNothingStored(t);
  });

  it('rejects a proposed reference that is not one', async () => {
    const t = setup();

    const response = await post(t, reportForm(submitted('HC-ILOU00')));

    expect(response.status).toBe(400);
    expect((await errorOf(response)).issues).toContainEqual({
      field: 'submission.reference',
      message: 'must be a reference like HC-7F3K2Q',
    });
  });

  it('logs a repeat apart from a stored report', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const t = setup({ logger });

    await post(t, reportForm(submitted('HC-7F3K2Q')));
    await post(t, reportForm(submitted('HC-7F3K2Q')));

    expect(logger.info).toHaveBeenCalledWith('report repeated', { reference: 'HC-7F3K2Q' });
    expect(logger.info.mock.calls.filter(([m]) => m === 'report stored')).toHaveLength(1);
  });
});

describe('GET /v1/reports/:reference', () => {
  async function submit(t: TestRelay): Promise<string> {
    const response = await post(t, reportForm());
    return ((await response.json()) as { reference: string }).reference;
  }

  it('tells the status and deliveries, without report content', async () => {
    const t = setup({ adapters: [{ name: 'webhook', deliver: vi.fn() }] });
    const reference = await submit(t);

    const response = await t.relay.app.request(`/v1/reports/${reference}`);

    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      reference,
      status: 'received',
      receivedAt: expect.any(String),
      deliveries: [
        { adapter: 'webhook', status: 'pending', attempts: 0, updatedAt: expect.any(String) },
      ],
    });
    expect(JSON.stringify(body)).not.toContain('save button');
    expect(JSON.stringify(body)).not.toContain('ada@example.com');
  });

  it('names the ticket but keeps its link into the tracker to the team', async () => {
    const deliver = vi.fn().mockResolvedValue({
      ok: true,
      externalId: 'SUP-42',
      externalUrl: 'https://jira.internal.example.com/browse/SUP-42',
    });
    const t = setup({ adapters: [{ name: 'jira', deliver }], isTrustedClient: () => true });
    const reference = await submit(t);
    await t.relay.worker.runOnce();

    const status = await (await t.relay.app.request(`/v1/reports/${reference}`)).json();
    const list = await (await t.relay.app.request('/v1/reports')).json();

    expect(status.status).toBe('delivered');
    expect(status.deliveries[0]).toMatchObject({ adapter: 'jira', externalId: 'SUP-42' });
    expect(JSON.stringify(status)).not.toContain('jira.internal');
    expect(list.reports[0].deliveries[0].externalUrl).toBe(
      'https://jira.internal.example.com/browse/SUP-42',
    );
    expect(list.reports[0].context.url).toBe('https://app.example.com/settings');
  });

  it('finds a reference typed in lower case', async () => {
    const t = setup();
    const reference = await submit(t);

    const response = await t.relay.app.request(`/v1/reports/${reference.toLowerCase()}`);

    expect(response.status).toBe(200);
  });

  it('answers 404 for an unknown reference', async () => {
    const response = await setup().relay.app.request('/v1/reports/HC-7F3K2Q');

    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });

  it('answers 400 for a malformed reference', async () => {
    const response = await setup().relay.app.request('/v1/reports/HC-OOPS');

    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe('invalid_reference');
  });
});

describe('POST /v1/reports/:reference/redeliver', () => {
  it('gives a delivery that failed for good another go', async () => {
    const deliver = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, retryable: false, message: 'Failed to deliver webhook: 404' })
      .mockResolvedValueOnce({ ok: true, externalId: 'msg_1' });
    const t = setup({ adapters: [{ name: 'webhook', deliver }], isTrustedClient: () => true });
    const { reference } = await (await post(t, reportForm())).json();
    await t.relay.worker.runOnce();
    const failed = await (await t.relay.app.request(`/v1/reports/${reference}`)).json();

    const response = await t.relay.app.request(`/v1/reports/${reference}/redeliver`, {
      method: 'POST',
    });
    await t.relay.worker.runOnce();
    const delivered = await (await t.relay.app.request(`/v1/reports/${reference}`)).json();

    expect(failed.status).toBe('failed');
    expect(await response.json()).toEqual({ reference, requeued: ['webhook'] });
    expect(delivered.status).toBe('delivered');
    expect(delivered.deliveries[0]).toMatchObject({ attempts: 2, externalId: 'msg_1' });
  });

  it('requeues nothing that did not fail', async () => {
    const t = setup({ adapters: [{ name: 'webhook', deliver: vi.fn() }], isTrustedClient: () => true });
    const { reference } = await (await post(t, reportForm())).json();

    const response = await t.relay.app.request(`/v1/reports/${reference}/redeliver`, {
      method: 'POST',
    });

    expect(await response.json()).toEqual({ reference, requeued: [] });
  });

  it('is for admins only', async () => {
    const t = setup({ adminToken: 'admin-token-0123456789' });
    const { reference } = await (await post(t, reportForm())).json();

    const response = await t.relay.app.request(`/v1/reports/${reference}/redeliver`, {
      method: 'POST',
    });

    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toBe(
      'Failed to redeliver report: send Authorization: Bearer <admin token>',
    );
  });
});

describe('GET /v1/reports', () => {
  it('lists reports newest first for a trusted client', async () => {
    const clock = manualClock();
    const t = setup({ now: clock.now, isTrustedClient: () => true });
    await postJson(t, validReport({ description: 'first' }));
    clock.advance(1_000);
    await post(t, reportForm(validReport({ description: 'second', severity: undefined })));

    const response = await t.relay.app.request('/v1/reports');

    expect(response.status).toBe(200);
    const { reports } = (await response.json()) as { reports: Array<Record<string, unknown>> };
    expect(reports.map((r) => r.description)).toEqual(['second', 'first']);
    expect(reports[0]).toEqual({
      reference: expect.stringMatching(REFERENCE_PATTERN),
      receivedAt: '2026-12-04T10:00:01.000Z',
      category: 'bug',
      severity: null,
      description: 'second',
      email: 'ada@example.com',
      context: validReport().context,
      diagnostics: {},
      status: 'received',
      attachments: [
        {
          id: expect.any(String),
          kind: 'screenshot',
          filename: 'screenshot.png',
          contentType: 'image/png',
          size: PNG_BYTES.length,
          url: expect.stringMatching(
            /^http:\/\/127\.0\.0\.1:8787\/v1\/attachments\/[\w-]+\?expires=\d+&signature=[\w-]+$/,
          ),
        },
      ],
      deliveries: [],
    });
  });

  it('honours the limit and rejects a bad one', async () => {
    const t = setup({ isTrustedClient: () => true });
    for (let i = 0; i < 3; i++) await postJson(t, validReport());

    const limited = await t.relay.app.request('/v1/reports?limit=2');
    expect(((await limited.json()) as { reports: unknown[] }).reports).toHaveLength(2);

    for (const limit of ['0', '201', '0x10', '1e2', '%205', '2.0', '-1']) {
      const bad = await t.relay.app.request(`/v1/reports?limit=${limit}`);
      expect(bad.status, limit).toBe(400);
      expect((await errorOf(bad)).code).toBe('invalid_query');
    }
  });

  it('forbids an untrusted client when no admin token is set', async () => {
    const t = setup();
    await postJson(t, validReport());

    const response = await t.relay.app.request('/v1/reports', {
      headers: { authorization: 'Bearer guess-guess-guess-guess' },
    });

    expect(response.status).toBe(403);
    expect(JSON.stringify(await errorOf(response))).not.toContain('save button');
  });

  it('asks an untrusted client for the admin token', async () => {
    const t = setup({ adminToken: 'admin-token-0123456789' });

    const response = await t.relay.app.request('/v1/reports');

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await errorOf(response)).code).toBe('unauthorized');
  });

  it('forbids a wrong admin token', async () => {
    const t = setup({ adminToken: 'admin-token-0123456789' });

    const response = await t.relay.app.request('/v1/reports', {
      headers: { authorization: 'Bearer admin-token-0123456780' },
    });

    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('forbidden');
  });

  it('lets the admin token in', async () => {
    const t = setup({ adminToken: 'admin-token-0123456789' });
    await postJson(t, validReport());

    const response = await t.relay.app.request('/v1/reports', {
      headers: { authorization: 'Bearer admin-token-0123456789' },
    });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { reports: unknown[] }).reports).toHaveLength(1);
  });
});

describe('GET /v1/attachments/:id', () => {
  async function attachmentUrl(t: TestRelay): Promise<string> {
    await post(t, reportForm(validReport(), [screenshotPart(PNG_BYTES, 'image/png', 'C:\\tmp\\Fehler "ä".png')]));
    const response = await t.relay.app.request('/v1/reports');
    const { reports } = (await response.json()) as {
      reports: Array<{ attachments: Array<{ url: string }> }>;
    };
    return toUrl(reports[0]!.attachments[0]!.url);
  }

  it('serves the bytes with their type behind a signed link', async () => {
    const t = setup({ isTrustedClient: () => true });
    const url = await attachmentUrl(t);

    const response = await t.relay.app.request(url);

    expect(response.status).toBe(200);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG_BYTES);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-disposition': `inline; filename="Fehler _.png"; filename*=UTF-8''Fehler%20%C3%A4.png`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private',
    });
  });

  it('refuses a link past its expiry', async () => {
    const clock = manualClock();
    const t = setup({
      isTrustedClient: () => true,
      now: clock.now,
      attachmentUrlTtlSeconds: 60,
    });
    const url = await attachmentUrl(t);

    clock.advance(61_000);
    const response = await t.relay.app.request(url);

    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('expired');
  });

  it('refuses a link whose expiry was pushed out', async () => {
    const t = setup({ isTrustedClient: () => true });
    const url = await attachmentUrl(t);

    const extended = url.replace(/expires=(\d+)/, (_, n) => `expires=${Number(n) + 3600}`);
    const response = await t.relay.app.request(extended);

    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('invalid_signature');
  });

  it('refuses a tampered signature, or none', async () => {
    const t = setup({ isTrustedClient: () => true });
    const url = await attachmentUrl(t);

    const flipped = url.replace(/signature=(.)/, (_, c) => `signature=${c === 'A' ? 'B' : 'A'}`);
    const unsigned = url.replace(/[?].*$/, '');

    expect((await t.relay.app.request(flipped)).status).toBe(403);
    expect((await t.relay.app.request(unsigned)).status).toBe(403);
  });

  it('refuses a signature made for another attachment', async () => {
    const t = setup({ isTrustedClient: () => true });
    const url = await attachmentUrl(t);

    const moved = url.replace(/attachments\/[\w-]+/, 'attachments/another-id');
    const response = await t.relay.app.request(moved);

    expect(response.status).toBe(403);
  });

  it('answers 404 for a correctly signed link to nothing', async () => {
    const t = setup({ isTrustedClient: () => true });
    const url = await attachmentUrl(t);
    const db = new Database(join(t.dir, 'hypercare.db'));
    db.exec('DELETE FROM attachments');
    db.close();

    const response = await t.relay.app.request(url);

    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe('not_found');
  });
});

describe('CORS', () => {
  it('answers the preflight of a cross-origin multipart POST', async () => {
    const t = setup();

    const response = await t.relay.app.request('/v1/reports', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('allows only the configured origins', async () => {
    const t = setup({ allowedOrigins: ['https://app.example.com'] });
    const from = (origin: string) =>
      t.relay.app.request('/v1/reports/HC-7F3K2Q', { headers: { origin } });

    const allowed = await from('https://app.example.com');
    const other = await from('https://evil.example.net');

    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a report from a page on an origin not allowed, storing nothing', async () => {
    const t = setup({ allowedOrigins: ['https://app.example.com'] });

    const response = await post(t, reportForm(), { origin: 'https://evil.example.net' });

    expect(response.status).toBe(403);
    expect(await errorOf(response)).toEqual({
      code: 'origin_not_allowed',
      message:
        'Failed to accept report: pages on https://evil.example.net may not send reports to this relay',
    });
    await expectNothingStored(t);
  });

  it('takes reports from allowed pages and from clients that send no origin', async () => {
    const t = setup({ allowedOrigins: ['https://app.example.com'] });

    const fromPage = await post(t, reportForm(), { origin: 'https://app.example.com' });
    const fromServer = await post(t, reportForm());

    expect([fromPage.status, fromServer.status]).toEqual([201, 201]);
    expect(fromPage.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
  });

  it('gives no other site a way to read the report list or attachments', async () => {
    const t = setup({ isTrustedClient: () => true });
    const origin = 'https://evil.example.net';

    // GET is CORS-safelisted, so a preflight never guards it: what counts
    // is that the answers themselves carry no Access-Control-Allow-Origin.
    const list = await t.relay.app.request('/v1/reports', { headers: { origin } });
    const attachment = await t.relay.app.request('/v1/attachments/x', { headers: { origin } });

    expect(list.status).toBe(200);
    for (const response of [list, attachment]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets the widget read error answers cross-origin', async () => {
    const t = setup();

    const response = await post(t, reportForm(validReport({ description: '' })), {
      origin: 'https://app.example.com',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('routing', () => {
  it('answers JSON 404 for unknown paths', async () => {
    const response = await setup().relay.app.request('/v2/nothing');

    expect(response.status).toBe(404);
    expect(await errorOf(response)).toEqual({
      code: 'not_found',
      message: 'Failed to find GET /v2/nothing',
    });
  });

  it('serves routes added after creation', async () => {
    const t = setup();
    t.relay.app.get('/', (c) => c.html('<h1>demo</h1>'));

    const response = await t.relay.app.request('/');

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<h1>demo</h1>');
  });

  it('answers JSON 500 and logs when the store fails', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const t = setup({ logger });
    vi.spyOn(t.store, 'insertReport').mockRejectedValue(new Error('disk full'));

    const response = await post(t, reportForm());

    expect(response.status).toBe(500);
    expect(await errorOf(response)).toEqual({
      code: 'internal_error',
      message: 'Failed to handle request: internal error',
    });
    expect(logger.error).toHaveBeenCalledWith(
      'request failed',
      expect.objectContaining({ path: '/v1/reports', error: expect.any(Error) }),
    );
  });

  it('logs each stored report with its reference', async () => {
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const t = setup({ logger });

    const { reference } = (await (await post(t, reportForm())).json()) as { reference: string };

    expect(logger.info).toHaveBeenCalledWith('report stored', {
      reference,
      category: 'bug',
      attachments: 1,
    });
  });
});
