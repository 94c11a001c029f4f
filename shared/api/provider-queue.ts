/** HTTP contract of the provider's cross-tenant queue. */
import { z } from 'zod';
import { placeholderTargetHours } from '../domain/queue/provider-queue.ts';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { priorities, ticketStatuses } from '../domain/tickets/ticket.ts';
import { defineOperation } from './operation-contract.ts';
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

export const providerQueueItemSchema = ticketSchema
  .extend({ tenantId: z.string(), dueAt: z.iso.datetime() })
  .meta({ id: 'ProviderQueueItem' });

export const providerQueueOperation = defineOperation({
  summary: "The provider's queue, across tenants",
  description: `Every open ticket routed to the caller's provider, from every tenant engaging it, by due date, then priority, then age. Until the SLA engine lands, dueAt is a placeholder: created + ${Object.entries(
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
