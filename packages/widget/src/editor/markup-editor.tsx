/**
 * The markup editor's chunk, loaded only when a user chooses "Mark up".
 * It shows the screenshot on a canvas with tools to highlight, hide, draw,
 * point, note and crop, by pointer (mouse, pen, touch) or keyboard alone,
 * and hands back the marked-up image and the markup, so editing again starts
 * from the untouched original.
 */
import type { JSX, RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import { adoptStyles } from '../adopt-styles.js';
import { format } from '../messages.js';
import { decodeImage } from './decode-image.js';
import { EDITOR_ENGLISH, type EditorMessages } from './editor-messages.js';
import { EDITOR_CSS } from './editor-styles.js';
import { isEmpty, MAX_NOTE_LENGTH, TOOLS, type Draft, type Markup } from './markup-model.js';
import { readPictureKey, startInView } from './picture-keys.js';
import {
  drawEditorView,
  encodePng,
  exportMarkup,
  getContext,
  type EditorImage,
  type EncodeCanvas,
  type ExportedImage,
} from './render-markup.js';
import { useMarkupState, type MarkupState } from './use-markup-state.js';
import { usePointerDrawing } from './use-pointer-drawing.js';

export interface MarkupResult extends ExportedImage {
  /** What was drawn, to start from when the user edits again. */
  markup: Markup;
}

export interface MarkupEditorProps {
  /** The screenshot as captured, never the marked-up copy. */
  original: Blob;
  /** Markup from an earlier visit. Default: none. */
  markup?: Markup;
  /** Called with the image to send; the original itself when nothing was marked. */
  onDone(result: MarkupResult): void;
  /** Called when the user leaves without keeping changes. */
  onCancel(): void;
  /** The editor's words. Default: English. */
  messages?: EditorMessages;
  /** Encodes the exported canvas. Default: PNG. */
  encode?: EncodeCanvas;
}

type Loaded = { name: 'loading' } | { name: 'ready'; image: EditorImage } | { name: 'failed' };

const ID = {
  title: 'hypercare-editor-title',
  help: 'hypercare-editor-help',
  note: 'hypercare-editor-note',
  noteHint: 'hypercare-editor-note-hint',
} as const;

const styledRoots = new WeakSet<Node>();

export function MarkupEditor(props: MarkupEditorProps): JSX.Element {
  const messages = props.messages ?? EDITOR_ENGLISH;
  const rootRef = useRef<HTMLDivElement>(null);
  const loaded = useDecodedImage(props.original);

  // Focus waits here while the image decodes: the button that opened the
  // editor is gone, and focus must not fall out of the dialog.
  useLayoutEffect(() => {
    addStylesOnce(rootRef.current);
    rootRef.current?.focus();
  }, []);

  function handleKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape') return;

    // Escape leaves the editor, not the whole feedback dialog.
    event.preventDefault();
    event.stopPropagation();
    props.onCancel();
  }

  return (
    <div
      ref={rootRef}
      class="editor"
      role="group"
      aria-labelledby={ID.title}
      tabIndex={-1}
      onKeyDown={handleKeyDown}
    >
      <h3 id={ID.title}>{messages.title}</h3>
      {loaded.name === 'ready' ? (
        <EditorBody {...props} messages={messages} image={loaded.image} />
      ) : (
        <>
          <p class="editor-status" role="status">
            {loaded.name === 'loading' ? messages.loading : messages.loadFailed}
          </p>
          <div class="editor-actions">
            <button type="button" class="secondary" onClick={props.onCancel}>
              {messages.cancel}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

interface EditorBodyProps extends MarkupEditorProps {
  messages: EditorMessages;
  image: EditorImage;
}

function EditorBody(props: EditorBodyProps): JSX.Element {
  const { messages, image } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const noteRef = useRef<HTMLInputElement>(null);
  const state = useMarkupState(props.markup, messages);
  const focusNote = () => noteRef.current?.focus();
  const pointer = usePointerDrawing(state, image, focusNote);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState('');
  const { markup, draft, note } = state;

  useLayoutEffect(() => {
    canvasRef.current?.closest('.editor')?.querySelector<HTMLElement>('input:checked')?.focus();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas) drawEditorView(getContext(canvas), image, markup, draft, note);
  }, [image, markup, draft, note]);

  function commit(current: Draft): void {
    if (state.commit(current) === 'note needed') focusNote();
  }

  function handlePictureKey(event: KeyboardEvent): void {
    const action = readPictureKey(event, { ...state, draft: state.currentDraft(), image });
    if (!action) return;

    event.preventDefault();
    if (action.kind === 'place') state.place(action.draft, true);
    else if (action.kind === 'commit') commit(action.draft);
    else {
      // Escape drops the draft here; it must not also leave the editor.
      event.stopPropagation();
      state.drop();
    }
  }

  function handleNoteKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;

    event.preventDefault();
    commit(state.currentDraft() ?? startInView({ ...state, tool: 'text', image }));
  }

  // Ctrl (or Cmd) with Z undoes, with Y or Shift+Z redoes; text fields keep
  // their own undo.
  function handleEditorKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (!(event.ctrlKey || event.metaKey) || target.tagName === 'INPUT') return;

    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) state.undo();
    else if (key === 'y' || (key === 'z' && event.shiftKey)) state.redo();
    else return;
    event.preventDefault();
  }

  async function apply(): Promise<void> {
    if (saving) return;

    setSaving(true);
    setFailure('');
    try {
      const exported = await exportMarkup(image, props.original, markup, props.encode ?? encodePng);
      props.onDone({ ...exported, markup });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setFailure(format(messages.exportFailed, { reason }));
      setSaving(false);
    }
  }

  return (
    <div class="editor-body" onKeyDown={handleEditorKey}>
      <Toolbar state={state} messages={messages} />
      {state.tool === 'text' && (
        <NoteField inputRef={noteRef} state={state} messages={messages} onKeyDown={handleNoteKey} />
      )}

      <div class="stage">
        <canvas
          ref={canvasRef}
          width={image.width}
          height={image.height}
          tabIndex={0}
          role="application"
          aria-label={messages.canvas}
          aria-describedby={ID.help}
          data-testid="hypercare-editor-canvas"
          {...pointer}
          onKeyDown={handlePictureKey}
        />
      </div>
      <p class="hint" id={ID.help}>
        {messages.help}
      </p>

      <p class="visually-hidden" role="status" aria-live="polite">
        {state.announcement}
      </p>
      {failure && <p class="failure">{failure}</p>}

      <div class="editor-actions">
        <button type="button" class="secondary" onClick={props.onCancel}>
          {messages.cancel}
        </button>
        <button type="button" class="primary" disabled={saving} onClick={apply}>
          {saving ? messages.applying : messages.apply}
        </button>
      </div>
    </div>
  );
}

function Toolbar(props: { state: MarkupState; messages: EditorMessages }): JSX.Element {
  const { state, messages } = props;
  const { history } = state;

  return (
    <div class="toolbar">
      <fieldset class="tools">
        <legend class="visually-hidden">{messages.tools}</legend>
        {TOOLS.map((name) => (
          <label key={name} class="tool">
            <input
              type="radio"
              name="hypercare-tool"
              value={name}
              checked={state.tool === name}
              onChange={() => state.chooseTool(name)}
            />
            <span>{messages.toolNames[name]}</span>
          </label>
        ))}
      </fieldset>
      <div class="history">
        <ActionButton label={messages.undo} enabled={history.past.length > 0} run={state.undo} />
        <ActionButton label={messages.redo} enabled={history.future.length > 0} run={state.redo} />
        <ActionButton label={messages.clear} enabled={!isEmpty(state.markup)} run={state.clear} />
      </div>
    </div>
  );
}

interface NoteFieldProps {
  inputRef: RefObject<HTMLInputElement>;
  state: MarkupState;
  messages: EditorMessages;
  onKeyDown(event: KeyboardEvent): void;
}

function NoteField(props: NoteFieldProps): JSX.Element {
  const { state, messages } = props;

  return (
    <div class="note">
      <label for={ID.note}>{messages.note}</label>
      <input
        ref={props.inputRef}
        id={ID.note}
        type="text"
        maxLength={MAX_NOTE_LENGTH}
        value={state.note}
        aria-describedby={ID.noteHint}
        onInput={(event) => state.setNote(event.currentTarget.value)}
        onKeyDown={props.onKeyDown}
      />
      <p class="hint" id={ID.noteHint}>
        {messages.noteHint}
      </p>
    </div>
  );
}

// aria-disabled rather than disabled: a disabled button drops keyboard focus
// to the document when its last undo is used.
function ActionButton(props: { label: string; enabled: boolean; run(): void }): JSX.Element {
  return (
    <button
      type="button"
      class="secondary"
      aria-disabled={props.enabled ? undefined : 'true'}
      onClick={() => props.enabled && props.run()}
    >
      {props.label}
    </button>
  );
}

function useDecodedImage(original: Blob): Loaded {
  const [loaded, setLoaded] = useState<Loaded>({ name: 'loading' });

  // A decoded screenshot holds megabytes outside the JavaScript heap until
  // closed; the editor lets it go as soon as it closes.
  useEffect(() => {
    let current = true;
    let decoded: EditorImage | undefined;
    decodeImage(original).then(
      (image) => {
        decoded = image;
        if (current) setLoaded({ name: 'ready', image });
        else release(image);
      },
      () => current && setLoaded({ name: 'failed' }),
    );
    return () => {
      current = false;
      if (decoded) release(decoded);
    };
  }, [original]);

  return loaded;
}

function release(image: EditorImage): void {
  if ('close' in image.source && typeof image.source.close === 'function') image.source.close();
}

function addStylesOnce(element: Element | null): void {
  const root = element?.getRootNode();
  if (!(root instanceof ShadowRoot) || styledRoots.has(root)) return;

  adoptStyles(root, EDITOR_CSS);
  styledRoots.add(root);
}
