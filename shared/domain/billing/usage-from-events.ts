/**
 * Which usage a domain event carries: pure mappings from event details to usage observations.
 * The fact id is the event id (plus the meter), so however often an event is delivered it
 * yields the same facts. Billed at the instant the work happened (the ticket's creation, the
 * API window's start), never at the instant the event was processed.
 */
import type { ApiCallsRecordedDetail } from '../../../events/api-calls-recorded.ts';
import type { TicketCommentAddedDetail } from '../../../events/ticket-comment-added.ts';
import type { TicketCreatedDetail } from '../../../events/ticket-created.ts';
import type { TicketStatusChangedDetail } from '../../../events/ticket-status-changed.ts';
import type { TicketTimeLoggedDetail } from '../../../events/ticket-time-logged.ts';
import { periodOf, type UsageObservation } from './usage-fact.ts';

export const usageFromTicketCreated = (detail: TicketCreatedDetail): UsageObservation[] => [
  {
    factId: `${detail.eventId}.tickets.created`,
    tenantId: detail.tenantId,
    meter: 'tickets.created',
    dimension: detail.ticket.type,
    quantity: '1',
    occurredAt: detail.ticket.createdAt,
  },
];

export const usageFromApiCallsRecorded = (detail: ApiCallsRecordedDetail): UsageObservation[] => [
  {
    factId: `${detail.eventId}.api.calls`,
    tenantId: detail.tenantId,
    meter: 'api.calls',
    dimension: `${detail.usage.credential}:${detail.usage.callerId}`,
    quantity: String(detail.usage.calls),
    occurredAt: detail.usage.windowStart,
  },
];

// Billing meters (#6): agent handling minutes, catalogue fulfilments, active seats.

/**
 * Minutes an agent logged, billed in the month the work happened (`workedAt`). A provider
 * agent's minutes go to that provider's engagement only; the tenant's own (in-house) agents'
 * minutes go to whichever of the tenant's engagements prices the meter, by precedence.
 */
export const usageFromTicketTimeLogged = (detail: TicketTimeLoggedDetail): UsageObservation[] => [
  {
    factId: `${detail.eventId}.agent.handling_minutes`,
    tenantId: detail.tenantId,
    meter: 'agent.handling_minutes',
    dimension: detail.agentId,
    quantity: String(detail.minutes),
    occurredAt: detail.workedAt,
    ...(detail.providerId === null ? {} : { attributedTo: detail.providerId }),
  },
];

/**
 * A service request ordering a catalogue item is fulfilled when it is first resolved. The fact
 * id names the ticket, not the event: a reopened and re-resolved request is the same
 * fulfilment, so the ledger's dedup item counts it once (billed at the first resolution).
 */
export const usageFromTicketStatusChanged = (detail: TicketStatusChangedDetail): UsageObservation[] => {
  const { catalogueItemId } = detail.ticket;
  if (detail.to !== 'resolved' || catalogueItemId === undefined) return [];
  return [
    {
      factId: `fulfilment.${detail.ticket.ticketId}`,
      tenantId: detail.tenantId,
      meter: 'catalogue.fulfilments',
      dimension: catalogueItemId,
      quantity: '1',
      occurredAt: detail.at,
    },
  ];
};

/**
 * One active seat per person per tenant per month. The fact id names the month and the
 * person, not the event: the ledger's dedup item (put only if absent) is the seat marker, so
 * the first activity of the month counts the seat and every later one, or any redelivery, is a
 * duplicate that changes nothing.
 */
export const activeSeat = (tenantId: string, personId: string, at: string): UsageObservation => ({
  factId: `seat.${periodOf(at)}.${personId}`,
  tenantId,
  meter: 'seats.active',
  dimension: '-',
  quantity: '1',
  occurredAt: at,
});

/** Who was active in an event of the ticket lifecycle, and when. */
export const activityOf = (
  event:
    | { readonly 'detail-type': 'TicketCreated'; readonly detail: TicketCreatedDetail }
    | { readonly 'detail-type': 'TicketStatusChanged'; readonly detail: TicketStatusChangedDetail }
    | { readonly 'detail-type': 'TicketCommentAdded'; readonly detail: TicketCommentAddedDetail }
    | { readonly 'detail-type': 'TicketTimeLogged'; readonly detail: TicketTimeLoggedDetail },
): UsageObservation => {
  switch (event['detail-type']) {
    case 'TicketCreated':
      return activeSeat(
        event.detail.tenantId,
        event.detail.ticket.requesterId,
        event.detail.ticket.createdAt,
      );
    case 'TicketStatusChanged':
      return activeSeat(event.detail.tenantId, event.detail.actorId, event.detail.at);
    case 'TicketCommentAdded':
      return activeSeat(event.detail.tenantId, event.detail.authorId, event.detail.at);
    case 'TicketTimeLogged':
      // Active when they logged the time (the activity), not when the work happened.
      return activeSeat(event.detail.tenantId, event.detail.agentId, event.detail.loggedAt);
  }
};
