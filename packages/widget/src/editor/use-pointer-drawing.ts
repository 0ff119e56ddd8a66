/**
 * Drawing on the picture with a mouse, pen or finger through pointer
 * events: press starts a draft where the pointer is, moving extends it, and
 * release adds it. A press inside a region of the chosen tool's kind (a
 * hidden region, a highlight, the crop) drags that region instead. One
 * pointer at a time; a second finger is ignored.
 */
import { useRef } from 'preact/hooks';

import {
  extendDraft,
  findRegionAt,
  startDraft,
  startMove,
  type Point,
  type Size,
} from './markup-model.js';
import type { MarkupState } from './use-markup-state.js';

export interface PointerHandlers {
  onPointerDown(event: PointerEvent): void;
  onPointerMove(event: PointerEvent): void;
  onPointerUp(event: PointerEvent): void;
  onPointerCancel(event: PointerEvent): void;
}

/** `onNoteNeeded` runs when a note is placed before it has any text. */
export function usePointerDrawing(
  state: MarkupState,
  image: Size,
  onNoteNeeded: () => void,
): PointerHandlers {
  const pointer = useRef<number | undefined>(undefined);
  const isActive = (event: PointerEvent) => event.pointerId === pointer.current;

  return {
    onPointerDown(event) {
      if (event.button !== 0 || pointer.current !== undefined) return;

      const canvas = event.currentTarget as HTMLCanvasElement;
      event.preventDefault();
      canvas.focus();
      canvas.setPointerCapture?.(event.pointerId);
      pointer.current = event.pointerId;
      const point = toImagePoint(canvas, event, image);
      const moving = findRegionAt(state.markup, state.tool, point);
      state.place(moving ? startMove(state.tool, point, moving) : startDraft(state.tool, point));
    },
    onPointerMove(event) {
      const canvas = event.currentTarget as HTMLCanvasElement;
      const point = toImagePoint(canvas, event, image);
      const draft = state.currentDraft();
      if (!isActive(event) || !draft) {
        showCursor(canvas, findRegionAt(state.markup, state.tool, point) ? 'move' : '');
        return;
      }

      state.place(extendDraft(draft, point, image));
    },
    onPointerUp(event) {
      if (!isActive(event)) return;

      pointer.current = undefined;
      const draft = state.currentDraft();
      if (draft && state.commit(draft) === 'note needed') onNoteNeeded();
    },
    onPointerCancel(event) {
      if (!isActive(event)) return;

      pointer.current = undefined;
      state.drop();
    },
  };
}

// A region that a drag would move says so before the press; elsewhere the
// stylesheet's crosshair applies.
function showCursor(canvas: HTMLCanvasElement, cursor: string): void {
  if (canvas.style.cursor !== cursor) canvas.style.cursor = cursor;
}

/** Where a pointer event lands on the screenshot, in the image's own pixels. */
function toImagePoint(canvas: HTMLCanvasElement, event: PointerEvent, image: Size): Point {
  const box = canvas.getBoundingClientRect();
  const x = ((event.clientX - box.left) / (box.width || 1)) * image.width;
  const y = ((event.clientY - box.top) / (box.height || 1)) * image.height;

  return {
    x: Math.round(Math.min(Math.max(x, 0), image.width)),
    y: Math.round(Math.min(Math.max(y, 0), image.height)),
  };
}
