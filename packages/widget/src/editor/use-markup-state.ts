/**
 * The editor's state as a hook: the history of markups, the chosen tool,
 * the draft in progress and the note's text, with what to announce to
 * screen readers after each change.
 */
import { useRef, useState } from 'preact/hooks';

import { format } from '../messages.js';
import type { EditorMessages } from './editor-messages.js';
import {
  applyDraft,
  clear,
  createHistory,
  isEmpty,
  movedRect,
  record,
  rectBetween,
  redo,
  undo,
  type Draft,
  type History,
  type Markup,
  type Tool,
} from './markup-model.js';

export interface MarkupState {
  history: History;
  markup: Markup;
  tool: Tool;
  draft: Draft | undefined;
  /** The draft as of the last change, for events that arrive between renders. */
  currentDraft(): Draft | undefined;
  note: string;
  announcement: string;
  setNote(note: string): void;
  chooseTool(tool: Tool): void;
  /** Shows a draft; `announce` reads its place out, as keyboard users need. */
  place(draft: Draft, announce?: boolean): void;
  drop(): void;
  /** Adds the draft; `'note needed'` when a note has no text yet. */
  commit(draft: Draft): 'added' | 'note needed' | 'nothing';
  undo(): void;
  redo(): void;
  clear(): void;
}

export function useMarkupState(initial: Markup | undefined, messages: EditorMessages): MarkupState {
  const [history, setHistory] = useState<History>(() => createHistory(initial));
  const [tool, setTool] = useState<Tool>('hide');
  const [draft, setDraftState] = useState<Draft | undefined>(undefined);
  const draftRef = useRef<Draft | undefined>(undefined);
  const [note, setNote] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const markup = history.present;

  function setDraft(next: Draft | undefined): void {
    draftRef.current = next;
    setDraftState(next);
  }

  function change(next: History, message: string): void {
    setHistory(next);
    setAnnouncement(message);
  }

  function commit(current: Draft): 'added' | 'note needed' | 'nothing' {
    const next = applyDraft(markup, current, note);
    if (!next && current.tool === 'text') {
      setDraft(current);
      setAnnouncement(messages.noteNeeded);
      return 'note needed';
    }

    setDraft(undefined);
    if (!next) return 'nothing';

    const message = current.moving ? messages.moved : describeAdded(messages, current.tool, next);
    change(record(history, next), message);
    if (current.tool === 'text') setNote('');
    return 'added';
  }

  return {
    history,
    markup,
    tool,
    draft,
    currentDraft: () => draftRef.current,
    note,
    announcement,
    setNote,
    chooseTool(next) {
      setTool(next);
      setDraft(undefined);
      setAnnouncement(format(messages.toolChosen, { tool: messages.toolNames[next] }));
    },
    place(next, announce = false) {
      setDraft(next);
      if (announce) setAnnouncement(describePlacement(messages, next));
    },
    drop() {
      setDraft(undefined);
      setAnnouncement('');
    },
    commit,
    undo() {
      if (history.past.length) change(undo(history), messages.undone);
    },
    redo() {
      if (history.future.length) change(redo(history), messages.redone);
    },
    clear() {
      setDraft(undefined);
      if (!isEmpty(markup)) change(clear(history), messages.cleared);
    },
  };
}

function describePlacement(messages: EditorMessages, draft: Draft): string {
  const { moving } = draft;
  const rect = moving ? movedRect(moving, draft) : rectBetween(draft.anchor, draft.focus);

  return format(moving ? messages.moving : messages.placed, {
    tool: messages.toolNames[draft.tool],
    x: String(rect.x),
    y: String(rect.y),
    width: String(rect.width),
    height: String(rect.height),
  });
}

function describeAdded(messages: EditorMessages, tool: Tool, markup: Markup): string {
  const crop = markup.crop;
  if (tool !== 'crop' || !crop) return messages.added[tool];

  return format(messages.added.crop, { width: String(crop.width), height: String(crop.height) });
}
