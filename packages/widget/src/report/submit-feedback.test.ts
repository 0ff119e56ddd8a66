import { describe, expect, it, vi } from 'vitest';

import type { CaptureOptions, CaptureResult } from '../capture/capture-screenshot.js';
import type { HypercareLogger } from '../logger.js';
import { CONTEXT, RECEIPT } from '../test-fixtures.js';
import type { sendReport } from '../transport/send-report.js';
import type { FeedbackDraft } from './build-report.js';
import { createSubmitFeedback } from './submit-feedback.js';

const DRAFT: FeedbackDraft = {
  category: 'data',
  description: '  Totals are off by one.  ',
  email: '  ',
  includeScreenshot: true,
};

const PNG = new Blob(['png'], { type: 'image/png' });

function setup(capture: (options: CaptureOptions) => Promise<CaptureResult>, screenshot = true) {
  const send = vi.fn<typeof sendReport>(async () => RECEIPT);
  const logger: HypercareLogger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const exclude = {} as Element;
  const captureSpy = vi.fn(capture);
  const submit = createSubmitFeedback({
    relay: 'https://relay.example.com',
    screenshot,
    exclude,
    send,
    capture: captureSpy,
    collect: () => CONTEXT,
    logger,
  });
  return { submit, send, capture: captureSpy, logger, exclude };
}

describe('createSubmitFeedback', () => {
  it('captures without the widget, then sends the trimmed report with the picture', async () => {
    const { submit, send, capture, exclude } = setup(async () => ({
      blob: PNG,
      diagnostic: { status: 'captured', durationMs: 30 },
    }));

    await expect(submit(DRAFT)).resolves.toEqual(RECEIPT);

    expect(capture).toHaveBeenCalledWith({ exclude });
    const [relay, report, attachments] = send.mock.calls[0]!;
    expect(relay).toBe('https://relay.example.com');
    expect(report).toEqual({
      schemaVersion: 1,
      category: 'data',
      description: 'Totals are off by one.',
      context: CONTEXT,
      diagnostics: { screenshot: { status: 'captured', durationMs: 30 } },
    });
    expect(attachments).toEqual([{ kind: 'screenshot', blob: PNG }]);
  });

  it('sends without a picture, saying why, when the user unticks the screenshot', async () => {
    const { submit, send, capture } = setup(async () => ({ blob: PNG, diagnostic: { status: 'captured' } }));

    await submit({ ...DRAFT, includeScreenshot: false });

    expect(capture).not.toHaveBeenCalled();
    const [, report, attachments] = send.mock.calls[0]!;
    expect(report.diagnostics?.screenshot).toEqual({
      status: 'declined',
      reason: 'the reporter chose not to include one',
    });
    expect(attachments).toEqual([]);
  });

  it('never captures when the site turns screenshots off', async () => {
    const { submit, send, capture } = setup(async () => ({ blob: PNG, diagnostic: { status: 'captured' } }), false);

    await submit(DRAFT);

    expect(capture).not.toHaveBeenCalled();
    expect(send.mock.calls[0]![1].diagnostics?.screenshot?.status).toBe('declined');
  });

  it('still sends the report when the capture fails, and logs why', async () => {
    const { submit, send, logger } = setup(async () => ({
      diagnostic: { status: 'failed', reason: 'took longer than 10000 ms', durationMs: 10_000 },
    }));

    await submit(DRAFT);

    const [, report, attachments] = send.mock.calls[0]!;
    expect(report.diagnostics?.screenshot).toMatchObject({ status: 'failed' });
    expect(attachments).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith('Failed to capture a screenshot: took longer than 10000 ms');
  });
});
