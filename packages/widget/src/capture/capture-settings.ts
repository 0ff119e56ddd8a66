import { createLogger, type HypercareLogger } from '../logger.js';
import { isBoolean, pick, type ResolvedOptions } from '../options.js';
import type { CaptureOptions } from './capture-screenshot.js';

/** The product team's screenshot settings, checked; unset ones keep the capture's defaults. */
export interface CaptureSettings {
  mask: string[];
  maskInputTypes?: string[];
  quality?: number;
  maxBytes?: number;
  imageProxy: boolean;
}

/** Where the relay serves its image proxy, when its operator turned it on. */
export const IMAGE_PROXY_PATH = '/v1/image-proxy';

/**
 * Checks the screenshot settings among the widget's options (`mask`,
 * `maskInputTypes`, `screenshotQuality`, `screenshotMaxBytes`,
 * `imageProxy`); a bad value is logged and left to the default.
 */
export function readCaptureSettings(
  input: Readonly<Record<string, unknown>> = {},
  logger: HypercareLogger = createLogger(),
): CaptureSettings {
  const optional = <T>(key: string, isValid: (value: unknown) => boolean) =>
    pick<T | undefined>(input, key, isValid, undefined, logger);

  // Unset fields stay undefined, so the capture applies its own defaults.
  return {
    mask: pick(input, 'mask', isStringList, [], logger),
    maskInputTypes: optional('maskInputTypes', isStringList),
    quality: optional('screenshotQuality', isFraction),
    maxBytes: optional('screenshotMaxBytes', isPositiveInteger),
    imageProxy: pick(input, 'imageProxy', isBoolean, false, logger),
  };
}

/**
 * The product team's privacy and encoding settings, as capture options.
 *
 * @example
 * captureScreenshot({ ...toCaptureOptions(options), exclude: host });
 */
export function toCaptureOptions(
  options: Pick<ResolvedOptions, 'relay' | 'capture'> & { logger?: HypercareLogger },
): Pick<CaptureOptions, 'mask' | 'maskInputTypes' | 'quality' | 'maxBytes' | 'imageProxy'> {
  const settings = readCaptureSettings(options.capture, options.logger);

  return {
    mask: settings.mask,
    ...(settings.maskInputTypes && { maskInputTypes: settings.maskInputTypes }),
    ...(settings.quality !== undefined && { quality: settings.quality }),
    ...(settings.maxBytes !== undefined && { maxBytes: settings.maxBytes }),
    ...(settings.imageProxy && { imageProxy: options.relay + IMAGE_PROXY_PATH }),
  };
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim());
}

function isFraction(value: unknown): boolean {
  return typeof value === 'number' && value > 0 && value <= 1;
}

function isPositiveInteger(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) > 0;
}
