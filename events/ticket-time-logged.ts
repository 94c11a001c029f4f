/**
 * `TicketTimeLogged`: an agent logged minutes of work on a ticket. Feeds the billing meter
 * `agent.handling_minutes` (billed at `workedAt`, the instant of the work, and attributed to
 * the engagement of the agent's provider) and the active-seats meter. Never carries the note.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketTimeLoggedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({ ticketId: z.string(), number: z.number().int().positive(), requesterId: z.string() }),
  entryId: z.string(),
  agentId: z.string(),
  /** The agent's provider; null for the tenant's own (in-house) agents. */
  providerId: z.string().nullable(),
  minutes: z.number().int().positive(),
  workedAt: z.iso.datetime(),
  loggedAt: z.iso.datetime(),
});

export type TicketTimeLoggedDetail = z.infer<typeof ticketTimeLoggedDetailSchema>;

export const TicketTimeLogged = defineEvent(
  'TicketTimeLogged',
  ticketTimeLoggedDetailSchema,
  'An agent logged minutes of work on a ticket (minutes, when the work happened, who; never the note).',
);
