/**
 * Consumer of the notifications queue (EventBridge → SQS): turns `TicketCreated` into an inbox
 * entry for the requester. Idempotent (the entry's id is the event's), and reports partial
 * batch failures so one bad record never redelivers the whole batch.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { ticketCreatedDetailSchema } from '../../events/ticket-created.ts';
import { notificationForTicketCreated } from '../../shared/domain/notifications/notification.ts';
import { logger } from '../../shared/http/logger.ts';
import { notifications } from './deps.ts';

const ticketCreatedEnvelopeSchema = z.object({
  'detail-type': z.literal('TicketCreated'),
  detail: ticketCreatedDetailSchema,
});

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const event = ticketCreatedEnvelopeSchema.parse(JSON.parse(record.body));
  const outcome = await notifications.record(notificationForTicketCreated(event.detail));
  logger.debug('Notification projected', {
    tenantId: event.detail.tenantId,
    eventId: event.detail.eventId,
    outcome,
  });
};

export const handler = async (event: SQSEvent, context: Context) =>
  // A processor per invocation: it holds the batch's records and outcomes, and the local stack
  // runs several invocations of one function in the same process at once (maxConcurrency).
  processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context });
