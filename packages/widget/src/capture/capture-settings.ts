import type { CaptureSettings, ResolvedOptions } from '../options.js';
import type { CaptureOptions } from './capture-screenshot.js';

export type { CaptureSettings } from '../options.js';

/** Where the relay serves its image proxy, when its operator turned it on. */
export const IMAGE_PROXY_PATH = '/v1/image-proxy';

/** The product team's privacy and encoding settings, as capture options. */
export function toCaptureOptions(
  options: Pick<ResolvedOptions, 'relay' | 'capture'>,
): Pick<CaptureOptions, 'mask' | 'maskInputTypes' | 'quality' | 'maxBytes' | 'imageProxy'> {
  const settings = options.capture ?? { mask: [], imageProxy: false };

  return {
    mask: settings.mask,
    ...(settings.maskInputTypes && { maskInputTypes: settings.maskInputTypes }),
    ...(settings.quality !== undefined && { quality: settings.quality }),
    ...(settings.maxBytes !== undefined && { maxBytes: settings.maxBytes }),
    ...(settings.imageProxy && { imageProxy: options.relay + IMAGE_PROXY_PATH }),
  };
}
