/**
 * How a ticket is stored: the item schema (parsed on every read, never cast) and the mapping
 * between the domain `Ticket` and its item with index keys.
 */
import { z } from 'zod';
import { isInProviderQueue, providerQueueSortKey } from '../../domain/queue/provider-queue.ts';
import {
  channels,
  levels,
  linkKinds,
  priorities,
  type Ticket,
  ticketStatuses,
  ticketTypes,
} from '../../domain/tickets/ticket.ts';
import {
  PROVIDER_QUEUE_SHARDS,
  providerQueuePartition,
  requesterTicketsPartition,
  shardOf,
  TENANT_QUEUE_SHARDS,
  tenantQueuePartition,
  ticketKeys,
} from './keys.ts';

export const ticketItemSchema = z.object({
  tenantId: z.string(),
  ticketId: z.string(),
  number: z.number().int(),
  type: z.enum(ticketTypes),
  channel: z.enum(channels),
  language: z.string(),
  subject: z.string(),
  description: z.string(),
  category: z.string().nullable(),
  service: z.string().nullable(),
  impact: z.enum(levels),
  urgency: z.enum(levels),
  priority: z.enum(priorities),
  status: z.enum(ticketStatuses),
  requesterId: z.string(),
  createdBy: z.string(),
  // Delegated administration: tickets written before it belong to no site or department.
  site: z.string().nullable().default(null),
  department: z.string().nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
  // Lifecycle fields (added with the lifecycle); items written before them read as never resolved.
  resolvedAt: z.string().nullable().default(null),
  closedAt: z.string().nullable().default(null),
  reopenCount: z.number().int().default(0),
  links: z.array(z.object({ kind: z.enum(linkKinds), ticketId: z.string() })).default([]),
  classifiedBy: z.string().nullable().default(null),
  providerId: z.string().nullable().default(null),
  teamId: z.string().nullable().default(null),
  assigneeId: z.string().nullable().default(null),
  reassignmentCount: z.number().int().default(0),
  version: z.number().int(),
  // SLA engine (#5): the derived standing the SLA tracker writes without a version change.
  sla: z
    .object({
      clock: z.enum(['first_response', 'resolution']),
      targetSeconds: z.number(),
      dueAt: z.string().nullable(),
      remainingSeconds: z.number(),
      paused: z.boolean(),
      pausedReason: z.string().nullable(),
      breached: z.boolean(),
      policyId: z.string(),
      policyVersion: z.number().int(),
      computedAt: z.string(),
      stateVersion: z.number().int(),
    })
    .optional(),
  // Billing meters (#6): only service requests that order a catalogue item carry it.
  catalogueItemId: z.string().optional(),
});

/** Sort key of both list indexes: newest first when read backwards, unique thanks to the id. */
export const ticketListSortKey = (ticket: Pick<Ticket, 'createdAt' | 'ticketId'>): string =>
  `${ticket.createdAt}#${ticket.ticketId}`;

export const toTicketItem = (ticket: Ticket) => ({
  ...ticketKeys(ticket.tenantId, ticket.ticketId),
  entityType: 'TICKET',
  ...ticket,
  GSI1PK: requesterTicketsPartition(ticket.tenantId, ticket.requesterId),
  GSI1SK: ticketListSortKey(ticket),
  GSI2PK: tenantQueuePartition(ticket.tenantId, shardOf(ticket.ticketId, TENANT_QUEUE_SHARDS)),
  GSI2SK: ticketListSortKey(ticket),
  // Provider queue (#4): sparse, only open tickets routed to a provider.
  ...providerQueueKeysOf(ticket),
});

export const fromTicketItem = (item: Record<string, unknown>): Ticket => ticketItemSchema.parse(item);

/** GSI3 keys of a ticket in its provider's queue; none (sparse) when it is not in one. */
export const providerQueueKeysOf = (ticket: Ticket): { GSI3PK?: string; GSI3SK?: string } =>
  isInProviderQueue(ticket) && ticket.providerId !== null
    ? {
        GSI3PK: providerQueuePartition(ticket.providerId, shardOf(ticket.ticketId, PROVIDER_QUEUE_SHARDS)),
        GSI3SK: providerQueueSortKey(ticket),
      }
    : {};
