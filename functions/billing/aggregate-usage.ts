/**
 * Consumer of the billing usage queue (EventBridge → SQS): maps each metered event to usage
 * facts and counts them once (see DynamoDbUsageLedger). Reports partial batch failures so one
 * bad record never redelivers the whole batch; an event no engagement covers is logged and
 * acknowledged (it is not billable, and retrying would not change that).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { apiCallsRecordedDetailSchema } from '../../events/api-calls-recorded.ts';
import { attachmentStoredDetailSchema } from '../../events/attachment-stored.ts';
import { ticketCommentAddedDetailSchema } from '../../events/ticket-comment-added.ts';
import { ticketCreatedDetailSchema } from '../../events/ticket-created.ts';
import { ticketStatusChangedDetailSchema } from '../../events/ticket-status-changed.ts';
import { ticketTimeLoggedDetailSchema } from '../../events/ticket-time-logged.ts';
import { usageFromAttachmentStored } from '../../shared/domain/billing/storage-usage.ts';
import type { UsageObservation } from '../../shared/domain/billing/usage-fact.ts';
import {
  activityOf,
  usageFromApiCallsRecorded,
  usageFromTicketCreated,
  usageFromTicketStatusChanged,
  usageFromTicketTimeLogged,
} from '../../shared/domain/billing/usage-from-events.ts';
import { logger } from '../../shared/http/logger.ts';
import { metering } from './deps.ts';

const meteredEventSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal('TicketCreated'), detail: ticketCreatedDetailSchema }),
  z.object({ 'detail-type': z.literal('ApiCallsRecorded'), detail: apiCallsRecordedDetailSchema }),
  z.object({ 'detail-type': z.literal('TicketStatusChanged'), detail: ticketStatusChangedDetailSchema }),
  z.object({ 'detail-type': z.literal('TicketCommentAdded'), detail: ticketCommentAddedDetailSchema }),
  z.object({ 'detail-type': z.literal('TicketTimeLogged'), detail: ticketTimeLoggedDetailSchema }),
  z.object({ 'detail-type': z.literal('AttachmentStored'), detail: attachmentStoredDetailSchema }),
]);

type MeteredEvent = z.infer<typeof meteredEventSchema>;

/** Every usage an event carries: its own meter(s), and the active seat of the person who acted. */
const usageOf = (event: MeteredEvent): UsageObservation[] => {
  switch (event['detail-type']) {
    case 'ApiCallsRecorded':
      return usageFromApiCallsRecorded(event.detail);
    case 'TicketCreated':
      return [...usageFromTicketCreated(event.detail), activityOf(event)];
    case 'TicketTimeLogged':
      return [...usageFromTicketTimeLogged(event.detail), activityOf(event)];
    case 'TicketStatusChanged':
      return [...usageFromTicketStatusChanged(event.detail), activityOf(event)];
    case 'TicketCommentAdded':
      return [activityOf(event)];
    case 'AttachmentStored':
      return usageFromAttachmentStored(event.detail);
  }
};

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const event = meteredEventSchema.parse(JSON.parse(record.body));
  if (event['detail-type'] === 'AttachmentStored') {
    // The inventory first: a crash before the fact is counted redelivers the event, and both
    // writes are idempotent.
    const { tenantId, attachmentId, bytes, storedAt } = event.detail;
    await metering.recordStoredObject(tenantId, attachmentId, bytes, storedAt);
  }
  for (const observation of usageOf(event)) {
    const result = await metering.record(observation);
    const details = { tenantId: observation.tenantId, factId: observation.factId, ...result };
    // Seats come with every act of every person: most tenants do not price them, so their
    // uncovered seats are routine, not worth a warning.
    if (result.outcome === 'uncovered' && observation.meter !== 'seats.active') {
      logger.warn('Usage not covered by any engagement', details);
    } else if (result.outcome === 'uncovered') logger.debug('Seat not covered by any engagement', details);
    else logger.debug('Usage counted', details);
  }
};

export const handler = async (event: SQSEvent, context: Context) =>
  // A processor per invocation: it holds the batch's records and outcomes, and the local stack
  // runs several invocations of one function in the same process at once (maxConcurrency).
  processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context });
