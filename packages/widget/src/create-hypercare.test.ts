// @vitest-environment happy-dom
import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createHypercare, startHypercare } from './create-hypercare.js';
import type { DialogModule } from './launcher/launcher.js';
import type { HypercareLogger } from './logger.js';
import { destroyWidgets, track } from './test-fixtures.js';

const RELAY = 'https://relay.example.com';

function fakeLogger(): HypercareLogger {
  return { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

function findHost(): HTMLElement {
  const hosts = Array.from(document.querySelectorAll<HTMLElement>('[data-hypercare-root]'));
  const ours = hosts.find((host) => host.shadowRoot);
  if (!ours) throw new Error('no widget host on the page');
  return ours;
}

function findLauncher(): HTMLButtonElement {
  return findHost().shadowRoot!.querySelector('button')!;
}

function findDialog(): HTMLElement | null {
  return findHost().shadowRoot!.querySelector('[role="dialog"]');
}

/** Waits for the dialog's chunk to load and render. */
function waitForDialog(): Promise<HTMLElement> {
  return waitFor(() => {
    const dialog = findDialog();
    if (!dialog) throw new Error('the dialog is not open');
    return dialog;
  });
}

afterEach(() => {
  destroyWidgets();
  document.body.innerHTML = '';
});

describe('createHypercare', () => {
  it('adds a button named "Send feedback" inside an open shadow root', () => {
    track(createHypercare({ relay: RELAY }));

    const host = findHost();
    expect(host.parentElement).toBe(document.body);
    expect(host.shadowRoot!.mode).toBe('open');
    const button = findLauncher();
    expect(button.textContent).toBe('Send feedback');
    expect(button.getAttribute('aria-haspopup')).toBe('dialog');
    expect(button.style.zIndex).toBe('2147483000');
  });

  it('shields itself from page styles', () => {
    track(createHypercare({ relay: RELAY }));

    const root = findHost().shadowRoot!;
    const css = root.adoptedStyleSheets.flatMap((sheet) => Array.from(sheet.cssRules, (rule) => rule.cssText));
    expect(css.join('\n')).toMatch(/:host\s*\{\s*all: initial !important/);
  });

  it('reports a missing relay through the logger and hands back a handle that does nothing', () => {
    const logger = fakeLogger();

    const hypercare = track(createHypercare({ logger } as never));

    expect(logger.error).toHaveBeenCalledWith(
      '[hypercare] Failed to start Hypercare: the relay option is required, such as https://relay.example.com',
    );
    expect(document.querySelector('[data-hypercare-root]')).toBeNull();
    expect(() => {
      hypercare.open();
      hypercare.close();
      hypercare.destroy();
    }).not.toThrow();
  });

  it('loads the dialog only when someone opens it', async () => {
    const loadDialog = vi.fn(() => import('./dialog/open-dialog.js'));
    track(startHypercare({ relay: RELAY }, { loadDialog }));

    expect(loadDialog).not.toHaveBeenCalled();
    fireEvent.click(findLauncher());

    await waitForDialog();
    expect(loadDialog).toHaveBeenCalledTimes(1);
  });

  it('opens the dialog in its shadow root and returns focus to the button on Escape', async () => {
    track(createHypercare({ relay: RELAY }));
    const launcher = findLauncher();
    const root = findHost().shadowRoot!;

    fireEvent.click(launcher);
    const dialog = await waitForDialog();
    expect(launcher.getAttribute('aria-expanded')).toBe('true');
    expect(root.activeElement?.getAttribute('value')).toBe('bug');

    fireEvent.keyDown(root.activeElement!, { key: 'Escape' });

    expect(dialog.isConnected).toBe(false);
    expect(root.activeElement).toBe(launcher);
    expect(launcher.getAttribute('aria-expanded')).toBe('false');
  });

  it('opens and closes from its handle', async () => {
    const hypercare = track(createHypercare({ relay: RELAY }));

    hypercare.open();
    await waitForDialog();
    hypercare.close();

    expect(findDialog()).toBeNull();
  });

  it('leaves alone page elements named like its own', async () => {
    document.body.innerHTML =
      '<div data-hypercare-root id="theirs"><h2 id="hypercare-title">Their title</h2></div>';
    const hypercare = track(createHypercare({ relay: RELAY }));

    hypercare.open();
    const dialog = await waitForDialog();
    const title = findHost().shadowRoot!.getElementById(dialog.getAttribute('aria-labelledby')!);
    expect(title?.textContent).toBe('Send feedback');

    hypercare.destroy();
    expect(document.querySelectorAll('[data-hypercare-root]')).toHaveLength(1);
    expect(document.getElementById('theirs')).not.toBeNull();
  });

  it('removes itself on destroy and ignores calls afterwards', () => {
    const hypercare = track(createHypercare({ relay: RELAY }));

    hypercare.destroy();
    hypercare.open();

    expect(document.querySelector('[data-hypercare-root]')).toBeNull();
  });

  it('logs a dialog that fails to load, and tries again on the next click', async () => {
    const logger = fakeLogger();
    const loadDialog = vi
      .fn<() => Promise<DialogModule>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockImplementation(() => import('./dialog/open-dialog.js'));
    track(startHypercare({ relay: RELAY, logger }, { loadDialog }));

    fireEvent.click(findLauncher());
    await waitFor(() =>
      expect(logger.error).toHaveBeenCalledWith(
        '[hypercare] Failed to open the feedback dialog: Failed to fetch dynamically imported module',
        expect.any(TypeError),
      ),
    );

    fireEvent.click(findLauncher());
    await waitForDialog();
  });
});
