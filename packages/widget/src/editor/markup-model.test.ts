import { describe, expect, it } from 'vitest';

import {
  applyDraft,
  clear,
  createHistory,
  EMPTY_MARKUP,
  exportSize,
  extendDraft,
  findRegionAt,
  MAX_NOTE_LENGTH,
  moveDraft,
  record,
  rectBetween,
  redo,
  startDraft,
  startKeyboardDraft,
  startMove,
  undo,
  viewRect,
  type Draft,
  type Markup,
  type Point,
  type Tool,
} from './markup-model.js';

const IMAGE = { width: 1000, height: 600 };

function drag(tool: Tool, from: Point, ...to: Point[]): Draft {
  return to.reduce((draft, point) => extendDraft(draft, point, IMAGE), startDraft(tool, from));
}

function hide(x: number, y: number, width: number, height: number) {
  return { kind: 'hide', rect: { x, y, width, height } } as const;
}

describe('history', () => {
  const one: Markup = { shapes: [hide(0, 0, 10, 10)] };
  const two: Markup = { shapes: [hide(0, 0, 10, 10), hide(20, 20, 10, 10)] };

  it('undoes and redoes steps in order', () => {
    const history = record(record(createHistory(), one), two);

    expect(undo(history).present).toBe(one);
    expect(undo(undo(history)).present).toBe(EMPTY_MARKUP);
    expect(redo(undo(undo(history))).present).toBe(one);
    expect(redo(redo(undo(undo(history)))).present).toBe(two);
  });

  it('does nothing when there is nothing to undo or redo', () => {
    const history = record(createHistory(), one);

    expect(redo(history)).toBe(history);
    expect(undo(undo(history))).toEqual(undo(history));
  });

  it('forgets what was undone once something new is recorded', () => {
    const history = record(undo(record(createHistory(), one)), two);

    expect(history.future).toEqual([]);
    expect(redo(history)).toBe(history);
  });

  it('clears shapes and crop in one step that undo brings back', () => {
    const cropped: Markup = { ...two, crop: { x: 5, y: 5, width: 50, height: 50 } };
    const cleared = clear(record(createHistory(), cropped));

    expect(cleared.present).toEqual(EMPTY_MARKUP);
    expect(undo(cleared).present).toBe(cropped);
  });

  it('adds no step when clearing what is already empty', () => {
    const history = createHistory();

    expect(clear(history)).toBe(history);
  });

  it('starts from the markup of an earlier visit', () => {
    expect(createHistory(two).present).toBe(two);
    expect(createHistory(two).past).toEqual([]);
  });
});

describe('drafts', () => {
  it('makes the same rectangle whichever way it is dragged', () => {
    const expected = { x: 10, y: 20, width: 90, height: 60 };

    expect(rectBetween({ x: 10, y: 20 }, { x: 100, y: 80 })).toEqual(expected);
    expect(rectBetween({ x: 100, y: 80 }, { x: 10, y: 20 })).toEqual(expected);
    expect(rectBetween({ x: 10, y: 80 }, { x: 100, y: 20 })).toEqual(expected);
  });

  it('keeps a drag inside the image and on whole pixels', () => {
    const draft = drag('hide', { x: 900, y: 500 }, { x: 1200.4, y: 650.6 });

    expect(draft.focus).toEqual({ x: 1000, y: 600 });
    expect(applyDraft(EMPTY_MARKUP, draft)?.shapes).toEqual([hide(900, 500, 100, 100)]);
  });

  it('turns a drag into a hidden region or a highlight', () => {
    const draft = drag('highlight', { x: 10, y: 10 }, { x: 50, y: 40 });

    expect(applyDraft(EMPTY_MARKUP, draft)?.shapes).toEqual([
      { kind: 'highlight', rect: { x: 10, y: 10, width: 40, height: 30 } },
    ]);
  });

  it('ignores a click without a drag for regions, arrows and crops', () => {
    for (const tool of ['hide', 'highlight', 'arrow', 'crop'] as const) {
      expect(applyDraft(EMPTY_MARKUP, drag(tool, { x: 10, y: 10 }, { x: 12, y: 11 }))).toBeUndefined();
    }
  });

  it('follows the pen through every point, and makes a dot of a tap', () => {
    const stroke = drag('pen', { x: 1, y: 1 }, { x: 5, y: 9 }, { x: 20, y: 4 });
    const tap = startDraft('pen', { x: 7, y: 7 });

    expect(applyDraft(EMPTY_MARKUP, stroke)?.shapes).toEqual([
      { kind: 'pen', points: [{ x: 1, y: 1 }, { x: 5, y: 9 }, { x: 20, y: 4 }] },
    ]);
    expect(applyDraft(EMPTY_MARKUP, tap)?.shapes).toEqual([{ kind: 'pen', points: [{ x: 7, y: 7 }] }]);
  });

  it('points an arrow from where the drag starts to where it ends', () => {
    const draft = drag('arrow', { x: 300, y: 200 }, { x: 100, y: 50 });

    expect(applyDraft(EMPTY_MARKUP, draft)?.shapes).toEqual([
      { kind: 'arrow', from: { x: 300, y: 200 }, to: { x: 100, y: 50 } },
    ]);
  });

  it('places a trimmed note, cut to its longest length, and no empty one', () => {
    const draft = startDraft('text', { x: 40, y: 30 });
    const long = 'x'.repeat(MAX_NOTE_LENGTH + 10);

    expect(applyDraft(EMPTY_MARKUP, draft, '  Wrong total  ')?.shapes).toEqual([
      { kind: 'text', at: { x: 40, y: 30 }, text: 'Wrong total' },
    ]);
    expect(applyDraft(EMPTY_MARKUP, draft, long)?.shapes[0]).toMatchObject({
      text: 'x'.repeat(MAX_NOTE_LENGTH),
    });
    expect(applyDraft(EMPTY_MARKUP, draft, '   ')).toBeUndefined();
  });

  it('crops to the dragged region, replacing an earlier crop and keeping shapes', () => {
    const marked: Markup = { shapes: [hide(0, 0, 10, 10)], crop: { x: 0, y: 0, width: 50, height: 50 } };
    const next = applyDraft(marked, drag('crop', { x: 100, y: 50 }, { x: 400, y: 250 }));

    expect(next).toEqual({ shapes: marked.shapes, crop: { x: 100, y: 50, width: 300, height: 200 } });
    expect(exportSize(next!, IMAGE)).toEqual({ width: 300, height: 200 });
    expect(exportSize(EMPTY_MARKUP, IMAGE)).toEqual(IMAGE);
  });
});

describe('keyboard drafts', () => {
  it('starts a region in the middle of what is shown, a quarter of its size', () => {
    const draft = startKeyboardDraft('hide', viewRect(EMPTY_MARKUP, IMAGE));

    expect(rectBetween(draft.anchor, draft.focus)).toEqual({ x: 375, y: 225, width: 250, height: 150 });
  });

  it('starts inside the crop once the image is cropped', () => {
    const cropped: Markup = { shapes: [], crop: { x: 600, y: 400, width: 400, height: 200 } };
    const draft = startKeyboardDraft('highlight', viewRect(cropped, IMAGE));

    expect(rectBetween(draft.anchor, draft.focus)).toEqual({ x: 750, y: 475, width: 100, height: 50 });
  });

  it('starts a note or a pen at a single point', () => {
    const draft = startKeyboardDraft('text', viewRect(EMPTY_MARKUP, IMAGE));

    expect(draft.anchor).toEqual({ x: 500, y: 300 });
    expect(draft.focus).toEqual(draft.anchor);
  });

  it('moves a whole region without changing its size', () => {
    const draft = drag('hide', { x: 100, y: 100 }, { x: 200, y: 150 });
    const moved = moveDraft(draft, { x: 30, y: -20 }, IMAGE);

    expect(rectBetween(moved.anchor, moved.focus)).toEqual({ x: 130, y: 80, width: 100, height: 50 });
  });

  it('stops a moving region at the edges of the image', () => {
    const draft = drag('hide', { x: 100, y: 100 }, { x: 200, y: 150 });

    const left = moveDraft(draft, { x: -500, y: 0 }, IMAGE);
    const corner = moveDraft(draft, { x: 5_000, y: 5_000 }, IMAGE);

    expect(rectBetween(left.anchor, left.focus)).toEqual({ x: 0, y: 100, width: 100, height: 50 });
    expect(rectBetween(corner.anchor, corner.focus)).toEqual({ x: 900, y: 550, width: 100, height: 50 });
  });

  it("moves a pen's whole path with it", () => {
    const draft = drag('pen', { x: 10, y: 10 }, { x: 20, y: 30 });

    expect(moveDraft(draft, { x: 5, y: 5 }, IMAGE).trail).toEqual([
      { x: 15, y: 15 },
      { x: 25, y: 35 },
    ]);
  });
});

describe('moving regions', () => {
  const highlight = { kind: 'highlight', rect: { x: 300, y: 300, width: 100, height: 100 } } as const;
  const top = hide(50, 20, 100, 50);
  const marked: Markup = {
    shapes: [hide(10, 10, 100, 50), highlight, top],
    crop: { x: 0, y: 0, width: 500, height: 400 },
  };

  function moveBy(tool: Tool, from: Point, to: Point): Markup | undefined {
    const target = findRegionAt(marked, tool, from);
    if (!target) return undefined;

    return applyDraft(marked, extendDraft(startMove(tool, from, target), to, IMAGE));
  }

  it('finds the topmost region of the chosen kind under the pointer', () => {
    expect(findRegionAt(marked, 'hide', { x: 60, y: 30 })).toEqual({ index: 2, rect: top.rect });
    expect(findRegionAt(marked, 'hide', { x: 20, y: 20 })?.index).toBe(0);
    expect(findRegionAt(marked, 'highlight', { x: 60, y: 30 })).toBeUndefined();
    expect(findRegionAt(marked, 'pen', { x: 60, y: 30 })).toBeUndefined();
    expect(findRegionAt(marked, 'crop', { x: 60, y: 30 })?.index).toBe('crop');
    expect(findRegionAt(marked, 'crop', { x: 600, y: 30 })).toBeUndefined();
  });

  it('moves the dragged region by the drag, keeping its size and place in the list', () => {
    const moved = moveBy('highlight', { x: 350, y: 350 }, { x: 400, y: 330 });

    expect(moved?.shapes).toEqual([
      marked.shapes[0],
      { kind: 'highlight', rect: { x: 350, y: 280, width: 100, height: 100 } },
      marked.shapes[2],
    ]);
  });

  it('moves the crop', () => {
    expect(moveBy('crop', { x: 100, y: 100 }, { x: 150, y: 300 })?.crop).toEqual({
      x: 50,
      y: 200,
      width: 500,
      height: 400,
    });
  });

  it('stops a dragged region at the edges of the image', () => {
    const moved = moveBy('highlight', { x: 350, y: 350 }, { x: 5_000, y: -5_000 });

    expect(moved?.shapes[1]).toEqual({ kind: 'highlight', rect: { x: 900, y: 0, width: 100, height: 100 } });
  });

  it('changes nothing for a click without a drag', () => {
    expect(moveBy('hide', { x: 20, y: 20 }, { x: 20, y: 20 })).toBeUndefined();
  });
});
