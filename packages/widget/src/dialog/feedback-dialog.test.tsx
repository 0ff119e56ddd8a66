// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { CaptureResult } from '../capture/capture-screenshot.js';
import { ENGLISH } from '../messages.js';
import { createSubmitFeedback } from '../report/submit-feedback.js';
import { CONTEXT, deferred, RECEIPT } from '../test-fixtures.js';
import { NetworkError, ReportRejectedError } from '../transport/errors.js';
import type { Receipt, sendReport } from '../transport/send-report.js';
import { FeedbackDialog, type EditorModule } from './feedback-dialog.js';
import type { ScreenshotSources } from './use-screenshot.js';

type Send = typeof sendReport;

// Rendered with the widget's own Preact rather than the testing library's
// render: under happy-dom, vitest resolves `preact` for this source with the
// "browser" export condition while Node loads the library's copy through
// "import", so the library's render would run our hooks under another copy.
// Queries, events and waitFor come from the library as usual.
let container: HTMLElement | undefined;

function mount(vnode: ComponentChild): void {
  container = document.body.appendChild(document.createElement('div'));
  act(() => render(vnode, container!));
}

afterEach(() => {
  act(() => render(null, container!));
  container?.remove();
});

/** Fires an event and lets Preact finish the render it causes. */
function fire(run: () => void): void {
  act(run);
}

const SHOT = new Blob(['png'], { type: 'image/png' });

interface DialogSetup {
  send?: Send;
  screenshot?: boolean;
  capture?: () => Promise<CaptureResult>;
  sources?: Omit<ScreenshotSources, 'page'>;
  loadEditor?: () => Promise<EditorModule>;
}

function renderDialog(options: DialogSetup = {}) {
  const send = vi.fn<Send>(options.send ?? (async () => RECEIPT));
  const capture = vi.fn(
    options.capture ??
      (async (): Promise<CaptureResult> => ({
        blob: SHOT,
        width: 1280,
        height: 720,
        diagnostic: { status: 'captured', durationMs: 12 },
      })),
  );
  const submit = createSubmitFeedback({
    relay: 'https://relay.example.com',
    send,
    collect: () => CONTEXT,
  });
  const onClose = vi.fn();
  const sources = options.screenshot === false ? undefined : { page: capture, ...options.sources };

  mount(
    <FeedbackDialog
      messages={ENGLISH}
      sources={sources}
      loadEditor={options.loadEditor}
      submit={submit}
      onClose={onClose}
    />,
  );
  return { send, capture, onClose };
}

function describeProblem(text: string) {
  fire(() => fireEvent.input(screen.getByLabelText('What happened?'), { target: { value: text } }));
}

function pressSend() {
  fire(() => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
}

describe('FeedbackDialog', () => {
  it('is a modal dialog named by its heading', () => {
    renderDialog();

    const dialog = screen.getByRole('dialog', { name: 'Send feedback' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByRole('heading', { name: 'Send feedback' }).id).toBe(
      dialog.getAttribute('aria-labelledby'),
    );
  });

  it('labels every field in plain words', () => {
    renderDialog();

    const group = screen.getByRole('group', { name: 'What is it about?' });
    const choices = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(choices.every((choice) => group.contains(choice))).toBe(true);
    expect(choices.map((choice) => choice.labels?.[0]?.textContent)).toEqual([
      'Something is broken',
      'I have an idea',
      'Something is hard to use',
      'Something is slow',
      'I have a question',
      'Some data looks wrong',
      'A security or privacy concern',
    ]);
    expect(screen.getByRole('radio', { name: 'Something is broken' })).toHaveProperty('checked', true);

    const description = screen.getByLabelText('What happened?') as HTMLTextAreaElement;
    expect(description.tagName).toBe('TEXTAREA');
    expect(description.maxLength).toBe(5_000);
    expect(description.required).toBe(true);

    expect((screen.getByLabelText('Email (optional)') as HTMLInputElement).type).toBe('email');
    expect(screen.getByRole('region', { name: 'Screenshot' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
    expect(screen.getByRole('status').getAttribute('aria-live')).toBe('polite');
  });

  it('leaves out the screenshot and takes none when the site turns screenshots off', () => {
    const { capture } = renderDialog({ screenshot: false });

    expect(screen.queryByRole('region', { name: 'Screenshot' })).toBeNull();
    expect(capture).not.toHaveBeenCalled();
  });

  it('moves focus into the dialog when it opens', () => {
    renderDialog();

    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Something is broken' }));
  });

  it('blocks an empty description with a message linked to the field', async () => {
    const { send } = renderDialog();

    describeProblem('   ');
    pressSend();

    const description = screen.getByLabelText('What happened?');
    const error = await screen.findByText('Please describe what happened.');
    expect(description.getAttribute('aria-invalid')).toBe('true');
    expect(description.getAttribute('aria-describedby')?.split(' ')).toContain(error.id);
    expect(screen.getByRole('status').textContent).toBe('Please check the highlighted fields.');
    expect(document.activeElement).toBe(description);
    expect(send).not.toHaveBeenCalled();
  });

  it('blocks an email address without an @', async () => {
    const { send } = renderDialog();

    describeProblem('Export fails');
    fire(() => fireEvent.input(screen.getByLabelText('Email (optional)'), { target: { value: 'ada.example.com' } }));
    pressSend();

    expect(await screen.findByText(ENGLISH.emailInvalid)).toBeTruthy();
    expect(screen.getByLabelText('Email (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(send).not.toHaveBeenCalled();
  });

  it('shows "Sending…" on a disabled button while the report is on its way', async () => {
    const pending = deferred<Receipt>();
    renderDialog({ send: () => pending.promise });

    describeProblem('The save button does nothing.');
    pressSend();

    const button = await screen.findByRole('button', { name: 'Sending…' });
    expect((button as HTMLButtonElement).disabled).toBe(true);
    pending.resolve(RECEIPT);
    await screen.findByTestId('hypercare-reference');
  });

  it('sends what the user chose, typed and captured', async () => {
    const { send, capture } = renderDialog();

    fire(() => fireEvent.click(screen.getByRole('radio', { name: 'Something is slow' })));
    describeProblem('  Search takes ten seconds.  ');
    fire(() => fireEvent.input(screen.getByLabelText('Email (optional)'), { target: { value: 'ada@example.com' } }));
    pressSend();

    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    const [relay, report, attachments] = send.mock.calls[0]!;
    expect(relay).toBe('https://relay.example.com');
    expect(report).toMatchObject({
      schemaVersion: 1,
      category: 'performance',
      description: 'Search takes ten seconds.',
      email: 'ada@example.com',
      context: CONTEXT,
      diagnostics: { screenshot: { status: 'captured', durationMs: 12 } },
    });
    expect(attachments?.map((attachment) => attachment.kind)).toEqual(['screenshot']);
    expect(capture).toHaveBeenCalledTimes(1);
  });

  it('shows the reference and a Done button once the relay accepts the report', async () => {
    const { onClose } = renderDialog();

    describeProblem('The save button does nothing.');
    pressSend();

    const reference = await screen.findByTestId('hypercare-reference');
    expect(reference.textContent).toBe('HC-7F3K2Q');
    expect(screen.getByRole('status').textContent).toBe('Thanks! Your reference is HC-7F3K2Q');
    expect(screen.queryByLabelText('What happened?')).toBeNull();

    const done = screen.getByRole('button', { name: 'Done' });
    await waitFor(() => expect(document.activeElement).toBe(done));
    fire(() => fireEvent.click(done));
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it("shows the relay's field message and keeps the text after a 400", async () => {
    const rejection = new ReportRejectedError(400, 'invalid_report', 'The report is not valid', [
      { field: 'email', message: 'must be an email address' },
    ]);
    renderDialog({ send: async () => Promise.reject(rejection) });

    describeProblem('The chart is empty.');
    // An address the widget's check passes; a relay of another version may
    // still refuse it, and the form must then show the relay's word.
    fire(() => fireEvent.input(screen.getByLabelText('Email (optional)'), { target: { value: 'ada@example.com' } }));
    pressSend();

    const message = await screen.findByText('Must be an email address.');
    const email = screen.getByLabelText('Email (optional)') as HTMLInputElement;
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(email.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(email.value).toBe('ada@example.com');
    expect((screen.getByLabelText('What happened?') as HTMLTextAreaElement).value).toBe(
      'The chart is empty.',
    );
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('names a rejected field the form does not show in the status message', async () => {
    const rejection = new ReportRejectedError(400, 'invalid_report', 'The report is not valid', [
      { field: 'context.url', message: 'must be an absolute URL' },
    ]);
    renderDialog({ send: async () => Promise.reject(rejection) });

    describeProblem('Broken link');
    pressSend();

    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe(
        'The report was not accepted: context.url must be an absolute URL',
      ),
    );
  });

  it('says the server could not be reached and keeps the form for a retry', async () => {
    let attempts = 0;
    const { send } = renderDialog({
      send: async () => {
        attempts += 1;
        if (attempts === 1) throw new NetworkError('could not reach the relay');
        return RECEIPT;
      },
    });

    describeProblem('Upload spins forever.');
    pressSend();

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(ENGLISH.offline));
    const button = screen.getByRole('button', { name: 'Send' });
    expect(document.activeElement).toBe(button);

    pressSend();
    expect((await screen.findByTestId('hypercare-reference')).textContent).toBe('HC-7F3K2Q');
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('closes on Escape', () => {
    const { onClose } = renderDialog();

    fire(() => fireEvent.keyDown(screen.getByLabelText('What happened?'), { key: 'Escape' }));

    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('closes from its Close button', () => {
    const { onClose } = renderDialog();

    fire(() => fireEvent.click(screen.getByRole('button', { name: 'Close' })));

    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('wraps Tab and Shift+Tab around inside the dialog', () => {
    renderDialog();
    const close = screen.getByRole('button', { name: 'Close' });
    const send = screen.getByRole('button', { name: 'Send' });

    send.focus();
    fire(() => fireEvent.keyDown(send, { key: 'Tab' }));
    expect(document.activeElement).toBe(close);

    fire(() => fireEvent.keyDown(close, { key: 'Tab', shiftKey: true }));
    expect(document.activeElement).toBe(send);
  });

  it("keeps typed keys from the page's keyboard shortcuts", () => {
    renderDialog();
    const pageShortcut = vi.fn();
    document.addEventListener('keydown', pageShortcut);

    fire(() => fireEvent.keyDown(screen.getByLabelText('What happened?'), { key: '/' }));

    document.removeEventListener('keydown', pageShortcut);
    expect(pageShortcut).not.toHaveBeenCalled();
  });
});

describe('FeedbackDialog screenshot', () => {
  const EDITED = new Blob(['edited'], { type: 'image/png' });
  const MARKUP = { shapes: [{ kind: 'hide', rect: { x: 1, y: 2, width: 30, height: 40 } }] } as const;

  /** An editor stand-in: what it was opened with, and a button that finishes. */
  function fakeEditor() {
    const opened: Array<{ original: Blob; markup: unknown }> = [];
    const module = {
      MarkupEditor(props: Parameters<EditorModule['MarkupEditor']>[0]) {
        opened.push({ original: props.original, markup: props.markup });
        return (
          <div>
            <button
              type="button"
              onClick={() => props.onDone({ blob: EDITED, width: 30, height: 20, markup: MARKUP })}
            >
              Finish
            </button>
            <button type="button" onClick={props.onCancel}>
              Leave
            </button>
          </div>
        );
      },
    } as unknown as EditorModule;
    return { opened, load: vi.fn(async () => module) };
  }

  function sentScreenshot(send: ReturnType<typeof vi.fn<Send>>) {
    const [, report, attachments] = send.mock.calls[0]!;
    return { diagnostic: report.diagnostics?.screenshot, attachments: attachments ?? [] };
  }

  async function clickButton(name: string) {
    const button = await screen.findByRole('button', { name });
    fire(() => fireEvent.click(button));
  }

  function sendDescribed() {
    describeProblem('The chart is empty.');
    pressSend();
  }

  it('takes the screenshot as it opens and shows it with Mark up and Remove', async () => {
    const { capture, send } = renderDialog();

    expect(capture).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('img', { name: 'The screenshot that will be sent' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Mark up' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove screenshot' })).toBeTruthy();
    expect(send).not.toHaveBeenCalled();
  });

  it('sends no image once the user removes the screenshot, and says why', async () => {
    const { send, capture } = renderDialog();

    await clickButton('Remove screenshot');
    expect(screen.getByText('No screenshot will be sent.')).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Screenshot this page' }));
    sendDescribed();

    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send)).toEqual({
      diagnostic: { status: 'declined', reason: 'the reporter removed it' },
      attachments: [],
    });
    expect(capture).toHaveBeenCalledTimes(1);
  });

  it('waits for a capture still running when the user sends', async () => {
    const pending = deferred<CaptureResult>();
    const { send } = renderDialog({ capture: () => pending.promise });

    await screen.findByText('Taking a screenshot…');
    sendDescribed();
    expect(send).not.toHaveBeenCalled();
    pending.resolve({ blob: SHOT, width: 10, height: 10, diagnostic: { status: 'captured' } });

    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send).attachments).toEqual([{ kind: 'screenshot', blob: SHOT, optional: true }]);
  });

  it('says the capture failed, still sends, and records why', async () => {
    const failed = { status: 'failed', reason: 'took longer than 10000 ms' } as const;
    const { send } = renderDialog({ capture: async () => ({ width: 0, height: 0, diagnostic: failed }) });

    expect(await screen.findByText(ENGLISH.screenshotFailed)).toBeTruthy();
    sendDescribed();

    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send)).toEqual({ diagnostic: failed, attachments: [] });
  });

  it('records a failure when a source breaks its promise and throws', async () => {
    const { send } = renderDialog({ capture: () => Promise.reject(new Error('renderer crashed')) });

    expect(await screen.findByText(ENGLISH.screenshotFailed)).toBeTruthy();
    sendDescribed();

    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send).diagnostic).toEqual({ status: 'failed', reason: 'renderer crashed' });
  });

  it('offers only the sources this browser can use', async () => {
    renderDialog();
    await clickButton('Remove screenshot');

    expect(screen.getByRole('button', { name: 'Screenshot this page' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Capture your screen' })).toBeNull();
    expect(screen.queryByLabelText('Attach an image')).toBeNull();
  });

  it('replaces a removed screenshot with an attached image', async () => {
    const photo = new Blob(['webp'], { type: 'image/webp' });
    const file = vi.fn(async () => ({
      blob: photo,
      width: 4,
      height: 3,
      diagnostic: { status: 'captured', source: 'file' } as const,
    }));
    const { send } = renderDialog({ sources: { file, screen: vi.fn() } });
    await clickButton('Remove screenshot');
    expect(screen.getByRole('button', { name: 'Capture your screen' })).toBeTruthy();

    const input = screen.getByLabelText('Attach an image') as HTMLInputElement;
    const picked = new File(['x'], 'bug.png', { type: 'image/png' });
    Object.defineProperty(input, 'files', { value: [picked] });
    fire(() => fireEvent.change(input));

    expect(await screen.findByRole('img', { name: 'The screenshot that will be sent' })).toBeTruthy();
    expect(file).toHaveBeenCalledWith(picked);
    expect(document.activeElement).toBe(screen.getByRole('region', { name: 'Screenshot' }));
    sendDescribed();
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send).attachments).toEqual([{ kind: 'screenshot', blob: photo, optional: true }]);
  });

  it('keeps things as they were when the user backs out of sharing the screen', async () => {
    const failed = { status: 'failed', reason: 'tainted canvas' } as const;
    const declined = { status: 'declined', reason: 'the user chose nothing to share' } as const;
    const screenSource = vi.fn(async () => ({ width: 0, height: 0, diagnostic: declined }));
    const { send } = renderDialog({
      capture: async () => ({ width: 0, height: 0, diagnostic: failed }),
      sources: { screen: screenSource },
    });

    await clickButton('Capture your screen');
    await waitFor(() => expect(screenSource).toHaveBeenCalledTimes(1));

    expect(await screen.findByText(ENGLISH.screenshotFailed)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Capture your screen' })).toBeTruthy();
    sendDescribed();
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send)).toEqual({ diagnostic: failed, attachments: [] });
  });

  it('says an attached file could not be read, and offers the sources again', async () => {
    const unreadable = { status: 'failed', source: 'file', reason: 'not an image' } as const;
    const file = vi.fn(async () => ({ width: 0, height: 0, diagnostic: unreadable }));
    renderDialog({ sources: { file } });
    await clickButton('Remove screenshot');

    const input = screen.getByLabelText('Attach an image') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['%PDF'], 'a.pdf')] });
    fire(() => fireEvent.change(input));

    expect(await screen.findByText(ENGLISH.screenshotFileFailed)).toBeTruthy();
    expect(screen.getByLabelText('Attach an image')).toBeTruthy();
  });

  it('sends the marked-up image, described by its own size and bytes', async () => {
    const editor = fakeEditor();
    const { send } = renderDialog({ loadEditor: editor.load });

    await clickButton('Mark up');
    await clickButton('Finish');

    expect(await screen.findByRole('img', { name: ENGLISH.screenshotMarkedAlt })).toBeTruthy();
    sendDescribed();
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send)).toEqual({
      diagnostic: {
        status: 'captured',
        durationMs: 12,
        width: 30,
        height: 20,
        bytes: EDITED.size,
        format: 'image/png',
      },
      attachments: [{ kind: 'screenshot', blob: EDITED, optional: true }],
    });
  });

  it('opens the editor again on the original, with the markings kept', async () => {
    const editor = fakeEditor();
    renderDialog({ loadEditor: editor.load });

    await clickButton('Mark up');
    await clickButton('Finish');
    await clickButton('Mark up');
    await screen.findByRole('button', { name: 'Finish' });

    expect(editor.opened.at(-1)).toEqual({ original: SHOT, markup: MARKUP });
  });

  it('does not call a screenshot marked up when the editor hands back the original', async () => {
    const module = {
      MarkupEditor: (props: Parameters<EditorModule['MarkupEditor']>[0]) => (
        <button
          type="button"
          onClick={() => props.onDone({ blob: props.original, width: 1, height: 1, markup: { shapes: [] } })}
        >
          Finish
        </button>
      ),
    } as unknown as EditorModule;
    renderDialog({ loadEditor: async () => module });

    await clickButton('Mark up');
    await clickButton('Finish');

    expect(await screen.findByRole('img', { name: 'The screenshot that will be sent' })).toBeTruthy();
  });

  it('keeps the screenshot and returns focus to Mark up when the editor is left', async () => {
    const editor = fakeEditor();
    const { send } = renderDialog({ loadEditor: editor.load });

    await clickButton('Mark up');
    await clickButton('Leave');

    const markUp = await screen.findByRole('button', { name: 'Mark up' });
    await waitFor(() => expect(document.activeElement).toBe(markUp));
    expect(screen.getByLabelText('What happened?')).toBeTruthy();
    sendDescribed();
    await waitFor(() => expect(send).toHaveBeenCalledTimes(1));
    expect(sentScreenshot(send).attachments).toEqual([{ kind: 'screenshot', blob: SHOT, optional: true }]);
  });

  it('closes an editor that breaks while drawing, keeping the page and the screenshot', async () => {
    const pageErrors = vi.fn();
    window.addEventListener('error', pageErrors);
    const module = {
      MarkupEditor() {
        throw new Error('Failed to draw the screenshot: the browser gave no 2D canvas');
      },
    } as unknown as EditorModule;
    renderDialog({ loadEditor: async () => module });

    await clickButton('Mark up');

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(ENGLISH.markupFailed));
    expect(screen.getByRole('img', { name: 'The screenshot that will be sent' })).toBeTruthy();
    expect(screen.getByLabelText('What happened?')).toBeTruthy();
    window.removeEventListener('error', pageErrors);
    expect(pageErrors).not.toHaveBeenCalled();
  });

  it('says so when the editor cannot load, and keeps the screenshot', async () => {
    renderDialog({ loadEditor: () => Promise.reject(new Error('chunk failed')) });

    await clickButton('Mark up');

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(ENGLISH.markupFailed));
    expect(screen.getByRole('img', { name: 'The screenshot that will be sent' })).toBeTruthy();
  });
});
