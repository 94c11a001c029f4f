/**
 * `TicketFirstResponded`: an agent wrote the first PUBLIC comment on a ticket. Emitted at most
 * once per ticket, in the same transaction as that comment (a conditional marker item in the
 * ticket's partition decides which comment was first). The SLA engine stops the first-response
 * clock on it. Requester comments and internal notes never count. Carries no comment body.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketFirstRespondedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({ ticketId: z.string(), number: z.number().int().positive(), requesterId: z.string() }),
  commentId: z.string(),
  authorId: z.string(),
  /** `tenant` for the tenant's own agents, `provider` for an engaged provider's agents. */
  authorKind: z.enum(['tenant', 'provider']),
  /** The provider the author works for; null for the tenant's own agents. */
  providerId: z.string().nullable(),
  at: z.iso.datetime(),
});

export type TicketFirstRespondedDetail = z.infer<typeof ticketFirstRespondedDetailSchema>;

export const TicketFirstResponded = defineEvent(
  'TicketFirstResponded',
  ticketFirstRespondedDetailSchema,
  "An agent's first public comment on a ticket (once per ticket; stops the first-response clock).",
);
