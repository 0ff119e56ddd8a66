import { CATEGORY_TITLES } from '@hypercare/shared';
import type { DeliveryReport } from '@hypercare/shared/adapter';

/** The event type of a newly received report. */
export const REPORT_CREATED = 'report.created';

/** One attachment as the receiver sees it: metadata and a download link. */
export interface WebhookAttachment {
  id: string;
  kind: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** A signed, expiring link on the relay. */
  url: string;
}

/** The JSON body of a `report.created` delivery. */
export interface ReportCreatedEvent {
  type: typeof REPORT_CREATED;
  /** When the report was received, so every retry carries the same body. */
  timestamp: string;
  data: {
    id: string;
    reference: string;
    receivedAt: string;
    category: string;
    categoryTitle: string;
    severity: string | null;
    description: string;
    email: string | null;
    context: Record<string, unknown>;
    diagnostics: Record<string, unknown>;
    attachments: WebhookAttachment[];
  };
}

/** Builds the event a receiver gets for one report. */
export function toReportCreatedEvent(
  delivery: DeliveryReport,
): ReportCreatedEvent {
  const { report } = delivery;

  return {
    type: REPORT_CREATED,
    timestamp: delivery.receivedAt,
    data: {
      id: delivery.id,
      reference: delivery.reference,
      receivedAt: delivery.receivedAt,
      category: report.category,
      categoryTitle: CATEGORY_TITLES[report.category],
      severity: report.severity ?? null,
      description: report.description,
      email: report.email ?? null,
      context: { ...report.context },
      diagnostics: { ...report.diagnostics },
      attachments: delivery.attachments.map((attachment) => ({
        id: attachment.id,
        kind: attachment.kind,
        filename: attachment.filename,
        contentType: attachment.contentType,
        size: attachment.size,
        sha256: attachment.sha256,
        url: attachment.url,
      })),
    },
  };
}
