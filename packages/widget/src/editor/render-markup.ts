/**
 * Draws markup onto a canvas: live in the editor, and once more onto a fresh
 * canvas for the image that is sent. The export draws hidden regions last,
 * as opaque black on whole pixels, so nothing under them survives and
 * nothing drawn later shows through.
 */
import {
  applyDraft,
  exportSize,
  isEmpty,
  movedRect,
  rectBetween,
  toShape,
  viewRect,
  type Draft,
  type Markup,
  type Point,
  type Rect,
  type Shape,
  type Size,
} from './markup-model.js';

/** A decoded screenshot the editor draws from. */
export interface EditorImage extends Size {
  source: CanvasImageSource;
}

/** The file to send, and its size in pixels (an encoder may scale it down). */
export interface ExportedImage extends Size {
  blob: Blob;
}

/**
 * Turns the exported canvas into the file to send. `lossless` asks for a
 * format that keeps every pixel exact, such as PNG.
 */
export type EncodeCanvas = (
  canvas: HTMLCanvasElement,
  lossless: boolean,
) => Promise<ExportedImage>;

const INK = '#e5173f';
const HIGHLIGHT_FILL = 'rgba(255, 214, 0, 0.28)';
const HIGHLIGHT_LINE = '#f5b400';
const NOTE_FILL = '#fff7c2';
const NOTE_INK = '#1b1f29';
const DRAFT_LINE = '#1f4fd1';
const OUTSIDE_CROP = 'rgba(15, 23, 42, 0.6)';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Draws the screenshot, its markup and a draft in progress, as the editor shows them. */
export function drawEditorView(
  context: CanvasRenderingContext2D,
  image: EditorImage,
  markup: Markup,
  draft?: Draft,
  note = '',
): void {
  // A region being dragged shows where it would land.
  const shown = draft?.moving ? (applyDraft(markup, draft) ?? markup) : markup;
  context.clearRect(0, 0, image.width, image.height);
  context.drawImage(image.source, 0, 0);
  drawShapes(context, shown.shapes, image);
  if (shown.crop) dimOutside(context, shown.crop, image);
  if (draft?.moving) outline(context, pad(movedRect(draft.moving, draft)));
  else if (draft) drawDraft(context, draft, note, image);
}

/**
 * The image to send: the screenshot cropped, with every shape drawn on a
 * fresh canvas, so no layer or metadata of the original comes along.
 * Unmarked screenshots are returned as they are, without encoding again.
 */
export async function exportMarkup(
  image: EditorImage,
  original: Blob,
  markup: Markup,
  encode: EncodeCanvas = encodePng,
): Promise<ExportedImage> {
  if (isEmpty(markup)) return { blob: original, width: image.width, height: image.height };

  const view = viewRect(markup, image);
  const size = exportSize(markup, image);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;

  const context = getContext(canvas);
  context.translate(-view.x, -view.y);
  context.drawImage(image.source, 0, 0);
  drawShapes(context, markup.shapes, image);
  return encode(canvas, hasHidden(markup));
}

// Lossy WebP codes pixels in blocks with shared colour (VP8's 4:2:0 chroma),
// so the colours around a black box would bleed into its edges; a receiver
// should see the box exactly black.
function hasHidden(markup: Markup): boolean {
  return markup.shapes.some((shape) => shape.kind === 'hide');
}

export function getContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const context = canvas.getContext('2d');
  if (!context) throw new Error('Failed to draw the screenshot: the browser gave no 2D canvas');

  return context;
}

/** Encodes as PNG at full size: the editor's encoder when the dialog gives none. */
export function encodePng(canvas: HTMLCanvasElement): Promise<ExportedImage> {
  const { width, height } = canvas;

  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (blob) resolve({ blob, width, height });
      else reject(new Error('Failed to encode the screenshot: the browser gave no PNG'));
    }, 'image/png');
  });
}

/** Lines thick enough to see on large screenshots, thin enough on small ones. */
export function lineWidth(image: Size): number {
  return Math.max(3, Math.round(Math.max(image.width, image.height) / 400));
}

// Hidden regions go last, so an arrow or note drawn over one cannot show
// what it hides.
function drawShapes(context: CanvasRenderingContext2D, shapes: readonly Shape[], image: Size) {
  for (const shape of shapes) {
    if (shape.kind !== 'hide') drawShape(context, shape, image);
  }
  for (const shape of shapes) {
    if (shape.kind === 'hide') drawShape(context, shape, image);
  }
}

function drawShape(context: CanvasRenderingContext2D, shape: Shape, image: Size): void {
  const width = lineWidth(image);
  context.save();
  switch (shape.kind) {
    case 'hide':
      drawHidden(context, shape.rect);
      break;
    case 'highlight':
      drawHighlight(context, shape.rect, width);
      break;
    case 'pen':
      drawPath(context, shape.points, width);
      break;
    case 'arrow':
      drawArrow(context, shape.from, shape.to, width);
      break;
    case 'text':
      drawNote(context, shape.at, shape.text, image);
      break;
  }
  context.restore();
}

// Whole pixels, fully opaque, replacing what is there: no anti-aliased
// edge keeps a trace of the pixels underneath.
function drawHidden(context: CanvasRenderingContext2D, rect: Rect): void {
  const left = Math.floor(rect.x);
  const top = Math.floor(rect.y);
  const right = Math.ceil(rect.x + rect.width);
  const bottom = Math.ceil(rect.y + rect.height);

  context.globalAlpha = 1;
  context.globalCompositeOperation = 'source-over';
  context.fillStyle = '#000';
  context.fillRect(left, top, right - left, bottom - top);
}

function drawHighlight(context: CanvasRenderingContext2D, rect: Rect, width: number): void {
  context.fillStyle = HIGHLIGHT_FILL;
  context.fillRect(rect.x, rect.y, rect.width, rect.height);
  context.strokeStyle = HIGHLIGHT_LINE;
  context.lineWidth = width;
  context.strokeRect(rect.x, rect.y, rect.width, rect.height);
}

function drawPath(context: CanvasRenderingContext2D, points: readonly Point[], width: number) {
  const [first, ...rest] = points;
  if (!first) return;

  context.strokeStyle = INK;
  context.lineWidth = width;
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.beginPath();
  context.moveTo(first.x, first.y);
  // A single point is a dot: a zero-length line with round caps.
  for (const point of rest.length ? rest : [first]) context.lineTo(point.x, point.y);
  context.stroke();
}

function drawArrow(context: CanvasRenderingContext2D, from: Point, to: Point, width: number) {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  const head = width * 5;
  const wing = (side: number) => ({
    x: to.x - head * Math.cos(angle + side * 0.45),
    y: to.y - head * Math.sin(angle + side * 0.45),
  });

  drawPath(context, [from, to], width);
  const left = wing(1);
  const right = wing(-1);
  context.fillStyle = INK;
  context.beginPath();
  context.moveTo(to.x, to.y);
  context.lineTo(left.x, left.y);
  context.lineTo(right.x, right.y);
  context.closePath();
  context.fill();
}

function drawNote(context: CanvasRenderingContext2D, at: Point, text: string, image: Size) {
  const size = Math.max(14, Math.round(Math.min(image.width, image.height) / 28));
  const padding = Math.round(size / 2);
  context.font = `600 ${size}px ${FONT}`;
  const width = context.measureText(text).width + padding * 2;
  const height = size + padding * 2;

  // Notes near the right or bottom edge grow back into the picture.
  const x = Math.max(0, Math.min(at.x, image.width - width));
  const y = Math.max(0, Math.min(at.y, image.height - height));
  context.fillStyle = NOTE_FILL;
  context.strokeStyle = INK;
  context.lineWidth = 2;
  context.fillRect(x, y, width, height);
  context.strokeRect(x, y, width, height);
  context.fillStyle = NOTE_INK;
  context.textBaseline = 'middle';
  context.fillText(text, x + padding, y + height / 2);
}

function dimOutside(context: CanvasRenderingContext2D, crop: Rect, image: Size): void {
  context.save();
  context.fillStyle = OUTSIDE_CROP;
  context.beginPath();
  context.rect(0, 0, image.width, image.height);
  context.rect(crop.x, crop.y, crop.width, crop.height);
  context.fill('evenodd');
  context.restore();
}

function drawDraft(context: CanvasRenderingContext2D, draft: Draft, note: string, image: Size) {
  const shape = toShape(draft, note || ' ');
  if (shape && draft.tool !== 'text') drawShape(context, shape, image);

  outline(context, pad(rectBetween(draft.anchor, draft.focus)));
  if (draft.tool === 'text') drawNote(context, draft.anchor, note || '…', image);
}

// The dashed outline shows where a keyboard user's region or point is.
function outline(context: CanvasRenderingContext2D, box: Rect): void {
  context.save();
  context.setLineDash([8, 6]);
  context.lineWidth = 2;
  context.strokeStyle = DRAFT_LINE;
  context.strokeRect(box.x, box.y, box.width, box.height);
  context.restore();
}

function pad(rect: Rect): Rect {
  return { x: rect.x - 2, y: rect.y - 2, width: rect.width + 4, height: rect.height + 4 };
}
