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
import { ticketCreatedDetailSchema } from '../../events/ticket-created.ts';
import {
  usageFromApiCallsRecorded,
  usageFromTicketCreated,
} from '../../shared/domain/billing/usage-from-events.ts';
import { logger } from '../../shared/http/logger.ts';
import { billing } from './deps.ts';

const meteredEventSchema = z.discriminatedUnion('detail-type', [
  z.object({ 'detail-type': z.literal('TicketCreated'), detail: ticketCreatedDetailSchema }),
  z.object({ 'detail-type': z.literal('ApiCallsRecorded'), detail: apiCallsRecordedDetailSchema }),
]);

const processor = new BatchProcessor(EventType.SQS);

const recordHandler = async (record: SQSRecord): Promise<void> => {
  const event = meteredEventSchema.parse(JSON.parse(record.body));
  const observations =
    event['detail-type'] === 'TicketCreated'
      ? usageFromTicketCreated(event.detail)
      : usageFromApiCallsRecorded(event.detail);
  for (const observation of observations) {
    const result = await billing.record(observation);
    const details = { tenantId: observation.tenantId, factId: observation.factId, ...result };
    if (result.outcome === 'uncovered') logger.warn('Usage not covered by any engagement', details);
    else logger.debug('Usage counted', details);
  }
};

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordHandler, processor, { context });
