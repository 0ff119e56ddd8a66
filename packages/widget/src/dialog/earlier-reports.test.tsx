// @vitest-environment happy-dom
import { waitFor } from '@testing-library/preact';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ENGLISH } from '../messages.js';
import type { OutboxSummary } from '../outbox/outbox.js';
import { describeSummary, EarlierReports } from './earlier-reports.js';

// Rendered with the widget's own Preact; see feedback-dialog.test.tsx.
const container = document.body.appendChild(document.createElement('div'));

afterEach(() => render(null, container));

async function show(load: () => Promise<OutboxSummary | undefined>, logger?: Parameters<typeof EarlierReports>[0]['logger']) {
  await act(() => render(<EarlierReports load={load} messages={ENGLISH} logger={logger} />, container));
}

describe('EarlierReports', () => {
  it('says how many earlier reports wait and how many the server refused', async () => {
    await show(async () => ({ waiting: 2, refused: 1 }));

    await waitFor(() =>
      expect([...container.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
        '2 earlier report(s) from this device are waiting to be sent.',
        '1 earlier report(s) were not accepted by the server and will not be sent.',
      ]),
    );
  });

  it('shows nothing when nothing waits', async () => {
    const load = vi.fn(async () => undefined);
    await show(load);

    await waitFor(() => expect(load).toHaveBeenCalled());
    expect(container.innerHTML).toBe('');
  });

  it('logs, and shows nothing, when the outbox cannot be read', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    await show(() => Promise.reject(new Error('offline')), logger);

    await waitFor(() => expect(logger.warn).toHaveBeenCalledWith('Failed to read the outbox: offline'));
    expect(container.innerHTML).toBe('');
  });
});

describe('describeSummary', () => {
  it('says nothing of an empty outbox', () => {
    expect(describeSummary({ waiting: 0, refused: 0 }, ENGLISH)).toEqual([]);
  });
});
