/**
 * What a key pressed on the picture does, for keyboard users: the first
 * arrow (or Enter) shows a region in the middle of the view; arrows move it,
 * Shift for bigger steps; Alt with arrows moves its far corner (resizes a
 * region, aims an arrow, draws with the pen); Enter adds it; Escape drops it.
 * M picks up a region already there (the newest first, the next one on each
 * press) for the arrows to move, as dragging it does with a pointer.
 */
import {
  extendDraft,
  listRegions,
  moveDraft,
  startKeyboardDraft,
  startMove,
  viewRect,
  type Draft,
  type Markup,
  type Point,
  type Size,
  type Tool,
} from './markup-model.js';

export interface PictureKey {
  key: string;
  shiftKey: boolean;
  altKey: boolean;
}

export interface PictureState {
  tool: Tool;
  draft: Draft | undefined;
  markup: Markup;
  image: Size;
}

export type PictureAction =
  | { kind: 'place'; draft: Draft }
  | { kind: 'commit'; draft: Draft }
  | { kind: 'drop' };

const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

// Steps are shares of the image's longer side, so a step looks the same on
// a phone's screenshot and on a 4K one.
const SMALL_STEP = 0.01;
const LARGE_STEP = 0.1;

/** The action for `key`, or nothing when the key is not the picture's. */
export function readPictureKey(key: PictureKey, state: PictureState): PictureAction | undefined {
  const direction = ARROWS[key.key];
  if (direction) return { kind: 'place', draft: step(direction, key, state) };

  if (key.key === 'Enter' || key.key === ' ') {
    return state.draft
      ? { kind: 'commit', draft: state.draft }
      : { kind: 'place', draft: startInView(state) };
  }

  if (key.key === 'm' || key.key === 'M') {
    const picked = pickUpNext(state);
    return picked && { kind: 'place', draft: picked };
  }

  return key.key === 'Escape' && state.draft ? { kind: 'drop' } : undefined;
}

/** A draft where keyboard users start one: the middle of what is shown. */
export function startInView(state: Omit<PictureState, 'draft'>): Draft {
  return startKeyboardDraft(state.tool, viewRect(state.markup, state.image));
}

// The first arrow shows where the region starts, without moving it.
function step(direction: Point, key: PictureKey, state: PictureState): Draft {
  const { draft, image } = state;
  if (!draft) return startInView(state);

  const share = key.shiftKey ? LARGE_STEP : SMALL_STEP;
  const length = Math.max(1, Math.round(Math.max(image.width, image.height) * share));
  const delta = { x: direction.x * length, y: direction.y * length };
  // A region picked up moves by its far end; its start stays where it was.
  if (!key.altKey && !draft.moving) return moveDraft(draft, delta, image);

  return extendDraft(draft, { x: draft.focus.x + delta.x, y: draft.focus.y + delta.y }, image);
}

function pickUpNext(state: PictureState): Draft | undefined {
  const regions = listRegions(state.markup, state.tool);
  const current = state.draft?.moving;
  const at = current ? regions.findIndex((region) => region.index === current.index) : -1;
  const target = regions[(at + 1) % Math.max(1, regions.length)];
  if (!target) return undefined;

  const { x, y, width, height } = target.rect;
  const center = { x: Math.round(x + width / 2), y: Math.round(y + height / 2) };
  return startMove(state.tool, center, target);
}
