import { describe, expect, it, vi } from 'vitest';

import type { HypercareLogger } from '../logger.js';
import { CONTEXT, RECEIPT } from '../test-fixtures.js';
import type { sendReport } from '../transport/send-report.js';
import type { FeedbackDraft } from './build-report.js';
import { createSubmitFeedback } from './submit-feedback.js';

const PNG = new Blob(['png'], { type: 'image/png' });

const DRAFT: FeedbackDraft = {
  category: 'data',
  description: '  Totals are off by one.  ',
  email: '  ',
  screenshot: { blob: PNG, diagnostic: { status: 'captured', durationMs: 30 } },
};

function setup(screenshot = true) {
  const send = vi.fn<typeof sendReport>(async () => RECEIPT);
  const logger: HypercareLogger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const submit = createSubmitFeedback({
    relay: 'https://relay.example.com',
    screenshot,
    send,
    collect: () => CONTEXT,
    logger,
  });
  return { submit, send, logger };
}

describe('createSubmitFeedback', () => {
  it("sends the trimmed report with the draft's picture", async () => {
    const { submit, send } = setup();

    await expect(submit(DRAFT)).resolves.toEqual(RECEIPT);

    const [relay, report, attachments] = send.mock.calls[0]!;
    expect(relay).toBe('https://relay.example.com');
    expect(report).toEqual({
      schemaVersion: 1,
      category: 'data',
      description: 'Totals are off by one.',
      context: CONTEXT,
      diagnostics: { screenshot: { status: 'captured', durationMs: 30 } },
    });
    expect(attachments).toEqual([{ kind: 'screenshot', blob: PNG, optional: true }]);
  });

  it('sends without a picture, saying why, when the user removed it', async () => {
    const { submit, send } = setup();
    const removed = { status: 'declined', reason: 'the reporter removed it' } as const;

    await submit({ ...DRAFT, screenshot: { diagnostic: removed } });

    const [, report, attachments] = send.mock.calls[0]!;
    expect(report.diagnostics?.screenshot).toEqual(removed);
    expect(attachments).toEqual([]);
  });

  it('drops any picture when the site turns screenshots off', async () => {
    const { submit, send } = setup(false);

    await submit(DRAFT);

    const [, report, attachments] = send.mock.calls[0]!;
    expect(report.diagnostics?.screenshot).toEqual({
      status: 'declined',
      reason: 'screenshots are turned off for this site',
    });
    expect(attachments).toEqual([]);
  });

  it('still sends the report when the capture failed, and logs why', async () => {
    const { submit, send, logger } = setup();
    const failed = { status: 'failed', reason: 'took longer than 10000 ms', durationMs: 10_000 } as const;

    await submit({ ...DRAFT, screenshot: { diagnostic: failed } });

    const [, report, attachments] = send.mock.calls[0]!;
    expect(report.diagnostics?.screenshot).toEqual(failed);
    expect(attachments).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith('Failed to capture a screenshot: took longer than 10000 ms');
  });
});
