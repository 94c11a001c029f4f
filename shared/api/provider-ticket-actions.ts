/**
 * HTTP contracts of what an engaged provider's agents do on a tenant's tickets. Provider-side
 * routes carry the tenant in the path (`/v1/provider/tenants/{tenantId}/tickets/{ticketId}/…`),
 * as the provider's ticket read does: a provider principal belongs to no tenant, and the tenant
 * must never come from a body, a query string or a header.
 */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';
import { addCommentBodySchema, commentSchema } from './ticket-conversation.ts';
import { ifMatchHeadersSchema, transitionBodySchema } from './ticket-lifecycle.ts';
import { logTimeBodySchema, timeEntrySchema } from './ticket-time-entries.ts';
import { ticketSchema } from './tickets.ts';

const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -');
const providerTicketPathSchema = z.object({ tenantId: idSchema, ticketId: idSchema }).strict();
const notCovered = {
  404: {
    description: 'No such ticket, no engagement in force with the tenant, or outside its scope',
    schema: problemSchema,
  },
};

export const transitionProviderTicketOperation = defineContract({
  summary: "Move an engaged tenant's ticket to another status",
  description:
    "The tenant's lifecycle state machine and If-Match apply as for the tenant's own agents. Recorded in the ticket's " +
    'history with the provider as actor, and in the tenant’s audit log.',
  tags: ['Provider'],
  path: providerTicketPathSchema,
  headers: ifMatchHeadersSchema,
  body: transitionBodySchema,
  responses: {
    200: { description: 'The ticket after the move', schema: ticketSchema, headers: { ETag: 'version' } },
    ...standardProblems,
    ...notCovered,
    409: { description: 'The lifecycle does not allow this move', schema: problemSchema },
    412: { description: 'The ticket changed since the caller read it', schema: problemSchema },
  },
});

export const commentOnProviderTicketOperation = defineContract({
  summary: "Comment on an engaged tenant's ticket",
  description:
    "Public (the requester sees it) or internal. A provider agent's first public comment is the ticket's first " +
    'response for the SLA. Recorded in the tenant’s audit log.',
  tags: ['Provider'],
  path: providerTicketPathSchema,
  body: addCommentBodySchema,
  responses: { 201: { description: 'Added', schema: commentSchema }, ...standardProblems, ...notCovered },
});

export const logProviderTicketTimeOperation = defineContract({
  summary: "Log time worked on an engaged tenant's ticket",
  description:
    "The entry carries the provider: its minutes are billed as agent handling minutes to that provider's " +
    'engagement with the tenant, in the month of workedAt. Recorded in the tenant’s audit log.',
  tags: ['Provider'],
  path: providerTicketPathSchema,
  body: logTimeBodySchema,
  responses: { 201: { description: 'Logged', schema: timeEntrySchema }, ...standardProblems, ...notCovered },
});
