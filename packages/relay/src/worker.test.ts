import {
  createWebhookAdapter,
  verifyWebhook,
  type ReportCreatedEvent,
} from '@hypercare/adapter-webhook';
import type { Adapter } from '@hypercare/shared/adapter';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
} from 'vitest';

import type { RelayOptions } from './relay.js';
import {
  createTestRelay,
  manualClock,
  PNG_BYTES,
  PUBLIC_URL,
  reportForm,
  type TestRelay,
} from './testing/fixtures.js';

const HOOK_URL = 'http://127.0.0.1:9999/hooks/hypercare';
const HOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

const receiver = setupServer();

beforeAll(() => receiver.listen({ onUnhandledRequest: 'error' }));
afterEach(() => receiver.resetHandlers());
afterAll(() => receiver.close());

let current: TestRelay | undefined;

afterEach(async () => {
  await current?.cleanup();
  current = undefined;
});

interface Received {
  request: Request;
  body: string;
}

/** Answers each delivery with the next response, the last one for the rest. */
function receive(...responses: Array<() => Response>): Received[] {
  const received: Received[] = [];
  receiver.use(
    http.post(HOOK_URL, async ({ request }) => {
      received.push({ request, body: await request.clone().text() });
      const respond = responses[Math.min(received.length, responses.length) - 1]!;
      return respond();
    }),
  );
  return received;
}

function setup(options: Partial<RelayOptions> = {}) {
  const clock = manualClock();
  current = createTestRelay({
    adapters: [createWebhookAdapter({ url: HOOK_URL, secret: HOOK_SECRET })],
    now: clock.now,
    random: () => 0.5,
    retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 10_000 },
    ...options,
  });
  return { ...current, clock };
}

async function submit(t: TestRelay): Promise<string> {
  const response = await t.relay.app.request('/v1/reports', {
    method: 'POST',
    body: reportForm(),
  });
  return ((await response.json()) as { reference: string }).reference;
}

async function statusOf(t: TestRelay, reference: string) {
  const response = await t.relay.app.request(`/v1/reports/${reference}`);
  return (await response.json()) as {
    status: string;
    deliveries: Array<Record<string, unknown>>;
  };
}

async function deliveryOf(t: TestRelay, reference: string) {
  return (await t.store.getReportByReference(reference))!.deliveries[0]!;
}

describe('delivery worker', () => {
  it('delivers a stored report as a signed webhook and records it', async () => {
    const t = setup();
    const received = receive(() => HttpResponse.json({ id: 'SUP-42' }));
    const reference = await submit(t);

    const attempted = await t.relay.worker.runOnce();

    expect(attempted).toBe(1);
    expect(received).toHaveLength(1);
    const { request, body } = received[0]!;
    // The adapter signs with the wall clock, as receivers check against it.
    await expect(
      verifyWebhook({ secret: HOOK_SECRET, headers: request.headers, body }),
    ).resolves.toMatchObject({ id: expect.stringMatching(/^msg_/) });
    const event = JSON.parse(body) as ReportCreatedEvent;
    expect(event.type).toBe('report.created');
    expect(event.data).toMatchObject({ reference, categoryTitle: 'Bug', severity: 'P2' });
    expect(await statusOf(t, reference)).toMatchObject({
      status: 'delivered',
      deliveries: [{ adapter: 'webhook', status: 'delivered', attempts: 1, externalId: 'SUP-42' }],
    });
  });

  it('sends attachment links the receiver can download from', async () => {
    const t = setup();
    const received = receive(() => new HttpResponse(null, { status: 204 }));
    await submit(t);

    await t.relay.worker.runOnce();

    const event = JSON.parse(received[0]!.body) as ReportCreatedEvent;
    const [attachment] = event.data.attachments;
    expect(attachment?.url.startsWith(`${PUBLIC_URL}/v1/attachments/`)).toBe(true);
    const download = await t.relay.app.request(attachment!.url.slice(PUBLIC_URL.length));
    expect(download.status).toBe(200);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it('retries a 503 after the backoff and then succeeds', async () => {
    const t = setup();
    const received = receive(
      () => new HttpResponse(null, { status: 503, statusText: 'Service Unavailable' }),
      () => new HttpResponse(null, { status: 200 }),
    );
    const reference = await submit(t);

    await t.relay.worker.runOnce();
    const afterFailure = await deliveryOf(t, reference);
    // First retry waits base 1 000 ms with equal jitter at 0.5: 750 ms.
    t.clock.advance(749);
    const early = await t.relay.worker.runOnce();
    t.clock.advance(1);
    await t.relay.worker.runOnce();

    expect(afterFailure).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Failed to deliver webhook: 503 Service Unavailable',
      nextAttemptAt: new Date('2026-12-04T10:00:00.750Z'),
    });
    expect(early).toBe(0);
    expect(received).toHaveLength(2);
    expect(received[0]!.request.headers.get('webhook-id')).toBe(
      received[1]!.request.headers.get('webhook-id'),
    );
    expect(await deliveryOf(t, reference)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('shows a report as delivering between attempts', async () => {
    const t = setup();
    receive(() => new HttpResponse(null, { status: 500 }));
    const reference = await submit(t);

    await t.relay.worker.runOnce();

    expect((await statusOf(t, reference)).status).toBe('delivering');
  });

  it('does not retry a 400 and marks the report failed', async () => {
    const t = setup();
    const received = receive(
      () => new HttpResponse('bad schema', { status: 400, statusText: 'Bad Request' }),
    );
    const reference = await submit(t);

    await t.relay.worker.runOnce();
    t.clock.advance(24 * 60 * 60 * 1000);
    await t.relay.worker.runOnce();

    expect(received).toHaveLength(1);
    expect(await deliveryOf(t, reference)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'Failed to deliver webhook: 400 Bad Request (bad schema)',
    });
    expect((await statusOf(t, reference)).status).toBe('failed');
  });

  it('waits as long as Retry-After asks', async () => {
    const t = setup();
    receive(
      () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } }),
    );
    const reference = await submit(t);

    await t.relay.worker.runOnce();

    expect((await deliveryOf(t, reference)).nextAttemptAt).toEqual(
      new Date('2026-12-04T10:02:00.000Z'),
    );
  });

  it('gives up after the last allowed attempt', async () => {
    const t = setup();
    const received = receive(() => new HttpResponse(null, { status: 502 }));
    const reference = await submit(t);

    for (let i = 0; i < 5; i++) {
      await t.relay.worker.runOnce();
      t.clock.advance(60_000);
    }

    expect(received).toHaveLength(3);
    expect(await deliveryOf(t, reference)).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('treats an adapter that throws as a retryable failure', async () => {
    const throwing: Adapter = {
      name: 'flaky',
      deliver: vi.fn().mockRejectedValue(new Error('socket hang up')),
    };
    const t = setup({ adapters: [throwing] });
    const reference = await submit(t);

    await expect(t.relay.worker.runOnce()).resolves.toBe(1);

    expect(await deliveryOf(t, reference)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'Failed to deliver report: flaky threw: socket hang up',
    });
  });

  it('passes the attempt number and an abort signal to the adapter', async () => {
    const deliver = vi.fn().mockResolvedValue({ ok: false, retryable: true, message: 'x' });
    const t = setup({ adapters: [{ name: 'spy', deliver }] });
    await submit(t);

    await t.relay.worker.runOnce();
    t.clock.advance(60_000);
    await t.relay.worker.runOnce();

    expect(deliver.mock.calls.map(([, context]) => context.attempt)).toEqual([1, 2]);
    expect(deliver.mock.calls[0]![1].signal).toBeInstanceOf(AbortSignal);
    expect(deliver.mock.calls[0]![0]).toMatchObject({
      attachments: [{ kind: 'screenshot', contentType: 'image/png' }],
    });
    const blob = await deliver.mock.calls[0]![0].attachments[0].read();
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(PNG_BYTES);
  });

  it('delivers right after a report is stored once started', async () => {
    const t = setup({ now: () => new Date(), pollIntervalMs: 60_000 });
    receive(() => new HttpResponse(null, { status: 200 }));
    const claim = vi.spyOn(t.store, 'claimDeliveries');
    t.relay.worker.start();
    // Let the first poll find nothing; the next is a minute away.
    await vi.waitFor(() => expect(claim).toHaveBeenCalledTimes(1));
    await claim.mock.results[0]!.value;

    const reference = await submit(t);

    await vi.waitFor(async () => {
      expect((await deliveryOf(t, reference)).status).toBe('delivered');
    });
  });

  it('lets an attempt in flight finish when stopped', async () => {
    let release!: () => void;
    const deliver = vi.fn(
      () =>
        new Promise<{ ok: true }>((resolve) => {
          release = () => resolve({ ok: true });
        }),
    );
    const t = setup({ adapters: [{ name: 'slow', deliver }], now: () => new Date() });
    const reference = await submit(t);
    t.relay.worker.start();
    await vi.waitFor(() => expect(deliver).toHaveBeenCalled());

    const stopped = t.relay.worker.stop();
    setTimeout(() => release(), 20);
    await stopped;

    expect((await deliveryOf(t, reference)).status).toBe('delivered');
  });
});
