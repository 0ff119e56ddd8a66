/**
 * The feedback form as a modal dialog: category, description, optional
 * email and the screenshot taken as it opened, which the user may mark up
 * (in the editor's own chunk, loaded on demand), remove or replace; then the
 * reference once the relay has it.
 */
import { CATEGORIES, MAX_DESCRIPTION_LENGTH, MAX_EMAIL_LENGTH } from '@hypercare/shared';
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import { describeError, type HypercareLogger } from '../logger.js';
import type { Messages } from '../messages.js';
import type { OutboxSummary } from '../outbox/outbox.js';
import type { LauncherPosition } from '../options.js';
import type { EncodeCanvas } from '../editor/render-markup.js';
import type { FeedbackDraft } from '../report/build-report.js';
import type { SubmitFeedback } from '../report/submit-feedback.js';
import { describeFailure } from './describe-failure.js';
import { describeReceipt, type Outcome } from './describe-receipt.js';
import { EarlierReports } from './earlier-reports.js';
import { trapTab } from './focus.js';
import { Guard } from './guard.js';
import { SCREENSHOT_IDS, ScreenshotSection } from './screenshot-section.js';
import {
  toKeptShot,
  useScreenshot,
  type ScreenshotControl,
  type ScreenshotSources,
  type ShotState,
} from './use-screenshot.js';
import { hasErrors, validateDraft, type FieldErrors, type FieldName } from './validate-draft.js';

export type EditorModule = typeof import('../editor/markup-editor.js');

export interface FeedbackDialogProps {
  messages: Messages;
  /** Where a screenshot may come from; none when the site turns screenshots off. */
  sources?: ScreenshotSources;
  /** Loads the markup editor's chunk. Default: a lazy import. */
  loadEditor?: () => Promise<EditorModule>;
  /** Encodes a marked-up screenshot. Default: the editor's PNG encoder. */
  encode?: EncodeCanvas;
  /** Reads what earlier reports still wait on this device. Default: nothing is shown. */
  earlier?: () => Promise<OutboxSummary | undefined>;
  /** Sends the draft and resolves with the relay's receipt. */
  submit: SubmitFeedback;
  /** Called on Close, Done and Escape. */
  onClose(): void;
  /** The language of the words, for screen readers. Default: `'en'`. */
  lang?: string;
  /** The corner the card sits in on wide screens. Default: `'bottom-right'`. */
  position?: LauncherPosition;
  /** Hears about failed sends. Default: none. */
  logger?: HypercareLogger;
  /** What the user had typed when the dialog last closed unsent. Default: an empty form. */
  initialDraft?: FormDraft;
  /** Hears every change to the form, and `undefined` once it was sent. Default: none. */
  onDraftChange?(draft: FormDraft | undefined): void;
  /** The screenshot the user had chosen, marked up or removed before closing unsent. */
  initialShot?: ShotState;
  /** Hears the screenshot worth keeping across a close, and `undefined` once sent. */
  onShotChange?(shot: ShotState | undefined): void;
}

type Phase =
  | { name: 'editing' }
  | { name: 'sending' }
  | ({ name: 'sent'; reference: string } & Outcome);

/** What the form holds; the screenshot joins it when the user sends. */
export type FormDraft = Omit<FeedbackDraft, 'screenshot'>;

/** Ids are scoped to the widget's shadow root, so they cannot clash with the page's. */
const ID = {
  title: 'hypercare-title',
  form: 'hypercare-form',
  description: 'hypercare-description',
  email: 'hypercare-email',
  send: 'hypercare-send',
  done: 'hypercare-done',
} as const;

const CATEGORY_NAME = 'hypercare-category';

/** Where focus goes next, as a selector inside the dialog. */
const FOCUS = {
  category: `input[name="${CATEGORY_NAME}"]:checked`,
  description: `#${ID.description}`,
  email: `#${ID.email}`,
  send: `#${ID.send}`,
  done: `#${ID.done}`,
  markUp: `#${SCREENSHOT_IDS.markUp}`,
} as const;

export function FeedbackDialog(props: FeedbackDialogProps): JSX.Element {
  const { messages } = props;
  const dialogRef = useRef<HTMLDivElement>(null);
  const focusNext = useRef<string>(FOCUS.category);
  const mounted = useRef(true);

  const [draft, setDraft] = useState<FormDraft>(
    () => props.initialDraft ?? { category: 'bug', description: '', email: '' },
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState({ text: '', failed: false });
  const [phase, setPhase] = useState<Phase>({ name: 'editing' });
  const shot = useScreenshot(props.sources, props.initialShot);
  const [editor, setEditor] = useState<EditorModule>();

  useEffect(() => () => void (mounted.current = false), []);
  useEffect(() => props.onDraftChange?.(draft), [draft]);
  useEffect(() => {
    if (phase.name !== 'sent') props.onShotChange?.(toKeptShot(shot.state));
  }, [shot.state]);
  // Before paint, so focus never flickers through the page.
  useLayoutEffect(() => moveFocus(dialogRef.current, focusNext));

  function update(patch: Partial<FormDraft>): void {
    setDraft((current) => ({ ...current, ...patch }));
  }

  async function handleSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (phase.name !== 'editing') return;

    const found = validateDraft(draft, messages);
    setErrors(found);
    if (hasErrors(found)) {
      setStatus({ text: messages.checkFields, failed: true });
      focusNext.current = firstInvalid(found);
      return;
    }

    // The Send button is about to be disabled; keep focus inside the dialog.
    dialogRef.current?.focus();
    setPhase({ name: 'sending' });
    setStatus({ text: messages.sending, failed: false });
    await send();
  }

  async function send(): Promise<void> {
    try {
      const screenshot = await shot.settle();
      const receipt = await props.submit({ ...draft, screenshot });
      if (!mounted.current) return;

      props.onDraftChange?.(undefined);
      props.onShotChange?.(undefined);
      focusNext.current = FOCUS.done;
      setPhase({ name: 'sent', reference: receipt.reference, ...describeReceipt(receipt, messages) });
      setStatus({ text: '', failed: false });
    } catch (error) {
      props.logger?.warn(`Failed to send feedback: ${describeError(error)}`, error);
      if (!mounted.current) return;

      const failure = describeFailure(error, messages);
      focusNext.current = hasErrors(failure.fields) ? firstInvalid(failure.fields) : FOCUS.send;
      setErrors(failure.fields);
      setPhase({ name: 'editing' });
      setStatus({ text: failure.status, failed: true });
    }
  }

  async function openEditor(): Promise<void> {
    try {
      const module = await (props.loadEditor ?? loadEditor)();
      if (mounted.current) setEditor(() => module);
    } catch (error) {
      editorFailed(error);
    }
  }

  // A chunk that will not load, or an editor that breaks while drawing,
  // leaves the screenshot as it was and the form in place.
  function editorFailed(error: unknown): void {
    props.logger?.warn(`Failed to open the markup editor: ${describeError(error)}`, error);
    if (!mounted.current) return;

    closeEditor();
    setStatus({ text: messages.markupFailed, failed: true });
  }

  function closeEditor(): void {
    focusNext.current = FOCUS.markUp;
    setEditor(undefined);
  }

  function handleKeyDown(event: KeyboardEvent): void {
    // Keys typed here are the widget's; the page's shortcuts must not see them.
    event.stopPropagation();

    if (event.key === 'Escape') {
      event.preventDefault();
      props.onClose();
    } else if (event.key === 'Tab' && dialogRef.current) {
      trapTab(event, dialogRef.current);
    }
  }

  const sent = phase.name === 'sent' ? phase.reference : undefined;
  const ready = shot.state?.name === 'ready' ? shot.state : undefined;
  const marking = sent === undefined && editor ? ready : undefined;

  return (
    <div
      class={backdropClass(props.position, !!marking)}
      onMouseDown={keepFocusInside}
    >
      <div
        ref={dialogRef}
        class={marking ? 'dialog wide' : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-labelledby={ID.title}
        lang={props.lang ?? 'en'}
        tabIndex={-1}
        onKeyDown={handleKeyDown}
        onKeyUp={stopPropagation}
        onKeyPress={stopPropagation}
      >
        <div class="header">
          <h2 id={ID.title}>{messages.title}</h2>
          <button type="button" class="close" aria-label={messages.close} onClick={props.onClose}>
            <CloseIcon />
          </button>
        </div>

        {marking && editor && (
          <Guard onError={editorFailed}>
            <editor.MarkupEditor
              original={marking.original}
              markup={marking.markup}
              encode={props.encode}
              onDone={(result) => {
                shot.markUp(result);
                closeEditor();
              }}
              onCancel={closeEditor}
            />
          </Guard>
        )}

        {sent === undefined && !marking && props.earlier && (
          <EarlierReports load={props.earlier} messages={messages} logger={props.logger} />
        )}

        {sent === undefined && !marking && (
          <FeedbackForm
            draft={draft}
            errors={errors}
            messages={messages}
            shot={shot}
            sources={props.sources}
            sending={phase.name === 'sending'}
            onChange={update}
            onMarkUp={openEditor}
            onSubmit={handleSubmit}
          />
        )}

        {/* Status and the main button share the card's bottom edge, so a
            failure stays in view beside Send however far the form scrolls. */}
        <div class="actions">
          <div class="status" role="status" aria-live="polite">
            {phase.name === 'sent' ? (
              <Thanks {...phase} />
            ) : (
              status.text && <p class={status.failed ? 'failure' : undefined}>{status.text}</p>
            )}
          </div>

          {sent === undefined && !marking && (
            <button
              type="submit"
              form={ID.form}
              id={ID.send}
              class="primary"
              disabled={phase.name === 'sending'}
            >
              {phase.name === 'sending' ? messages.sending : messages.send}
            </button>
          )}

          {sent !== undefined && (
            <button type="button" id={ID.done} class="primary done" onClick={props.onClose}>
              {messages.done}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}

interface FeedbackFormProps {
  draft: FormDraft;
  errors: FieldErrors;
  messages: Messages;
  shot: ScreenshotControl;
  sources: ScreenshotSources | undefined;
  sending: boolean;
  onChange(patch: Partial<FormDraft>): void;
  onMarkUp(): void;
  onSubmit(event: Event): void;
}

function FeedbackForm(props: FeedbackFormProps): JSX.Element {
  const { draft, errors, messages, onChange } = props;

  return (
    <form id={ID.form} noValidate onSubmit={props.onSubmit}>
      <fieldset class="field" {...describedBy('category', errors)}>
        <legend>{messages.categoryLabel}</legend>
        <div class="choices">
          {CATEGORIES.map((category) => (
            <label key={category} class="choice">
              <input
                type="radio"
                name={CATEGORY_NAME}
                value={category}
                checked={draft.category === category}
                aria-invalid={errors.category ? 'true' : undefined}
                onChange={() => onChange({ category })}
              />
              {messages.categories[category]}
            </label>
          ))}
        </div>
        <FieldError name="category" errors={errors} />
      </fieldset>

      <div class="field">
        <label for={ID.description}>{messages.descriptionLabel}</label>
        <p class="hint" id="hypercare-description-hint">
          {messages.descriptionHint}
        </p>
        <textarea
          id={ID.description}
          rows={4}
          required
          maxLength={MAX_DESCRIPTION_LENGTH}
          value={draft.description}
          {...describedBy('description', errors, 'hypercare-description-hint')}
          onInput={(event) => onChange({ description: event.currentTarget.value })}
        />
        <FieldError name="description" errors={errors} />
      </div>

      <div class="field">
        <label for={ID.email}>{messages.emailLabel}</label>
        <p class="hint" id="hypercare-email-hint">
          {messages.emailHint}
        </p>
        <input
          id={ID.email}
          type="email"
          autoComplete="email"
          maxLength={MAX_EMAIL_LENGTH}
          value={draft.email}
          {...describedBy('email', errors, 'hypercare-email-hint')}
          onInput={(event) => onChange({ email: event.currentTarget.value })}
        />
        <FieldError name="email" errors={errors} />
      </div>

      {props.sources && (
        <ScreenshotSection
          messages={messages}
          control={props.shot}
          sources={props.sources}
          busy={props.sending}
          onMarkUp={props.onMarkUp}
        />
      )}

    </form>
  );
}

function FieldError(props: { name: FieldName; errors: FieldErrors }): JSX.Element | null {
  const message = props.errors[props.name];
  if (!message) return null;

  return (
    <p class="error" id={errorId(props.name)}>
      {message}
    </p>
  );
}

function Thanks(props: Outcome & { reference: string }): JSX.Element {
  const [before, after = ''] = props.message.split('{reference}');

  return (
    <>
      <p class="thanks">
        {before}
        <strong data-testid="hypercare-reference">{props.reference}</strong>
        {after}
      </p>
      {props.notes.map((note) => (
        <p key={note}>{note}</p>
      ))}
    </>
  );
}

function CloseIcon(): JSX.Element {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M6 6l12 12M18 6L6 18" />
    </svg>
  );
}

function describedBy(name: FieldName, errors: FieldErrors, hintId?: string) {
  const ids = [hintId, errors[name] ? errorId(name) : undefined].filter(Boolean);

  return {
    'aria-invalid': errors[name] ? ('true' as const) : undefined,
    'aria-describedby': ids.length ? ids.join(' ') : undefined,
  };
}

function errorId(name: FieldName): string {
  return `hypercare-${name}-error`;
}

function firstInvalid(errors: FieldErrors): string {
  if (errors.category) return FOCUS.category;

  return errors.description ? FOCUS.description : FOCUS.email;
}

function backdropClass(position: LauncherPosition | undefined, marking: boolean): string {
  if (marking) return 'backdrop editing';

  return position === 'bottom-left' ? 'backdrop left' : 'backdrop';
}

function loadEditor(): Promise<EditorModule> {
  return import('../editor/markup-editor.js');
}

function moveFocus(dialog: HTMLElement | null, focusNext: { current: string }): void {
  const selector = focusNext.current;
  if (!dialog || !selector) return;

  focusNext.current = '';
  const target = dialog.querySelector<HTMLElement>(selector);
  (target ?? dialog).focus();
}

// A press on the backdrop would otherwise move focus out to the page.
function keepFocusInside(event: MouseEvent): void {
  if (event.target === event.currentTarget) event.preventDefault();
}

function stopPropagation(event: Event): void {
  event.stopPropagation();
}
