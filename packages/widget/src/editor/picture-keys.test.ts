import { describe, expect, it } from 'vitest';

import {
  applyDraft,
  EMPTY_MARKUP,
  movedRect,
  rectBetween,
  startDraft,
  type Draft,
  type Markup,
} from './markup-model.js';
import { readPictureKey, type PictureKey, type PictureState } from './picture-keys.js';

const IMAGE = { width: 1000, height: 600 };

function press(key: string, modifiers: Partial<PictureKey> = {}): PictureKey {
  return { key, shiftKey: false, altKey: false, ...modifiers };
}

function state(draft?: Draft, tool: PictureState['tool'] = 'hide', markup = EMPTY_MARKUP): PictureState {
  return { tool, draft, markup, image: IMAGE };
}

function placed(key: PictureKey, current: PictureState): Draft {
  const action = readPictureKey(key, current);
  if (action?.kind !== 'place') throw new Error(`Expected a placed draft, got ${action?.kind}`);

  return action.draft;
}

describe('readPictureKey', () => {
  const region = placed(press('ArrowUp'), state());

  it('shows a region in the middle on the first arrow, without moving it', () => {
    expect(rectBetween(region.anchor, region.focus)).toEqual({ x: 375, y: 225, width: 250, height: 150 });
    expect(placed(press('Enter'), state())).toEqual(region);
  });

  it('moves by a hundredth of the longer side, and a tenth with Shift', () => {
    const small = placed(press('ArrowRight'), state(region));
    const large = placed(press('ArrowUp', { shiftKey: true }), state(region));

    expect(small.anchor).toEqual({ x: 385, y: 225 });
    expect(large.anchor).toEqual({ x: 375, y: 125 });
    expect(rectBetween(large.anchor, large.focus).width).toBe(250);
  });

  it('moves only the far corner with Alt, resizing the region', () => {
    const wider = placed(press('ArrowRight', { altKey: true }), state(region));

    expect(rectBetween(wider.anchor, wider.focus)).toEqual({ x: 375, y: 225, width: 260, height: 150 });
  });

  it('draws with the pen as Alt and the arrows move its tip', () => {
    const pen = placed(press('ArrowDown', { altKey: true }), state(startDraft('pen', { x: 10, y: 10 }), 'pen'));

    expect(pen.trail).toEqual([{ x: 10, y: 10 }, { x: 10, y: 20 }]);
  });

  it('adds the region on Enter or Space, and drops it on Escape', () => {
    expect(readPictureKey(press('Enter'), state(region))).toEqual({ kind: 'commit', draft: region });
    expect(readPictureKey(press(' '), state(region))).toEqual({ kind: 'commit', draft: region });
    expect(readPictureKey(press('Escape'), state(region))).toEqual({ kind: 'drop' });
  });

  it('leaves other keys, and Escape without a region, to the rest of the editor', () => {
    expect(readPictureKey(press('Escape'), state())).toBeUndefined();
    expect(readPictureKey(press('Tab'), state(region))).toBeUndefined();
    expect(readPictureKey(press('a'), state(region))).toBeUndefined();
  });
});

describe('picking up a region with M', () => {
  const older = { kind: 'hide', rect: { x: 0, y: 0, width: 100, height: 50 } } as const;
  const newer = { kind: 'hide', rect: { x: 500, y: 300, width: 200, height: 100 } } as const;
  const marked: Markup = { shapes: [older, { kind: 'arrow', from: { x: 0, y: 0 }, to: { x: 9, y: 9 } }, newer] };

  it('picks up the newest region of the chosen kind first, then the next on each press', () => {
    const first = placed(press('m'), state(undefined, 'hide', marked));
    const second = placed(press('M'), state(first, 'hide', marked));
    const third = placed(press('m'), state(second, 'hide', marked));

    expect(first.moving).toEqual({ index: 2, rect: newer.rect });
    expect(second.moving).toEqual({ index: 0, rect: older.rect });
    expect(third.moving?.index).toBe(2);
  });

  it('moves a picked-up region with the arrows, and Enter puts it there', () => {
    const picked = placed(press('m'), state(undefined, 'hide', marked));
    const moved = placed(press('ArrowLeft', { shiftKey: true }), state(picked, 'hide', marked));

    expect(movedRect(moved.moving!, moved)).toEqual({ x: 400, y: 300, width: 200, height: 100 });
    const action = readPictureKey(press('Enter'), state(moved, 'hide', marked));
    expect(action?.kind).toBe('commit');
    expect(applyDraft(marked, moved)?.shapes[2]).toEqual({ kind: 'hide', rect: { x: 400, y: 300, width: 200, height: 100 } });
  });

  it('does nothing when there is no region of the chosen kind', () => {
    expect(readPictureKey(press('m'), state(undefined, 'highlight', marked))).toBeUndefined();
    expect(readPictureKey(press('m'), state(undefined, 'crop', marked))).toBeUndefined();
  });
});
