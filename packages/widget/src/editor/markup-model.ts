/**
 * The markup as data: a list of shapes and a crop, in the screenshot's own
 * pixels, with undo and redo. Gestures (a drag, a keyboard-placed region)
 * are drafts until committed. Nothing here draws; `render-markup.ts` does.
 */

export type Tool = 'highlight' | 'hide' | 'pen' | 'arrow' | 'text' | 'crop';

export const TOOLS: readonly Tool[] = ['highlight', 'hide', 'pen', 'arrow', 'text', 'crop'];

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Rect extends Point, Size {}

export type Shape =
  | { kind: 'highlight'; rect: Rect }
  | { kind: 'hide'; rect: Rect }
  | { kind: 'pen'; points: readonly Point[] }
  | { kind: 'arrow'; from: Point; to: Point }
  | { kind: 'text'; at: Point; text: string };

export interface Markup {
  shapes: readonly Shape[];
  /** The part of the screenshot to send; all of it when absent. */
  crop?: Rect;
}

/** Every markup since the editor opened; `present` is what is shown. */
export interface History {
  past: readonly Markup[];
  present: Markup;
  future: readonly Markup[];
}

/** A gesture in progress: a drag, or a region placed with the keyboard. */
export interface Draft {
  tool: Tool;
  /** Where the gesture started: a region's first corner, an arrow's tail. */
  anchor: Point;
  /** Where it is now: the opposite corner, the arrow's head, the pen's tip. */
  focus: Point;
  /** The pen's path so far. */
  trail: readonly Point[];
  /** The region being dragged to a new place, when the drag began on one. */
  moving?: MoveTarget;
}

/** A region already in the markup that a drag moves: a shape, or the crop. */
export interface MoveTarget {
  /** The shape's index in `shapes`, or `'crop'`. */
  index: number | 'crop';
  /** Where the region was when the drag began. */
  rect: Rect;
}

export const EMPTY_MARKUP: Markup = { shapes: [] };

/** The longest note, in characters: a note, not a paragraph. */
export const MAX_NOTE_LENGTH = 140;

// Regions and arrows smaller than this, in image pixels, are stray clicks.
const MIN_EXTENT = 4;

export function createHistory(present: Markup = EMPTY_MARKUP): History {
  return { past: [], present, future: [] };
}

/** Makes `next` the present; what was undone before can no longer be redone. */
export function record(history: History, next: Markup): History {
  return { past: [...history.past, history.present], present: next, future: [] };
}

export function undo(history: History): History {
  const previous = history.past[history.past.length - 1];
  if (!previous) return history;

  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
  };
}

export function redo(history: History): History {
  const [next, ...rest] = history.future;
  if (!next) return history;

  return { past: [...history.past, history.present], present: next, future: rest };
}

/** Removes every shape and the crop, as one step that can be undone. */
export function clear(history: History): History {
  return isEmpty(history.present) ? history : record(history, EMPTY_MARKUP);
}

export function isEmpty(markup: Markup): boolean {
  return markup.shapes.length === 0 && !markup.crop;
}

/** The size of the image the markup exports: the crop's, or the whole image's. */
export function exportSize(markup: Markup, image: Size): Size {
  return markup.crop ? { width: markup.crop.width, height: markup.crop.height } : image;
}

export function startDraft(tool: Tool, point: Point): Draft {
  return { tool, anchor: point, focus: point, trail: [point] };
}

/**
 * A region in the middle of what is shown, a quarter of its size: where a
 * keyboard user's region starts before the arrow keys move it.
 */
export function startKeyboardDraft(tool: Tool, view: Rect): Draft {
  const center = { x: view.x + view.width / 2, y: view.y + view.height / 2 };
  if (tool === 'pen' || tool === 'text') return startDraft(tool, roundPoint(center));

  const half = { x: view.width / 8, y: view.height / 8 };
  return {
    tool,
    anchor: roundPoint({ x: center.x - half.x, y: center.y - half.y }),
    focus: roundPoint({ x: center.x + half.x, y: center.y + half.y }),
    trail: [],
  };
}

/**
 * The region of `tool`'s kind under `point`, topmost first: a hidden region
 * for Hide, a highlight for Highlight, the crop for Crop. Dragging it moves
 * it rather than drawing a new one inside it.
 */
export function findRegionAt(markup: Markup, tool: Tool, point: Point): MoveTarget | undefined {
  return listRegions(markup, tool).find((region) => contains(region.rect, point));
}

/** The regions of `tool`'s kind that can be moved, newest first. */
export function listRegions(markup: Markup, tool: Tool): MoveTarget[] {
  if (tool === 'crop') return markup.crop ? [{ index: 'crop', rect: markup.crop }] : [];

  const regions: MoveTarget[] = [];
  markup.shapes.forEach((shape, index) => {
    if ((shape.kind === 'hide' || shape.kind === 'highlight') && shape.kind === tool) {
      regions.unshift({ index, rect: shape.rect });
    }
  });
  return regions;
}

/** Where a region being moved would land. */
export function movedRect(moving: MoveTarget, draft: Draft): Rect {
  const dx = draft.focus.x - draft.anchor.x;
  const dy = draft.focus.y - draft.anchor.y;

  return { ...moving.rect, x: moving.rect.x + dx, y: moving.rect.y + dy };
}

export function startMove(tool: Tool, point: Point, moving: MoveTarget): Draft {
  return { tool, anchor: point, focus: point, trail: [], moving };
}

/** Moves the draft's moving end to `point`; the pen also draws to it. */
export function extendDraft(draft: Draft, point: Point, bounds: Size): Draft {
  if (draft.moving) {
    return { ...draft, focus: clampMove(draft.moving, draft.anchor, roundPoint(point), bounds) };
  }

  const focus = clampPoint(roundPoint(point), bounds);
  const trail = draft.tool === 'pen' ? [...draft.trail, focus] : draft.trail;

  return { ...draft, focus, trail };
}

/** Moves the whole draft by `delta`, stopping at the image's edges. */
export function moveDraft(draft: Draft, delta: Point, bounds: Size): Draft {
  const points = [draft.anchor, draft.focus, ...draft.trail];
  const box = boundingRect(points);
  const dx = clamp(delta.x, -box.x, bounds.width - (box.x + box.width));
  const dy = clamp(delta.y, -box.y, bounds.height - (box.y + box.height));
  const shift = (point: Point) => ({ x: point.x + dx, y: point.y + dy });

  return {
    ...draft,
    anchor: shift(draft.anchor),
    focus: shift(draft.focus),
    trail: draft.trail.map(shift),
  };
}

/** The shape a draft makes, or nothing for a stray click or an empty note. */
export function toShape(draft: Draft, note = ''): Shape | undefined {
  switch (draft.tool) {
    case 'highlight':
    case 'hide': {
      const rect = rectBetween(draft.anchor, draft.focus);
      return isTooSmall(rect) ? undefined : { kind: draft.tool, rect };
    }
    case 'pen':
      return { kind: 'pen', points: draft.trail.length ? draft.trail : [draft.anchor] };
    case 'arrow':
      return distance(draft.anchor, draft.focus) < MIN_EXTENT
        ? undefined
        : { kind: 'arrow', from: draft.anchor, to: draft.focus };
    case 'text': {
      const text = note.trim().slice(0, MAX_NOTE_LENGTH);
      return text ? { kind: 'text', at: draft.anchor, text } : undefined;
    }
    case 'crop':
      return undefined;
  }
}

/** The markup with the draft committed, or `undefined` when it adds nothing. */
export function applyDraft(markup: Markup, draft: Draft, note = ''): Markup | undefined {
  if (draft.moving) return applyMove(markup, draft, draft.moving);

  if (draft.tool === 'crop') {
    const crop = rectBetween(draft.anchor, draft.focus);
    return isTooSmall(crop) ? undefined : { ...markup, crop };
  }

  const shape = toShape(draft, note);
  return shape ? { ...markup, shapes: [...markup.shapes, shape] } : undefined;
}

/** The rectangle with corners `a` and `b`, whichever way it was drawn. */
export function rectBetween(a: Point, b: Point): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);

  return { x, y, width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/** The part of the image in view: the crop, or all of it. */
export function viewRect(markup: Markup, image: Size): Rect {
  return markup.crop ?? { x: 0, y: 0, ...image };
}

export function clampPoint(point: Point, bounds: Size): Point {
  return { x: clamp(point.x, 0, bounds.width), y: clamp(point.y, 0, bounds.height) };
}

function applyMove(markup: Markup, draft: Draft, moving: MoveTarget): Markup | undefined {
  if (draft.focus.x === draft.anchor.x && draft.focus.y === draft.anchor.y) return undefined;

  const rect = movedRect(moving, draft);
  if (moving.index === 'crop') return { ...markup, crop: rect };

  const shapes = markup.shapes.map((shape, index) =>
    index === moving.index && (shape.kind === 'hide' || shape.kind === 'highlight')
      ? { kind: shape.kind, rect }
      : shape,
  );
  return { ...markup, shapes };
}

// A moved region stops at the image's edges: the pointer may go further,
// the region does not.
function clampMove(moving: MoveTarget, anchor: Point, point: Point, bounds: Size): Point {
  const { rect } = moving;

  return {
    x: clamp(point.x, anchor.x - rect.x, anchor.x + bounds.width - rect.x - rect.width),
    y: clamp(point.y, anchor.y - rect.y, anchor.y + bounds.height - rect.y - rect.height),
  };
}

function contains(rect: Rect, point: Point): boolean {
  return (
    point.x >= rect.x &&
    point.x <= rect.x + rect.width &&
    point.y >= rect.y &&
    point.y <= rect.y + rect.height
  );
}

function roundPoint(point: Point): Point {
  return { x: Math.round(point.x), y: Math.round(point.y) };
}

function boundingRect(points: readonly Point[]): Rect {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);

  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function isTooSmall(rect: Rect): boolean {
  return rect.width < MIN_EXTENT || rect.height < MIN_EXTENT;
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
