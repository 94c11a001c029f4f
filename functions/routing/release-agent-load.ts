/**
 * EventBridge target of `TicketStatusChanged`: a ticket resolved or closed no longer weighs on its
 * assignee, a reopened one does again (`agentLoadChangeOf`). Delivery is at least once: the ledger
 * applies each event's change once (key tenantId#eventId), so a redelivery changes nothing.
 * Events emitted before the ticket summary named its holder carry no assignee and are skipped.
 */
import { z } from 'zod';
import { ticketStatusChangedDetailSchema } from '../../events/ticket-status-changed.ts';
import { agentLoadChangeOf } from '../../shared/domain/routing/agent-load-release.ts';
import { logger } from '../../shared/http/logger.ts';
import { agentLoads } from './deps.ts';

const eventSchema = z.object({
  'detail-type': z.literal('TicketStatusChanged'),
  detail: ticketStatusChangedDetailSchema,
});

export const handler = async (event: unknown): Promise<void> => {
  const { detail } = eventSchema.parse(event);
  const change = agentLoadChangeOf({
    from: detail.from,
    to: detail.to,
    providerId: detail.ticket.providerId ?? null,
    teamId: detail.ticket.teamId ?? null,
    assigneeId: detail.ticket.assigneeId ?? null,
  });
  if (change === null) return;
  const outcome = await agentLoads.applyOnce(change, `${detail.tenantId}#${detail.eventId}`);
  logger.info('Agent load changed by a status move', {
    tenantId: detail.tenantId,
    ticketId: detail.aggregateId,
    eventId: detail.eventId,
    correlationId: detail.correlationId,
    change,
    outcome,
  });
};
