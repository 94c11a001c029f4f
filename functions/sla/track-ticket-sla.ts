/**
 * EventBridge target: folds ticket events into the ticket's SLA history and reschedules its
 * milestones. `TicketCreated` is emitted today; `TicketStatusChanged` ({from, to, reason, at}),
 * `TicketRouted` (team id) and `TicketPriorityChanged` are matched by rules already and start
 * flowing when the lifecycle emits them. Idempotent on the event id; a conflict with a
 * concurrent update throws so that EventBridge retries.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { z } from 'zod';
import { eventEnvelopeSchema } from '../../events/envelope.ts';
import { ticketCreatedDetailSchema } from '../../events/ticket-created.ts';
import { ticketFirstRespondedDetailSchema } from '../../events/ticket-first-responded.ts';
import { ticketRoutedDetailSchema } from '../../events/ticket-routed.ts';
import { ticketStatusChangedDetailSchema } from '../../events/ticket-status-changed.ts';
import type { SlaHistoryEvent } from '../../shared/domain/sla/sla-clocks.ts';
import { priorities } from '../../shared/domain/tickets/ticket.ts';
import { logger } from '../../shared/http/logger.ts';
import { slaService } from './deps.ts';

// The lifecycle's own event contracts: one schema per event, shared by emitter and consumers.
const statusChangedSchema = ticketStatusChangedDetailSchema;
const routedSchema = ticketRoutedDetailSchema;
const priorityChangedSchema = eventEnvelopeSchema.extend({
  priority: z.enum(priorities).optional(),
  to: z.enum(priorities).optional(),
  at: z.iso.datetime().optional(),
});

interface Folded {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly eventId: string;
  readonly event: SlaHistoryEvent;
}

/** Translates a ticket event into the SLA engine's own history event; undefined when irrelevant. */
export const toSlaHistoryEvent = (detailType: string, detail: unknown): Folded | undefined => {
  switch (detailType) {
    case 'TicketCreated': {
      const parsed = ticketCreatedDetailSchema.parse(detail);
      const priority = z.enum(priorities).parse(parsed.ticket.priority);
      return {
        tenantId: parsed.tenantId,
        ticketId: parsed.ticket.ticketId,
        eventId: parsed.eventId,
        event: { kind: 'created', at: parsed.ticket.createdAt, priority, status: parsed.ticket.status },
      };
    }
    case 'TicketStatusChanged': {
      const parsed = statusChangedSchema.parse(detail);
      return {
        tenantId: parsed.tenantId,
        ticketId: parsed.aggregateId,
        eventId: parsed.eventId,
        event: { kind: 'status_changed', at: parsed.at ?? parsed.occurredAt, to: parsed.to },
      };
    }
    case 'TicketRouted': {
      const parsed = routedSchema.parse(detail);
      // An unrouted ticket (no rule, no engagement) starts no team's hop clock.
      const teamId = parsed.teamId;
      if (teamId === null) return undefined;
      return {
        tenantId: parsed.tenantId,
        ticketId: parsed.aggregateId,
        eventId: parsed.eventId,
        event: {
          kind: 'routed',
          at: parsed.at ?? parsed.occurredAt,
          teamId,
          ...(parsed.providerId === null ? {} : { providerId: parsed.providerId }),
        },
      };
    }
    case 'TicketPriorityChanged': {
      const parsed = priorityChangedSchema.parse(detail);
      const priority = parsed.priority ?? parsed.to;
      if (priority === undefined) return undefined;
      return {
        tenantId: parsed.tenantId,
        ticketId: parsed.aggregateId,
        eventId: parsed.eventId,
        event: { kind: 'priority_changed', at: parsed.at ?? parsed.occurredAt, priority },
      };
    }
    case 'TicketFirstResponded': {
      const parsed = ticketFirstRespondedDetailSchema.parse(detail);
      return {
        tenantId: parsed.tenantId,
        ticketId: parsed.aggregateId,
        eventId: parsed.eventId,
        event: { kind: 'first_public_response', at: parsed.at },
      };
    }
    default:
      return undefined;
  }
};

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const folded = toSlaHistoryEvent(event['detail-type'], event.detail);
  if (folded === undefined) return;
  const sla = await slaService.trackTicketEvent(
    folded.tenantId,
    folded.ticketId,
    folded.eventId,
    folded.event,
  );
  logger.debug('SLA history updated', {
    tenantId: folded.tenantId,
    ticketId: folded.ticketId,
    kind: folded.event.kind,
    measured: sla !== undefined,
  });
};
