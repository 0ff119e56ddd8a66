/**
 * The form's screenshot part: a preview of what will be sent, with "Mark up"
 * and "Remove screenshot", and buttons for each other source this browser
 * can really use.
 */
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

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

/** Where focus goes when the control that had it disappears. */
type FocusTarget = 'section' | 'sources';

export function ScreenshotSection(props: ScreenshotSectionProps): JSX.Element | null {
  const { messages, control } = props;
  const state = control.state;
  const sectionRef = useRef<HTMLElement>(null);
  const refocus = useRef<FocusTarget>();

  // Remove and the source buttons vanish once used; focus moves to what
  // replaces them instead of falling out of the dialog.
  useLayoutEffect(() => {
    const target = refocus.current;
    refocus.current = undefined;
    if (!target || !sectionRef.current) return;

    const next = target === 'sources' ? findSourceControl(sectionRef.current) : undefined;
    (next ?? sectionRef.current).focus();
  });

  if (!state) return null;

  const remove = () => {
    refocus.current = 'sources';
    control.remove();
  };
  const take: ScreenshotControl['take'] = (source) => {
    refocus.current = 'section';
    control.take(source);
  };

  return (
    <section
      ref={sectionRef}
      class="field shot"
      aria-labelledby={SCREENSHOT_IDS.heading}
      tabIndex={-1}
    >
      <h3 class="label" id={SCREENSHOT_IDS.heading}>
        {messages.screenshotHeading}
      </h3>

      {state.name === 'capturing' && <p class="hint">{messages.screenshotTaking}</p>}

      {state.name === 'ready' && (
        <>
          <Preview blob={state.image} alt={describePreview(state, messages)} />
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
            <button type="button" class="secondary" disabled={props.busy} onClick={remove}>
              {messages.removeScreenshot}
            </button>
          </div>
        </>
      )}

      {state.name === 'failed' && (
        <p class="hint">
          {state.diagnostic.source === 'file'
            ? messages.screenshotFileFailed
            : messages.screenshotFailed}
        </p>
      )}
      {state.name === 'removed' && <p class="hint">{messages.screenshotRemoved}</p>}

      {(state.name === 'failed' || state.name === 'removed') && (
        <SourceButtons {...props} take={take} />
      )}
    </section>
  );
}

function SourceButtons(
  props: ScreenshotSectionProps & { take: ScreenshotControl['take'] },
): JSX.Element {
  const { messages, sources, take } = props;
  const { page, screen, file } = sources;

  function pickFile(event: Event): void {
    const input = event.currentTarget as HTMLInputElement;
    const picked = input.files?.[0];
    input.value = '';
    if (picked && file) take(() => file(picked));
  }

  return (
    <div class="row" id={SCREENSHOT_IDS.sources}>
      {page && (
        <button type="button" class="secondary" disabled={props.busy} onClick={() => take(page)}>
          {messages.screenshotPage}
        </button>
      )}
      {screen && (
        <button
          type="button"
          class="secondary"
          disabled={props.busy}
          onClick={() => take(screen)}
        >
          {messages.screenshotScreen}
        </button>
      )}
      {file && (
        <label class="secondary file">
          <input
            type="file"
            accept="image/*"
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

// The editor hands back the original itself when nothing was marked.
function describePreview(state: { image: Blob; original: Blob }, messages: Messages): string {
  return state.image === state.original ? messages.screenshotAlt : messages.screenshotMarkedAlt;
}

function findSourceControl(section: HTMLElement): HTMLElement | null {
  const sources = `#${SCREENSHOT_IDS.sources}`;
  return section.querySelector<HTMLElement>(`${sources} button, ${sources} input`);
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
