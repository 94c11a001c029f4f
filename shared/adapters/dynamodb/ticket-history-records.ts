/**
 * How a ticket's history entries are stored: beside the ticket, in its partition, sorted by
 * the version they produced. The creation entry predates this module and keeps its shape
 * (`actor`, `change`, `status`); its sequence is read from the sort key.
 */
import { z } from 'zod';
import { linkKinds, priorities, ticketStatuses } from '../../domain/tickets/ticket.ts';
import type { TicketHistoryEntry } from '../../domain/tickets/ticket-history.ts';
import { TICKET_HISTORY_SK_PREFIX, ticketHistoryKey } from './keys.ts';

const base = {
  SK: z.string().startsWith(TICKET_HISTORY_SK_PREFIX),
  at: z.string(),
  actor: z.string(),
  // Provider actions (#4): the engaged provider the actor works for.
  actorProviderId: z.string().optional(),
};

const historyItemSchema = z.discriminatedUnion('change', [
  z.object({ ...base, change: z.literal('created'), status: z.enum(ticketStatuses) }),
  z.object({
    ...base,
    change: z.literal('status_changed'),
    from: z.enum(ticketStatuses),
    to: z.enum(ticketStatuses),
    reason: z.string().nullable(),
  }),
  z.object({
    ...base,
    change: z.literal('routed'),
    providerId: z.string().nullable(),
    teamId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    ruleId: z.string().nullable(),
    reason: z.string().optional(),
  }),
  z.object({ ...base, change: z.literal('linked'), linkKind: z.enum(linkKinds), linkedTicketId: z.string() }),
  // SLA breach actions (#5)
  z.object({
    ...base,
    change: z.literal('priority_changed'),
    fromPriority: z.enum(priorities),
    toPriority: z.enum(priorities),
    reason: z.string(),
  }),
]);

export const toHistoryItem = (tenantId: string, ticketId: string, entry: TicketHistoryEntry) => {
  const { sequence, actorId, ...rest } = entry;
  return {
    ...ticketHistoryKey(tenantId, ticketId, sequence),
    entityType: 'TICKET_HISTORY',
    actor: actorId,
    ...rest,
  };
};

export const fromHistoryItem = (item: Record<string, unknown>): TicketHistoryEntry => {
  const { SK, actor, ...rest } = historyItemSchema.parse(item);
  const sequence = Number.parseInt(SK.slice(TICKET_HISTORY_SK_PREFIX.length), 10);
  return { ...rest, sequence, actorId: actor };
};
