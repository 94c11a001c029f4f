/**
 * `TicketRouted`: the router decided where a ticket goes (provider and team, and the agent
 * picked if any). `providerId` null means no rule matched or no engagement covers the tenant:
 * the ticket stays unrouted in the tenant's queue.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketRoutedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({
    ticketId: z.string(),
    number: z.number().int().positive(),
    priority: z.string(),
    status: z.string(),
  }),
  providerId: z.string().nullable(),
  teamId: z.string().nullable(),
  assigneeId: z.string().nullable(),
  ruleId: z.string().nullable(),
  at: z.iso.datetime(),
});

export const TicketRouted = defineEvent(
  'TicketRouted',
  ticketRoutedDetailSchema,
  'The router sent a ticket to a provider team (and agent), or found nowhere to send it.',
);
