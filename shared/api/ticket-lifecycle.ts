/** HTTP contracts of the lifecycle operations: status transitions and the ticket's history. */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { linkKinds, priorities, ticketStatuses } from '../domain/tickets/ticket.ts';
import type { TicketHistoryEntry } from '../domain/tickets/ticket-history.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';
import { ticketSchema } from './tickets.ts';

const ticketPathSchema = z
  .object({ ticketId: z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -') })
  .strict();

/** A strong ETag as the ticket's GET answers it: `"<version>"`. */
export const ifMatchHeadersSchema = z.object({
  'if-match': z
    .string()
    .regex(/^"\d{1,12}"$/, 'must be the ETag of the ticket as last read, e.g. "3"')
    .transform((value) => Number.parseInt(value.slice(1, -1), 10)),
});

export const transitionBodySchema = z
  .object({
    to: z.enum(ticketStatuses),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(2000)
      .optional()
      .describe('Required when pausing (awaiting_*), reopening, or cancelling a new ticket'),
  })
  .strict()
  .meta({ id: 'TicketTransitionRequest' });

export const transitionTicketOperation = defineContract({
  summary: 'Move a ticket to another status',
  description:
    'Validated by the lifecycle state machine. Send the ETag last read as If-Match: a ticket changed since answers 412. Requesters may only accept or reject a resolution and hand back a ticket awaiting them.',
  tags: ['Tickets'],
  path: ticketPathSchema,
  headers: ifMatchHeadersSchema,
  body: transitionBodySchema,
  responses: {
    200: { description: 'The ticket after the move', schema: ticketSchema, headers: { ETag: 'version' } },
    ...standardProblems,
    404: { description: 'No such ticket visible to the caller', schema: problemSchema },
    409: {
      description: 'The lifecycle does not allow this move (or the reopen window passed)',
      schema: problemSchema,
    },
    412: { description: 'The ticket changed since the caller read it', schema: problemSchema },
  },
});

export const historyEntrySchema = z
  .object({
    sequence: z.number().int().describe('The ticket version this change produced'),
    at: z.iso.datetime(),
    actorId: z.string(),
    actorProviderId: z
      .string()
      .optional()
      .describe("Set when an engaged provider's agent made the change: that provider"),
    change: z.enum(['created', 'status_changed', 'linked', 'routed', 'priority_changed']),
    status: z.enum(ticketStatuses).optional().describe('On creation: the initial status'),
    from: z.enum(ticketStatuses).optional(),
    to: z.enum(ticketStatuses).optional(),
    reason: z.string().nullable().optional(),
    linkKind: z.enum(linkKinds).optional(),
    linkedTicketId: z.string().optional(),
    providerId: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    assigneeId: z.string().nullable().optional(),
    ruleId: z.string().nullable().optional(),
    fromPriority: z.enum(priorities).optional().describe('priority_changed: before'),
    toPriority: z.enum(priorities).optional().describe('priority_changed: after'),
  })
  .meta({ id: 'TicketHistoryEntry' });

export const listTicketHistoryOperation = defineContract({
  summary: "Read a ticket's history",
  description: 'Every committed change, oldest first.',
  tags: ['Tickets'],
  path: ticketPathSchema,
  responses: {
    200: {
      description: 'The history',
      schema: z.object({ items: z.array(historyEntrySchema) }).meta({ id: 'TicketHistory' }),
    },
    ...standardProblems,
    404: { description: 'No such ticket visible to the caller', schema: problemSchema },
  },
});

export const toHistoryEntryResource = (entry: TicketHistoryEntry): z.infer<typeof historyEntrySchema> =>
  entry;

export const linkBodySchema = z
  .object({
    kind: z.enum(['parent', 'child', 'related']).describe('What the other ticket is to this one'),
    ticketId: z.string().regex(ID_PATTERN),
  })
  .strict()
  .meta({ id: 'TicketLinkRequest' });

export const linkTicketOperation = defineContract({
  summary: 'Link two tickets',
  description:
    'Agents link a ticket to its parent, a child or a related ticket; the other ticket gets the inverse link in the same transaction. Tickets are never merged.',
  tags: ['Tickets'],
  path: ticketPathSchema,
  body: linkBodySchema,
  responses: {
    200: { description: 'The ticket with its links', schema: ticketSchema, headers: { ETag: 'version' } },
    ...standardProblems,
    404: { description: 'Either ticket is not visible to the caller', schema: problemSchema },
    409: { description: 'Linking a ticket to itself, or already linked', schema: problemSchema },
    412: { description: 'One of the tickets changed meanwhile; retry', schema: problemSchema },
  },
});
