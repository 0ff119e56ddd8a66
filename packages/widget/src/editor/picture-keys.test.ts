import { describe, expect, it } from 'vitest';

import { EMPTY_MARKUP, rectBetween, startDraft, type Draft } from './markup-model.js';
import { readPictureKey, type PictureKey, type PictureState } from './picture-keys.js';

const IMAGE = { width: 1000, height: 600 };

function press(key: string, modifiers: Partial<PictureKey> = {}): PictureKey {
  return { key, shiftKey: false, altKey: false, ...modifiers };
}

function state(draft?: Draft, tool: PictureState['tool'] = 'hide'): PictureState {
  return { tool, draft, markup: EMPTY_MARKUP, image: IMAGE };
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
