// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { render, type ComponentChild } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { MarkupEditor, type MarkupEditorProps, type MarkupResult } from './markup-editor.js';
import type { Markup } from './markup-model.js';
import type { EncodeCanvas } from './render-markup.js';

// happy-dom has no canvas drawing or image decoding; the editor's pixels are
// checked in real Chromium (test/e2e/editor.test.ts). Here a 2D context that
// accepts every call stands in, and the image is 400×300, drawn 1:1.
const IMAGE = { width: 400, height: 300 };
const ORIGINAL = new Blob(['png'], { type: 'image/png' });

let container: HTMLElement | undefined;

beforeEach(() => {
  const calls = { measureText: () => ({ width: 50 }) };
  const context = new Proxy(calls, {
    get: (target, key) => (key in target ? target[key as keyof typeof calls] : () => {}),
  });
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(context as never);
  vi.spyOn(HTMLCanvasElement.prototype, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    top: 0,
    ...IMAGE,
  } as DOMRect);
  vi.stubGlobal('createImageBitmap', async () => ({ ...IMAGE, close() {} }));
});

afterEach(() => {
  act(() => render(null, container!));
  container?.remove();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

function mount(vnode: ComponentChild): void {
  container = document.body.appendChild(document.createElement('div'));
  act(() => render(vnode, container!));
}

async function openEditor(props: Partial<MarkupEditorProps> = {}) {
  const onDone = vi.fn<(result: MarkupResult) => void>();
  const onCancel = vi.fn();
  const encode = vi.fn<EncodeCanvas>(async (canvas) => ({
    blob: new Blob(['edited'], { type: 'image/png' }),
    width: canvas.width,
    height: canvas.height,
  }));
  const outside = vi.fn();
  container = document.body.appendChild(document.createElement('div'));
  container.addEventListener('keydown', outside);
  act(() =>
    render(
      <MarkupEditor original={ORIGINAL} onDone={onDone} onCancel={onCancel} encode={encode} {...props} />,
      container!,
    ),
  );
  const canvas = await screen.findByRole('application', { name: 'Screenshot' });
  return { onDone, onCancel, encode, outside, canvas };
}

function key(target: Element, key: string, modifiers: Partial<KeyboardEventInit> = {}) {
  act(() => void fireEvent.keyDown(target, { key, ...modifiers }));
}

function drag(canvas: Element, from: [number, number], to: [number, number]) {
  const at = ([x, y]: [number, number]) => ({ clientX: x, clientY: y, pointerId: 1, button: 0 });
  act(() => void fireEvent.pointerDown(canvas, at(from)));
  act(() => void fireEvent.pointerMove(canvas, at(to)));
  act(() => void fireEvent.pointerUp(canvas, at(to)));
}

function announced(): string {
  return document.querySelector('[aria-live]')?.textContent ?? '';
}

function click(name: string) {
  act(() => void fireEvent.click(screen.getByRole('button', { name })));
}

async function apply(onDone: ReturnType<typeof vi.fn>): Promise<MarkupResult> {
  click('Use this screenshot');
  await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  return onDone.mock.calls[0]![0] as MarkupResult;
}

describe('MarkupEditor', () => {
  it('names its tools as one group of radio buttons, with Hide chosen and focused', async () => {
    await openEditor();

    const tools = screen.getAllByRole('radio') as HTMLInputElement[];
    expect(tools.map((tool) => tool.labels?.[0]?.textContent)).toEqual([
      'Highlight',
      'Hide',
      'Draw',
      'Arrow',
      'Note',
      'Crop',
    ]);
    expect(new Set(tools.map((tool) => tool.name)).size).toBe(1);
    expect(screen.getByRole('group', { name: 'Tool' })).toBeTruthy();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Hide' })));
  });

  it('describes the picture and how to use it from the keyboard', async () => {
    const { canvas } = await openEditor();

    const help = document.getElementById(canvas.getAttribute('aria-describedby')!);
    expect(help?.textContent).toContain('Enter adds it');
    expect(canvas.tabIndex).toBe(0);
  });

  it('keeps Undo, Redo and Clear focusable but marked unavailable when they do nothing', async () => {
    const { canvas } = await openEditor();

    expect(screen.getByRole('button', { name: 'Undo' }).getAttribute('aria-disabled')).toBe('true');
    drag(canvas, [10, 10], [60, 60]);

    expect(screen.getByRole('button', { name: 'Undo' }).getAttribute('aria-disabled')).toBeNull();
    expect(screen.getByRole('button', { name: 'Redo' }).getAttribute('aria-disabled')).toBe('true');
    click('Redo');
    expect(announced()).toContain('Hidden region added');
  });

  it('shows a move cursor over a region that a drag would move', async () => {
    const { canvas } = await openEditor();
    const hover = (x: number, y: number) =>
      act(() => void fireEvent.pointerMove(canvas, { clientX: x, clientY: y, pointerId: 1 }));

    drag(canvas, [10, 10], [60, 60]);
    hover(30, 30);
    expect((canvas as HTMLElement).style.cursor).toBe('move');
    hover(200, 200);
    expect((canvas as HTMLElement).style.cursor).toBe('');
  });

  it('moves a hidden region dragged from inside it', async () => {
    const { canvas, onDone } = await openEditor();

    drag(canvas, [10, 10], [60, 60]);
    drag(canvas, [30, 30], [130, 80]);
    expect(announced()).toBe('Moved.');
    const result = await apply(onDone);

    expect(result.markup.shapes).toEqual([{ kind: 'hide', rect: { x: 110, y: 60, width: 50, height: 50 } }]);
  });

  it('hands back a region hidden with the mouse, asking for an exact encoding', async () => {
    const { canvas, onDone, encode } = await openEditor();

    drag(canvas, [10, 20], [110, 70]);
    const result = await apply(onDone);

    expect(result.markup).toEqual({ shapes: [{ kind: 'hide', rect: { x: 10, y: 20, width: 100, height: 50 } }] });
    expect(encode.mock.calls[0]![1]).toBe(true);
    expect(result.blob).not.toBe(ORIGINAL);
  });

  it('places, moves, resizes and adds a region with the keyboard', async () => {
    const { canvas, onDone } = await openEditor();

    key(canvas, 'ArrowDown');
    expect(announced()).toBe('Hide: 150, 113, 100 by 75 pixels. Enter adds it.');
    key(canvas, 'ArrowLeft', { shiftKey: true });
    key(canvas, 'ArrowRight', { altKey: true });
    key(canvas, 'Enter');
    const result = await apply(onDone);

    // Steps are a hundredth and a tenth of the longer side, 400 pixels.
    expect(result.markup.shapes).toEqual([
      { kind: 'hide', rect: { x: 110, y: 113, width: 104, height: 75 } },
    ]);
  });

  it('draws freehand and aims an arrow with Alt and the arrow keys', async () => {
    const { canvas, onDone } = await openEditor();

    act(() => void fireEvent.click(screen.getByRole('radio', { name: 'Draw' })));
    key(canvas, 'Enter');
    key(canvas, 'ArrowRight', { altKey: true });
    key(canvas, 'ArrowDown', { altKey: true });
    key(canvas, 'Enter');
    act(() => void fireEvent.click(screen.getByRole('radio', { name: 'Arrow' })));
    key(canvas, 'ArrowUp');
    key(canvas, 'Enter');
    const result = await apply(onDone);

    expect(result.markup.shapes).toEqual([
      { kind: 'pen', points: [{ x: 200, y: 150 }, { x: 204, y: 150 }, { x: 204, y: 154 }] },
      { kind: 'arrow', from: { x: 150, y: 113 }, to: { x: 250, y: 188 } },
    ]);
  });

  it('asks for the note before placing it, then places it where the user clicked', async () => {
    const { canvas, onDone } = await openEditor();

    act(() => void fireEvent.click(screen.getByRole('radio', { name: 'Note' })));
    expect(announced()).toBe('Note tool.');
    drag(canvas, [30, 40], [30, 40]);
    const note = screen.getByLabelText('Note text') as HTMLInputElement;
    expect(announced()).toBe('Type the note first.');
    expect(document.activeElement).toBe(note);

    act(() => void fireEvent.input(note, { target: { value: 'Wrong total' } }));
    key(note, 'Enter');
    expect(announced()).toBe('Note added.');
    const result = await apply(onDone);

    expect(result.markup.shapes).toEqual([{ kind: 'text', at: { x: 30, y: 40 }, text: 'Wrong total' }]);
  });

  it('exports a crop at its own size', async () => {
    const { canvas, onDone } = await openEditor();

    act(() => void fireEvent.click(screen.getByRole('radio', { name: 'Crop' })));
    drag(canvas, [50, 60], [250, 160]);
    expect(announced()).toBe('Cropped to 200 by 100 pixels.');
    const result = await apply(onDone);

    expect(result).toMatchObject({ width: 200, height: 100 });
  });

  it('hands back the original untouched when nothing was marked', async () => {
    const { onDone, encode } = await openEditor();

    const result = await apply(onDone);

    expect(result).toEqual({ blob: ORIGINAL, ...IMAGE, markup: { shapes: [] } });
    expect(encode).not.toHaveBeenCalled();
  });

  it('starts from the markup of an earlier visit, which undo can take back', async () => {
    const earlier: Markup = { shapes: [{ kind: 'hide', rect: { x: 1, y: 1, width: 9, height: 9 } }] };
    const { canvas, onDone } = await openEditor({ markup: earlier });

    drag(canvas, [100, 100], [150, 150]);
    click('Undo');
    const result = await apply(onDone);

    expect(result.markup).toBe(earlier);
  });

  it('drops a keyboard region on Escape, then leaves on the next, never closing the dialog', async () => {
    const { canvas, onCancel, outside } = await openEditor();

    key(canvas, 'ArrowDown');
    key(canvas, 'Escape');
    expect(onCancel).not.toHaveBeenCalled();
    key(canvas, 'Escape');

    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(outside).not.toHaveBeenCalledWith(expect.objectContaining({ key: 'Escape' }));
  });

  it('says so when the screenshot cannot be opened, and can still be left', async () => {
    vi.stubGlobal('createImageBitmap', async () => Promise.reject(new Error('broken image')));
    const onCancel = vi.fn();
    mount(<MarkupEditor original={ORIGINAL} onDone={vi.fn()} onCancel={onCancel} />);

    expect(await screen.findByText('Could not open the screenshot for marking up.')).toBeTruthy();
    click('Cancel');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('shows why saving failed and keeps the markings', async () => {
    const encode: EncodeCanvas = async () => {
      throw new Error('Failed to encode the screenshot: too large');
    };
    const { canvas, onDone } = await openEditor({ encode });

    drag(canvas, [10, 10], [60, 60]);
    click('Use this screenshot');

    expect(
      await screen.findByText('Could not save the marked-up screenshot: Failed to encode the screenshot: too large'),
    ).toBeTruthy();
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Undo' }).getAttribute('aria-disabled')).toBeNull();
  });
});
