/**
 * EventBridge target of `TicketCreated`: routes the ticket and assigns an agent. Delivery is at
 * least once; the router leaves an already-routed ticket alone, so a redelivery is harmless.
 */
import { z } from 'zod';
import { ticketCreatedDetailSchema } from '../../events/ticket-created.ts';
import { logger } from '../../shared/http/logger.ts';
import { router } from './deps.ts';

const eventSchema = z.object({
  'detail-type': z.literal('TicketCreated'),
  detail: ticketCreatedDetailSchema,
});

export const handler = async (event: unknown): Promise<void> => {
  const { detail } = eventSchema.parse(event);
  const outcome = await router.route(detail.tenantId, detail.aggregateId, detail.correlationId);
  logger.info('Ticket routed', {
    tenantId: detail.tenantId,
    ticketId: detail.aggregateId,
    correlationId: detail.correlationId,
    outcome,
  });
};
