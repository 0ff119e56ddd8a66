import type { EditorImage } from './render-markup.js';

/**
 * Decodes a screenshot for drawing. `createImageBitmap` decodes off the main
 * thread where it can; browsers without it (Safari before 15) get an
 * `<img>` from an object URL instead.
 */
export async function decodeImage(blob: Blob): Promise<EditorImage> {
  if (typeof createImageBitmap === 'function') {
    const bitmap = await createImageBitmap(blob);
    return { source: bitmap, width: bitmap.width, height: bitmap.height };
  }

  const url = URL.createObjectURL(blob);
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    return { source: image, width: image.naturalWidth, height: image.naturalHeight };
  } finally {
    URL.revokeObjectURL(url);
  }
}
