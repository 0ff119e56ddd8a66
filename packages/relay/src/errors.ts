/**
 * What the HTTP API answers with when it refuses a request. Each class is one
 * reason a client can act on, with the status and the machine-readable code
 * that go into the JSON body `{"error": {"code", "message", ...}}`.
 */
import type { ReportIssue } from '@hypercare/shared';

export type ErrorCode =
  | 'invalid_report'
  | 'invalid_json'
  | 'invalid_multipart'
  | 'too_large'
  | 'unsupported_media_type'
  | 'invalid_reference'
  | 'invalid_query'
  | 'not_found'
  | 'unauthorized'
  | 'forbidden'
  | 'origin_not_allowed'
  | 'invalid_signature'
  | 'expired'
  | 'bad_gateway'
  | 'internal_error';

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    issues?: ReportIssue[];
  };
}

/** The base of every error the API turns into a JSON answer. */
export abstract class RelayHttpError extends Error {
  abstract readonly status: number;
  abstract readonly code: ErrorCode;

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The report, or a part of the request that carries it, is not valid. */
export class InvalidReportError extends RelayHttpError {
  override readonly name = 'InvalidReportError';
  readonly status = 400;

  constructor(
    readonly code: 'invalid_report' | 'invalid_json' | 'invalid_multipart',
    readonly issues: ReportIssue[],
    options?: ErrorOptions,
  ) {
    super(`Failed to accept report: ${describeIssues(issues)}`, options);
  }

  override toBody(): ErrorBody {
    return { error: { ...super.toBody().error, issues: this.issues } };
  }
}

/** The request, the report JSON or a file is over its limit. */
export class PayloadTooLargeError extends RelayHttpError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
  readonly code = 'too_large';
}

/** A body or file of a type the relay does not take. */
export class UnsupportedMediaTypeError extends RelayHttpError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

/** A query parameter or path segment of the wrong form. */
export class InvalidRequestError extends RelayHttpError {
  override readonly name = 'InvalidRequestError';
  readonly status = 400;

  constructor(
    readonly code: 'invalid_reference' | 'invalid_query',
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends RelayHttpError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
  readonly code = 'not_found';
}

/** No credentials where some are needed. */
export class UnauthorizedError extends RelayHttpError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
  readonly code = 'unauthorized';
}

/** Credentials that do not grant this. */
export class ForbiddenError extends RelayHttpError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
  readonly code = 'forbidden';
}

/** A browser page on a site outside `allowedOrigins` sent a report. */
export class OriginNotAllowedError extends RelayHttpError {
  override readonly name = 'OriginNotAllowedError';
  readonly status = 403;
  readonly code = 'origin_not_allowed';
}

/** A server the relay fetched from on a client's behalf failed. */
export class BadGatewayError extends RelayHttpError {
  override readonly name = 'BadGatewayError';
  readonly status = 502;
  readonly code = 'bad_gateway';
}

/** An attachment link that was tampered with or has run out. */
export class AttachmentLinkError extends RelayHttpError {
  override readonly name = 'AttachmentLinkError';
  readonly status = 403;

  constructor(readonly code: 'invalid_signature' | 'expired', message: string) {
    super(message);
  }
}

function describeIssues(issues: ReportIssue[]): string {
  const [first] = issues;
  if (!first) return 'it is not valid';

  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.field} ${first.message}${more}`;
}
