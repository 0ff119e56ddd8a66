/**
 * The contract between the relay and a delivery adapter. Adapters speak only
 * web-standard `fetch`, `Request`, `Response` and `Blob`, so one adapter runs
 * wherever the relay runs. Use this entry when writing an adapter.
 */
import type { AttachmentKind, Report } from './schema.js';

/** A file that came with a report, ready to pass on. */
export interface DeliveryAttachment {
  id: string;
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** A signed URL on the relay from which a receiver can download the file. */
  url: string;
  /** Reads the bytes, for adapters that upload files themselves. */
  read(): Promise<Blob>;
}

/** A stored report as an adapter sees it. */
export interface DeliveryReport {
  id: string;
  reference: string;
  /** When the relay accepted the report, ISO 8601. */
  receivedAt: string;
  report: Report;
  attachments: DeliveryAttachment[];
}

export interface DeliveryContext {
  /** The fetch to use for every outgoing request; tests swap it. */
  fetch: typeof fetch;
  /** Aborts when the relay stops or the attempt times out. */
  signal: AbortSignal;
  /** Which attempt this is, from 1. */
  attempt: number;
}

export type DeliveryResult =
  | {
      ok: true;
      /** The ticket's key or id at the vendor, such as `SUP-42`. */
      externalId?: string;
      /** Where a support agent opens the ticket. */
      externalUrl?: string;
    }
  | {
      ok: false;
      /** False when trying again cannot help, such as a rejected credential. */
      retryable: boolean;
      message: string;
      /** The vendor's own wish, from `Retry-After`, in milliseconds. */
      retryAfterMs?: number;
    };

export interface Adapter {
  /** A stable name such as `webhook` or `jira`; deliveries are recorded by it. */
  readonly name: string;
  deliver(report: DeliveryReport, context: DeliveryContext): Promise<DeliveryResult>;
}
