import type { ReportIssue } from '@hypercare/shared';

/** The relay answered, and did not accept the report. */
export class ReportRejectedError extends Error {
  override readonly name = 'ReportRejectedError';

  /** The HTTP status, such as 400, 413, 415 or 503. */
  readonly status: number;

  /** The relay's error code, such as `invalid_report`, or `http_<status>`. */
  readonly code: string;

  /** The relay's own words, such as `The report is not valid`. */
  readonly reason: string;

  /** The fields the relay objected to, when it named them. */
  readonly issues: ReportIssue[];

  /** How long the relay asked us to wait before trying again (`Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    status: number,
    code: string,
    reason: string,
    issues: ReportIssue[] = [],
    retryAfterMs?: number,
  ) {
    super(`Failed to send report: the relay answered ${status} (${code}): ${reason}`);
    this.status = status;
    this.code = code;
    this.reason = reason;
    this.issues = issues;
    this.retryAfterMs = retryAfterMs;
  }
}

/** The relay said it accepted the report but gave no reference for it. */
export class UnexpectedResponseError extends Error {
  override readonly name = 'UnexpectedResponseError';

  /** The HTTP status of the odd answer. */
  readonly status: number;

  constructor(status: number, reason: string) {
    super(`Failed to send report: ${reason}`);
    this.status = status;
  }
}

/** The relay could not be reached in time. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Failed to send report: ${reason}`, options);
  }
}
