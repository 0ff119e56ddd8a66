// @vitest-environment happy-dom
import { fireEvent, waitFor } from '@testing-library/preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { CaptureResult } from '../capture/capture-screenshot.js';
import { ENGLISH, type MessageOverrides } from '../messages.js';
import { RECEIPT } from '../test-fixtures.js';
import { openDialog, type DialogHandle } from './open-dialog.js';

let host: HTMLElement;
let handle: DialogHandle | undefined;

afterEach(() => {
  act(() => handle?.close());
  host?.remove();
});

function setUp(messages: MessageOverrides = {}, page?: () => Promise<CaptureResult>) {
  host = document.body.appendChild(document.createElement('div'));
  const layer = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
  const submit = vi.fn(async () => RECEIPT);

  const open = () => {
    act(() => {
      handle = openDialog(layer, {
        relay: 'https://relay.example.com',
        screenshot: page !== undefined,
        ...(page && { sources: { page } }),
        position: 'bottom-right',
        lang: 'en',
        messages,
        zIndex: 10,
        logger: { debug: vi.fn(), warn: vi.fn(), error: vi.fn() },
        exclude: host,
        onClose: vi.fn(),
        submit,
      });
    });
  };
  const close = () => act(() => handle?.close());
  const description = () => layer.querySelector('textarea');

  return { layer, submit, open, close, description };
}

describe('openDialog', () => {
  it('gives back what was typed when the dialog closed unsent', () => {
    const dialog = setUp();
    dialog.open();
    act(() => {
      fireEvent.input(dialog.description()!, { target: { value: 'The export hangs.' } });
      fireEvent.click(dialog.layer.querySelector('input[value="performance"]')!);
    });

    dialog.close();
    dialog.open();

    expect(dialog.description()!.value).toBe('The export hangs.');
    const checked = dialog.layer.querySelector<HTMLInputElement>('input[type="radio"]:checked');
    expect(checked?.value).toBe('performance');
  });

  it("speaks the language's words with the product team's laid over them", () => {
    const dialog = setUp({ send: 'Submit report' });
    dialog.open();

    const buttons = [...dialog.layer.querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toContain('Submit report');
    expect(dialog.layer.querySelector('h2')?.textContent).toBe(ENGLISH.title);
  });

  it('keeps a removed screenshot removed when the dialog opens again', async () => {
    const page = vi.fn(async () => CAPTURED);
    const dialog = setUp({}, page);
    dialog.open();
    const remove = await waitFor(() => button(dialog.layer, ENGLISH.removeScreenshot));
    act(() => {
      fireEvent.click(remove);
    });

    dialog.close();
    dialog.open();

    expect(page).toHaveBeenCalledTimes(1);
    expect(dialog.layer.textContent).toContain(ENGLISH.screenshotRemoved);
    expect(dialog.layer.querySelector('img')).toBeNull();
  });

  it('takes a plain screenshot afresh when the dialog opens again', async () => {
    const page = vi.fn(async () => CAPTURED);
    const dialog = setUp({}, page);
    dialog.open();
    await waitFor(() => button(dialog.layer, ENGLISH.removeScreenshot));

    dialog.close();
    dialog.open();

    await waitFor(() => expect(page).toHaveBeenCalledTimes(2));
  });

  it('starts empty again once the report was sent', async () => {
    const dialog = setUp();
    dialog.open();
    act(() => {
      fireEvent.input(dialog.description()!, { target: { value: 'The export hangs.' } });
    });
    act(() => {
      fireEvent.submit(dialog.layer.querySelector('form')!);
    });
    await waitFor(() =>
      expect(dialog.layer.querySelector('[data-testid="hypercare-reference"]')).not.toBeNull(),
    );

    dialog.close();
    dialog.open();

    expect(dialog.submit).toHaveBeenCalledTimes(1);
    expect(dialog.description()!.value).toBe('');
  });
});

const CAPTURED: CaptureResult = {
  blob: new Blob(['png'], { type: 'image/png' }),
  width: 10,
  height: 10,
  diagnostic: { status: 'captured', source: 'page' },
};

function button(root: HTMLElement, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent === name);
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}
