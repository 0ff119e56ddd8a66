/**
 * The markup editor's words. They live in the editor's chunk rather than in
 * `messages.ts`, which ships with the launcher to every page view, so pages
 * pay for them only when someone marks up a screenshot. `{…}` slots are
 * filled in when shown.
 */
import type { Tool } from './markup-model.js';

export interface EditorMessages {
  title: string;
  tools: string;
  toolNames: Record<Tool, string>;
  undo: string;
  redo: string;
  clear: string;
  note: string;
  noteHint: string;
  canvas: string;
  help: string;
  cancel: string;
  apply: string;
  applying: string;
  loading: string;
  loadFailed: string;
  exportFailed: string;
  added: Record<Tool, string>;
  placed: string;
  moved: string;
  moving: string;
  noteNeeded: string;
  undone: string;
  redone: string;
  cleared: string;
  toolChosen: string;
}

export const EDITOR_ENGLISH: EditorMessages = {
  title: 'Mark up the screenshot',
  tools: 'Tool',
  toolNames: {
    highlight: 'Highlight',
    hide: 'Hide',
    pen: 'Draw',
    arrow: 'Arrow',
    text: 'Note',
    crop: 'Crop',
  },
  undo: 'Undo',
  redo: 'Redo',
  clear: 'Clear',
  note: 'Note text',
  noteHint: 'Type the note, then click where it goes or press Enter on the picture.',
  canvas: 'Screenshot',
  help:
    'Drag on the picture to mark it; drag a region of the chosen kind to move it. Keyboard: ' +
    'arrows place and move a region (Shift for bigger steps), Alt+arrows resize it or draw, ' +
    'Enter adds it, Escape drops it; M picks up a region already there to move.',
  cancel: 'Cancel',
  apply: 'Use this screenshot',
  applying: 'Saving…',
  loading: 'Opening the screenshot…',
  loadFailed: 'Could not open the screenshot for marking up.',
  exportFailed: 'Could not save the marked-up screenshot: {reason}',
  added: {
    highlight: 'Highlight added.',
    hide: 'Hidden region added. It is blacked out in the screenshot that is sent.',
    pen: 'Drawing added.',
    arrow: 'Arrow added.',
    text: 'Note added.',
    crop: 'Cropped to {width} by {height} pixels.',
  },
  placed: '{tool}: {x}, {y}, {width} by {height} pixels. Enter adds it.',
  moved: 'Moved.',
  moving: '{tool}: moving to {x}, {y}, {width} by {height} pixels. Enter puts it there.',
  noteNeeded: 'Type the note first.',
  undone: 'Undone.',
  redone: 'Redone.',
  cleared: 'All markings cleared.',
  toolChosen: '{tool} tool.',
};
