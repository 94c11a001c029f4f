/**
 * `TicketPriorityChanged`: a ticket's priority moved (today: raised one step by an SLA breach
 * whose policy says `raise_priority`). Recorded in the ticket's history in the same transaction;
 * the SLA tracker re-targets the ticket's clocks from it.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketPriorityChangedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({ ticketId: z.string(), number: z.number().int().positive(), requesterId: z.string() }),
  from: z.enum(['critical', 'high', 'medium', 'low']),
  to: z.enum(['critical', 'high', 'medium', 'low']),
  /** Same as `to`: the field the SLA tracker reads. */
  priority: z.enum(['critical', 'high', 'medium', 'low']),
  reason: z.string(),
  at: z.iso.datetime(),
  actorId: z.string(),
});

export const TicketPriorityChanged = defineEvent(
  'TicketPriorityChanged',
  ticketPriorityChangedDetailSchema,
  "A ticket's priority changed (from, to, reason); recorded in its history in the same transaction.",
);
