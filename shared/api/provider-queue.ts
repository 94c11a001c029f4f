/** HTTP contract of the provider's cross-tenant queue. */
import { z } from 'zod';
import { placeholderTargetHours } from '../domain/queue/provider-queue.ts';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { priorities, ticketStatuses } from '../domain/tickets/ticket.ts';
import { defineContract } from './operation-contract.ts';
import { pageOf, paginationQuerySchema } from './pagination.ts';
import { standardProblems } from './problem.ts';
import { ticketSchema } from './tickets.ts';

export const providerQueueQuerySchema = paginationQuerySchema.extend({
  tenant: z.string().regex(ID_PATTERN).optional(),
  team: z.string().regex(ID_PATTERN).optional(),
  status: z.enum(ticketStatuses).optional(),
  priority: z.enum(priorities).optional(),
  assignee: z.string().regex(ID_PATTERN).optional(),
});

export const queueSlaSchema = z
  .object({
    clock: z.enum(['first_response', 'resolution']),
    targetSeconds: z.number(),
    dueAt: z.iso.datetime().nullable(),
    remainingSeconds: z.number().describe('Business seconds left as of computedAt (exact while paused)'),
    paused: z.boolean(),
    pausedReason: z.string().nullable(),
    breached: z.boolean(),
    computedAt: z.iso.datetime(),
  })
  .meta({ id: 'ProviderQueueSla' });

export const providerQueueItemSchema = ticketSchema
  .extend({
    tenantId: z.string(),
    dueAt: z.iso
      .datetime()
      .nullable()
      .describe('The instant the queue sorts by; null while the SLA clock is paused'),
    sla: queueSlaSchema
      .nullable()
      .describe('The SLA clock that sets the place in the queue; null if unmeasured'),
  })
  .meta({ id: 'ProviderQueueItem' });

export const providerQueueOperation = defineContract({
  summary: "The provider's queue, across tenants",
  description: `Every open ticket routed to the caller's provider, from every tenant engaging it (within each engagement's scope), by the SLA engine's due date (earliest running clock), then priority, then age; tickets whose clocks are all paused come after the running ones, least business time left first. For a ticket its tenant's SLA does not measure, dueAt is a placeholder: created + ${Object.entries(
    placeholderTargetHours,
  )
    .map(([priority, hours]) => `${hours} h (${priority})`)
    .join(', ')}.`,
  tags: ['Provider'],
  query: providerQueueQuerySchema,
  responses: {
    200: { description: 'A page of the queue', schema: pageOf(providerQueueItemSchema, 'ProviderQueuePage') },
    ...standardProblems,
  },
});
