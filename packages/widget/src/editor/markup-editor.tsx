/**
 * The markup editor's chunk, loaded only when a user chooses "Mark up".
 * It shows the screenshot on a canvas with tools to highlight, hide, draw,
 * point, note and crop, by pointer (mouse, pen, touch) or keyboard alone,
 * and hands back the marked-up image and the markup, so editing again starts
 * from the untouched original.
 */
import type { JSX } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

import { adoptStyles } from '../adopt-styles.js';
import { format } from '../messages.js';
import { EDITOR_ENGLISH, type EditorMessages } from './editor-messages.js';
import { EDITOR_CSS } from './editor-styles.js';
import { decodeImage } from './decode-image.js';
import {
  applyDraft,
  clear,
  createHistory,
  extendDraft,
  MAX_NOTE_LENGTH,
  moveDraft,
  record,
  redo,
  startDraft,
  startKeyboardDraft,
  TOOLS,
  undo,
  viewRect,
  type Draft,
  type History,
  type Markup,
  type Point,
  type Tool,
} from './markup-model.js';
import {
  drawEditorView,
  encodePng,
  exportMarkup,
  getContext,
  type EditorImage,
  type EncodeCanvas,
  type ExportedImage,
} from './render-markup.js';

export interface MarkupResult extends ExportedImage {
  /** What was drawn, to start from when the user edits again. */
  markup: Markup;
}

export interface MarkupEditorProps {
  /** The screenshot as captured, never the marked-up copy. */
  original: Blob;
  /** Markup from an earlier visit. Default: none. */
  markup?: Markup;
  /** Called with the image to send once the user is done; the original when nothing was marked. */
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

const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

// Keyboard steps as shares of the image's longer side, so a step looks the
// same on a phone's screenshot and on a 4K one.
const SMALL_STEP = 0.01;
const LARGE_STEP = 0.1;

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
  const draftRef = useRef<Draft | undefined>(undefined);
  const pointerRef = useRef<number | undefined>(undefined);

  const [history, setHistory] = useState<History>(() => createHistory(props.markup));
  const [tool, setTool] = useState<Tool>('hide');
  const [draft, setDraftState] = useState<Draft | undefined>(undefined);
  const [note, setNote] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState('');
  const markup = history.present;

  useLayoutEffect(() => {
    canvasRef.current?.closest('.editor')?.querySelector<HTMLElement>('input:checked')?.focus();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (canvas) drawEditorView(getContext(canvas), image, markup, draft, note);
  }, [image, markup, draft, note]);

  function setDraft(next: Draft | undefined): void {
    draftRef.current = next;
    setDraftState(next);
  }

  function change(next: History, message: string): void {
    setHistory(next);
    setAnnouncement(message);
  }

  function commit(current: Draft): void {
    const next = applyDraft(markup, current, note);
    if (!next) {
      if (current.tool === 'text') askForNote(current);
      else setDraft(undefined);
      return;
    }

    setDraft(undefined);
    change(record(history, next), describeAdded(messages, current.tool, next));
    if (current.tool === 'text') setNote('');
  }

  function askForNote(current: Draft): void {
    setDraft(current);
    setAnnouncement(messages.noteNeeded);
    noteRef.current?.focus();
  }

  function chooseTool(next: Tool): void {
    setTool(next);
    setDraft(undefined);
    setAnnouncement(format(messages.toolChosen, { tool: messages.toolNames[next] }));
  }

  function handlePointerDown(event: PointerEvent): void {
    if (event.button !== 0 || pointerRef.current !== undefined) return;

    const canvas = event.currentTarget as HTMLCanvasElement;
    event.preventDefault();
    canvas.focus();
    canvas.setPointerCapture?.(event.pointerId);
    pointerRef.current = event.pointerId;
    setDraft(startDraft(tool, toImagePoint(canvas, event, image)));
  }

  function handlePointerMove(event: PointerEvent): void {
    const current = draftRef.current;
    if (event.pointerId !== pointerRef.current || !current) return;

    const point = toImagePoint(event.currentTarget as HTMLCanvasElement, event, image);
    setDraft(extendDraft(current, point, image));
  }

  function handlePointerUp(event: PointerEvent): void {
    if (event.pointerId !== pointerRef.current) return;

    pointerRef.current = undefined;
    const current = draftRef.current;
    if (current) commit(current);
  }

  function handlePointerCancel(event: PointerEvent): void {
    if (event.pointerId !== pointerRef.current) return;

    pointerRef.current = undefined;
    setDraft(undefined);
  }

  function handleCanvasKey(event: KeyboardEvent): void {
    const direction = ARROWS[event.key];
    if (direction) {
      event.preventDefault();
      placeWithKeys(direction, event);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const current = draftRef.current;
      if (current) commit(current);
      else place(startKeyboardDraft(tool, viewRect(markup, image)));
    } else if (event.key === 'Escape' && draftRef.current) {
      event.preventDefault();
      event.stopPropagation();
      setDraft(undefined);
      setAnnouncement('');
    }
  }

  // The first arrow press shows the region where it starts; later ones move
  // it, or with Alt move its far corner (resize, aim an arrow, draw).
  function placeWithKeys(direction: Point, event: KeyboardEvent): void {
    const current = draftRef.current;
    if (!current) {
      place(startKeyboardDraft(tool, viewRect(markup, image)));
      return;
    }

    const step = Math.max(1, Math.round(Math.max(image.width, image.height) * stepShare(event)));
    const delta = { x: direction.x * step, y: direction.y * step };
    const moved = event.altKey
      ? extendDraft(current, { x: current.focus.x + delta.x, y: current.focus.y + delta.y }, image)
      : moveDraft(current, delta, image);
    place(moved);
  }

  function place(next: Draft): void {
    setDraft(next);
    setAnnouncement(describePlacement(messages, next));
  }

  function handleNoteKey(event: KeyboardEvent): void {
    if (event.key !== 'Enter') return;

    event.preventDefault();
    commit(draftRef.current ?? startKeyboardDraft('text', viewRect(markup, image)));
  }

  function handleEditorKey(event: KeyboardEvent): void {
    const target = event.target as HTMLElement;
    if (!(event.ctrlKey || event.metaKey) || target.tagName === 'INPUT') return;

    const key = event.key.toLowerCase();
    if (key === 'z' && !event.shiftKey) runUndo();
    else if (key === 'y' || (key === 'z' && event.shiftKey)) runRedo();
    else return;
    event.preventDefault();
  }

  function runUndo(): void {
    if (history.past.length) change(undo(history), messages.undone);
  }

  function runRedo(): void {
    if (history.future.length) change(redo(history), messages.redone);
  }

  function runClear(): void {
    setDraft(undefined);
    if (history.present.shapes.length || history.present.crop) {
      change(clear(history), messages.cleared);
    }
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
      <div class="toolbar">
        <fieldset class="tools">
          <legend class="visually-hidden">{messages.tools}</legend>
          {TOOLS.map((name) => (
            <label key={name} class="tool">
              <input
                type="radio"
                name="hypercare-tool"
                value={name}
                checked={tool === name}
                onChange={() => chooseTool(name)}
              />
              <span>{messages.toolNames[name]}</span>
            </label>
          ))}
        </fieldset>
        <div class="history">
          <ActionButton label={messages.undo} enabled={history.past.length > 0} run={runUndo} />
          <ActionButton label={messages.redo} enabled={history.future.length > 0} run={runRedo} />
          <ActionButton
            label={messages.clear}
            enabled={history.present.shapes.length > 0 || !!history.present.crop}
            run={runClear}
          />
        </div>
      </div>

      {tool === 'text' && (
        <div class="note">
          <label for={ID.note}>{messages.note}</label>
          <input
            ref={noteRef}
            id={ID.note}
            type="text"
            maxLength={MAX_NOTE_LENGTH}
            value={note}
            aria-describedby={ID.noteHint}
            onInput={(event) => setNote(event.currentTarget.value)}
            onKeyDown={handleNoteKey}
          />
          <p class="hint" id={ID.noteHint}>
            {messages.noteHint}
          </p>
        </div>
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
          onPointerDown={handlePointerDown}
          onPointerMove={handlePointerMove}
          onPointerUp={handlePointerUp}
          onPointerCancel={handlePointerCancel}
          onKeyDown={handleCanvasKey}
        />
      </div>
      <p class="hint" id={ID.help}>
        {messages.help}
      </p>

      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
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

/** Where a pointer event lands on the screenshot, in the image's own pixels. */
function toImagePoint(canvas: HTMLCanvasElement, event: PointerEvent, image: EditorImage): Point {
  const box = canvas.getBoundingClientRect();
  const x = ((event.clientX - box.left) / (box.width || 1)) * image.width;
  const y = ((event.clientY - box.top) / (box.height || 1)) * image.height;

  return {
    x: Math.round(Math.min(Math.max(x, 0), image.width)),
    y: Math.round(Math.min(Math.max(y, 0), image.height)),
  };
}

function stepShare(event: KeyboardEvent): number {
  return event.shiftKey ? LARGE_STEP : SMALL_STEP;
}

function describePlacement(messages: EditorMessages, draft: Draft): string {
  const x = Math.min(draft.anchor.x, draft.focus.x);
  const y = Math.min(draft.anchor.y, draft.focus.y);

  return format(messages.placed, {
    tool: messages.toolNames[draft.tool],
    x: String(x),
    y: String(y),
    width: String(Math.abs(draft.focus.x - draft.anchor.x)),
    height: String(Math.abs(draft.focus.y - draft.anchor.y)),
  });
}

function describeAdded(messages: EditorMessages, tool: Tool, markup: Markup): string {
  const crop = markup.crop;
  if (tool !== 'crop' || !crop) return messages.added[tool];

  return format(messages.added.crop, { width: String(crop.width), height: String(crop.height) });
}

function addStylesOnce(element: Element | null): void {
  const root = element?.getRootNode();
  if (!(root instanceof ShadowRoot) || styledRoots.has(root)) return;

  adoptStyles(root, EDITOR_CSS);
  styledRoots.add(root);
}
