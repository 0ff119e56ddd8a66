/**
 * The screenshot's sources for the dialog and the editor: the page, the
 * screen and a file, each resolving with a `CaptureResult` and never
 * rejecting. See README.md beside this file.
 */
export { availableSources } from './available-sources.js';
export { captureDisplay, type DisplayCaptureOptions } from './capture-display.js';
export type {
  CaptureDiagnostic,
  CaptureResult,
  CaptureSource,
  Unrendered,
} from './capture-result.js';
export {
  captureScreenshot,
  DEFAULT_MAX_PIXELS,
  type CaptureArea,
  type CaptureOptions,
} from './capture-screenshot.js';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_QUALITY,
  encodeCanvas,
  type EncodedImage,
  type EncodeOptions,
  type ImageFormat,
} from './encode-canvas.js';
export { DEFAULT_MASK_INPUT_TYPES, MASK_ATTRIBUTE, type MaskOptions } from './masks.js';
export { readImageFile, type ReadImageOptions } from './read-image-file.js';
export { readCaptureSettings, toCaptureOptions, type CaptureSettings } from './capture-settings.js';
