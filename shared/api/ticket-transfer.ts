/** Contract of `POST /v1/tickets/{ticketId}/transfer`: a ticket moved to another provider team (routing #4). */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';
import { ticketSchema } from './tickets.ts';

export const transferBodySchema = z
  .object({
    providerId: z.string().regex(ID_PATTERN).describe('A provider engaged by the tenant for this ticket'),
    teamId: z.string().regex(ID_PATTERN).describe('A team of that provider; its strategy picks the agent'),
    reason: z.string().trim().min(1).max(1000).describe('Why; kept in the ticket history'),
  })
  .strict()
  .meta({ id: 'TransferRequest' });

export const transferTicketOperation = defineContract({
  summary: 'Transfer a ticket to another team',
  description:
    "Moves the ticket to a team of a provider whose engagement in force covers it; the team's strategy assigns an agent and the previous holder's load is released. Counts a reassignment when someone held it. Send the ETag as If-Match.",
  tags: ['Routing'],
  path: z.object({ ticketId: z.string().regex(ID_PATTERN) }).strict(),
  headers: z.object({
    'if-match': z
      .string()
      .regex(/^"\d{1,12}"$/, 'must be the ETag of the ticket as last read, e.g. "3"')
      .transform((value) => Number.parseInt(value.slice(1, -1), 10)),
  }),
  body: transferBodySchema,
  responses: {
    200: { description: 'The ticket after the transfer', schema: ticketSchema, headers: { ETag: 'version' } },
    ...standardProblems,
    404: { description: 'No such ticket, or no such team', schema: problemSchema },
    409: {
      description: 'Resolved or closed, already with that team, or no engagement in force covers it',
      schema: problemSchema,
    },
    412: { description: 'The ticket changed since the caller read it', schema: problemSchema },
  },
});
