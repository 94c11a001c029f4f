/**
 * Which usage a domain event carries: pure mappings from event details to usage observations.
 * The fact id is the event id (plus the meter), so however often an event is delivered it
 * yields the same facts. Billed at the instant the work happened (the ticket's creation, the
 * API window's start), never at the instant the event was processed.
 */
import type { ApiCallsRecordedDetail } from '../../../events/api-calls-recorded.ts';
import type { TicketCreatedDetail } from '../../../events/ticket-created.ts';
import type { UsageObservation } from './usage-fact.ts';

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
