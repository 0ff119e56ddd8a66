/**
 * The form's screenshot part: a preview of what will be sent, with "Mark up"
 * and "Remove screenshot", and buttons for each other source this browser
 * can really use.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import type { Messages } from '../messages.js';
import type { ScreenshotControl, ScreenshotSources } from './use-screenshot.js';

export interface ScreenshotSectionProps {
  messages: Messages;
  control: ScreenshotControl;
  sources: ScreenshotSources;
  /** Opens the markup editor on the current screenshot. */
  onMarkUp(): void;
  /** The form is being sent; nothing may change now. */
  busy: boolean;
}

export const SCREENSHOT_IDS = {
  heading: 'hypercare-screenshot-title',
  markUp: 'hypercare-mark-up',
  sources: 'hypercare-screenshot-sources',
} as const;

export function ScreenshotSection(props: ScreenshotSectionProps): JSX.Element | null {
  const { messages, control } = props;
  const state = control.state;
  if (!state) return null;

  return (
    <section class="field shot" aria-labelledby={SCREENSHOT_IDS.heading}>
      <h3 class="label" id={SCREENSHOT_IDS.heading}>
        {messages.screenshotHeading}
      </h3>

      {state.name === 'capturing' && <p class="hint">{messages.screenshotTaking}</p>}

      {state.name === 'ready' && (
        <>
          <Preview
            blob={state.image}
            alt={state.markup ? messages.screenshotMarkedAlt : messages.screenshotAlt}
          />
          <div class="row">
            <button
              type="button"
              id={SCREENSHOT_IDS.markUp}
              class="secondary"
              disabled={props.busy}
              onClick={props.onMarkUp}
            >
              {messages.markUp}
            </button>
            <button type="button" class="secondary" disabled={props.busy} onClick={control.remove}>
              {messages.removeScreenshot}
            </button>
          </div>
        </>
      )}

      {state.name === 'failed' && <p class="hint">{messages.screenshotFailed}</p>}
      {state.name === 'removed' && <p class="hint">{messages.screenshotRemoved}</p>}

      {(state.name === 'failed' || state.name === 'removed') && (
        <SourceButtons {...props} />
      )}
    </section>
  );
}

function SourceButtons(props: ScreenshotSectionProps): JSX.Element {
  const { messages, control, sources } = props;
  const { page, screen, file } = sources;

  function pickFile(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const picked = input.files?.[0];
    input.value = '';
    if (picked && file) control.take(() => file(picked));
  }

  return (
    <div class="row" id={SCREENSHOT_IDS.sources}>
      {page && (
        <button type="button" class="secondary" disabled={props.busy} onClick={() => control.take(page)}>
          {messages.screenshotPage}
        </button>
      )}
      {screen && (
        <button
          type="button"
          class="secondary"
          disabled={props.busy}
          onClick={() => control.take(screen)}
        >
          {messages.screenshotScreen}
        </button>
      )}
      {file && (
        <label class="secondary file">
          <input
            type="file"
            accept="image/png,image/jpeg,image/webp"
            class="visually-hidden"
            disabled={props.busy}
            onChange={pickFile}
          />
          {messages.screenshotFile}
        </label>
      )}
    </div>
  );
}

function Preview(props: { blob: Blob; alt: string }): JSX.Element {
  const url = useObjectUrl(props.blob);

  return <img class="preview" src={url} alt={props.alt} data-testid="hypercare-screenshot" />;
}

function useObjectUrl(blob: Blob): string | undefined {
  const [url, setUrl] = useState<string>();

  useEffect(() => {
    const made = URL.createObjectURL(blob);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [blob]);

  return url;
}
