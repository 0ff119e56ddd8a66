// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ENGLISH } from '../messages.js';
import type { ResolvedOptions } from '../options.js';
import { createLauncher, type DialogModule } from './launcher.js';
import { destroyWidgets, track } from '../test-fixtures.js';

const OPTIONS: ResolvedOptions = {
  relay: 'https://relay.example.com',
  screenshot: true,
  position: 'bottom-left',
  lang: 'en',
  messages: { ...ENGLISH, launcher: 'Feedback' },
  zIndex: 10,
};

function pageWithoutBody(): Document {
  const doc = document.implementation.createHTMLDocument('app');
  doc.documentElement.removeChild(doc.body);
  return doc;
}

function fakeDialogModule() {
  const close = vi.fn();
  const openDialog = vi.fn(() => ({ close }));
  return { module: { openDialog } as unknown as DialogModule, openDialog, close };
}

afterEach(() => {
  destroyWidgets();
  document.body.innerHTML = '';
});

describe('createLauncher', () => {
  it('waits for <body> when started from the <head>', () => {
    const doc = pageWithoutBody();
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };

    track(createLauncher(OPTIONS, { logger, document: doc }));
    expect(doc.querySelector('[data-hypercare-root]')).toBeNull();

    doc.documentElement.append(doc.createElement('body'));
    doc.dispatchEvent(new Event('DOMContentLoaded'));

    expect(doc.body.querySelector('[data-hypercare-root]')).not.toBeNull();
  });

  it('opens once the page is ready when asked before', async () => {
    const doc = pageWithoutBody();
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { module, openDialog } = fakeDialogModule();

    const launcher = track(createLauncher(OPTIONS, { logger, document: doc, loadDialog: async () => module }));
    await launcher.open();
    doc.documentElement.append(doc.createElement('body'));
    doc.dispatchEvent(new Event('DOMContentLoaded'));

    await vi.waitFor(() => expect(openDialog).toHaveBeenCalledTimes(1));
  });

  it('uses the position, words and stacking order it is given', () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };

    track(createLauncher(OPTIONS, { logger }));

    const button = document.querySelector('[data-hypercare-root]')!.shadowRoot!.querySelector('button')!;
    expect(button.className).toBe('launcher left');
    expect(button.textContent).toBe('Feedback');
    expect(button.style.zIndex).toBe('10');
  });

  it('marks its host so html2canvas skips it', () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };

    track(createLauncher(OPTIONS, { logger, document }));

    const host = document.querySelector('[data-hypercare-root]')!;
    expect(host.hasAttribute('data-html2canvas-ignore')).toBe(true);
  });

  it('hands the dialog its host to leave out of screenshots', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { module, openDialog } = fakeDialogModule();

    const launcher = track(createLauncher(OPTIONS, { logger, loadDialog: async () => module }));
    await launcher.open();

    const options = (openDialog.mock.calls[0] as unknown[])[1] as { exclude: Element };
    expect(options.exclude).toBe(document.querySelector('[data-hypercare-root]'));
  });

  it('says so when the dialog cannot be fetched, and clears it once it opens', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { module } = fakeDialogModule();
    const loadDialog = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch dynamically imported module'))
      .mockResolvedValueOnce(module);
    const launcher = track(createLauncher(OPTIONS, { logger, loadDialog }));
    const notice = () =>
      document.querySelector('[data-hypercare-root]')!.shadowRoot!.querySelector('[role="status"]')!;

    await expect(launcher.open()).rejects.toThrow(TypeError);
    const offline = notice().textContent;
    await launcher.open();

    expect(offline).toBe('Could not open the feedback form. Check your connection and try again.');
    expect(notice().textContent).toBe('');
  });

  it('comes back when the page replaces its body or empties it', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    track(createLauncher(OPTIONS, { logger }));
    const host = document.querySelector('[data-hypercare-root]');

    document.body.innerHTML = '<main>next page</main>';
    await Promise.resolve();
    expect(document.body.lastElementChild).toBe(host);

    document.documentElement.replaceChild(document.createElement('body'), document.body);
    await Promise.resolve();
    expect(document.body.querySelector('[data-hypercare-root]')).toBe(host);

    document.body.innerHTML = '';
    await Promise.resolve();
    expect(document.querySelectorAll('[data-hypercare-root]')).toHaveLength(1);
  });

  it('stays gone once destroyed, whatever the page does next', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const launcher = createLauncher(OPTIONS, { logger });

    launcher.destroy();
    document.body.innerHTML = '<main>next page</main>';
    await Promise.resolve();

    expect(document.querySelector('[data-hypercare-root]')).toBeNull();
  });

  it('hides the button but still opens the dialog when the page brings its own control', async () => {
    const logger = { debug: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const { module, openDialog, close } = fakeDialogModule();
    document.body.innerHTML = '<button id="help">Help</button>';
    const help = document.getElementById('help')!;
    help.focus();

    const launcher = track(
      createLauncher({ ...OPTIONS, launcher: false }, { logger, loadDialog: async () => module }),
    );
    await launcher.open();
    const host = document.querySelector('[data-hypercare-root]')!;
    const button = host.shadowRoot!.querySelector('button')!;
    (openDialog.mock.calls[0] as unknown as [unknown, { onClose(): void }])[1].onClose();

    expect(button.hidden).toBe(true);
    expect(host.hasAttribute('hidden')).toBe(false);
    expect(openDialog).toHaveBeenCalledTimes(1);
    expect(close).toHaveBeenCalledTimes(1);
    expect(document.activeElement).toBe(help);
  });
});
