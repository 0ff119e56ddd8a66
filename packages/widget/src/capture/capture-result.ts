import type { ReportInput } from '@hypercare/shared';

export type CaptureDiagnostic = NonNullable<NonNullable<ReportInput['diagnostics']>['screenshot']>;

export type CaptureSource = NonNullable<CaptureDiagnostic['source']>;

export type Unrendered = NonNullable<CaptureDiagnostic['unrendered']>[number];

/** What every source resolves with; a failure is a diagnostic, never a rejection. */
export interface CaptureResult {
  /** The encoded image, when the capture worked. */
  blob?: Blob;
  /** Of the encoded image, in pixels; 0 without one. */
  width: number;
  height: number;
  /** Goes into the report as `diagnostics.screenshot`. */
  diagnostic: CaptureDiagnostic;
}

/** Reads a clock for `durationMs`; `since(start)` gives whole milliseconds. */
export function startTimer(): () => number {
  const startedAt = now();
  return () => Math.max(0, Math.round(now() - startedAt));
}

/** The result for an encoded image; `extra` adds source-specific facts. */
export function capturedResult(
  source: CaptureSource,
  image: { blob: Blob; width: number; height: number; format: CaptureDiagnostic['format'] },
  durationMs: number,
  extra: Partial<CaptureDiagnostic> = {},
): CaptureResult {
  const { blob, width, height } = image;
  return {
    blob,
    width,
    height,
    diagnostic: {
      status: 'captured',
      source,
      durationMs,
      format: image.format,
      bytes: blob.size,
      width,
      height,
      ...extra,
    },
  };
}

export function failedCapture(
  source: CaptureSource,
  error: unknown,
  durationMs: number,
): CaptureResult {
  return {
    width: 0,
    height: 0,
    diagnostic: { status: 'failed', source, reason: describeReason(error), durationMs },
  };
}

/** html2canvas rejects with bare strings; DOM errors carry their name. */
export function describeReason(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.slice(0, 1_000);
}

export function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`took longer than ${timeoutMs} ms`)), timeoutMs);
  });

  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function now(): number {
  return typeof performance === 'object' ? performance.now() : Date.now();
}
