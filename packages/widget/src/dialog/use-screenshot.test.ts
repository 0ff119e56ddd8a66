import { describe, expect, it } from 'vitest';

import type { Markup } from '../editor/markup-model.js';
import { toKeptShot, type ShotState } from './use-screenshot.js';

const IMAGE = new Blob(['png'], { type: 'image/png' });

function ready(source: 'page' | 'screen' | 'file', markup?: Markup): ShotState {
  return {
    name: 'ready',
    original: IMAGE,
    image: IMAGE,
    ...(markup && { markup }),
    diagnostic: { status: 'captured', source },
  };
}

describe('toKeptShot', () => {
  it('keeps a screenshot the user marked up, so what they hid stays hidden', () => {
    const marked = ready('page', { shapes: [] } as unknown as Markup);

    expect(toKeptShot(marked)).toBe(marked);
  });

  it('keeps a screenshot the user removed, shared or attached', () => {
    for (const state of [{ name: 'removed' } as const, ready('screen'), ready('file')]) {
      expect(toKeptShot(state)).toBe(state);
    }
  });

  it('lets a plain page capture, a failure or a capture in progress be taken again', () => {
    const failed: ShotState = { name: 'failed', diagnostic: { status: 'failed', reason: 'x' } };

    for (const state of [ready('page'), failed, { name: 'capturing' } as const, undefined]) {
      expect(toKeptShot(state)).toBeUndefined();
    }
  });
});
