/** `TicketCreated`: a requester (or an integration) raised a ticket at the single point of contact. */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketCreatedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({
    ticketId: z.string(),
    number: z.number().int().positive(),
    type: z.string(),
    channel: z.string(),
    language: z.string(),
    priority: z.string(),
    status: z.string(),
    subject: z.string(),
    category: z.string().nullable(),
    service: z.string().nullable(),
    requesterId: z.string(),
    createdAt: z.iso.datetime(),
  }),
});

export type TicketCreatedDetail = z.infer<typeof ticketCreatedDetailSchema>;

export const TicketCreated = defineEvent(
  'TicketCreated',
  ticketCreatedDetailSchema,
  'A ticket was raised; carries the ticket summary (never its description or comments).',
);
