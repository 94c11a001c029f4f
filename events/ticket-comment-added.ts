/**
 * `TicketCommentAdded`: someone wrote on a ticket. Deliberately carries no comment body, public
 * or internal: consumers that need the text read it through the API with their own rights, so
 * an internal note can never leak through an event (or a tenant webhook built on events).
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketCommentAddedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({ ticketId: z.string(), number: z.number().int().positive(), requesterId: z.string() }),
  commentId: z.string(),
  visibility: z.enum(['public', 'internal']),
  authorId: z.string(),
  at: z.iso.datetime(),
});

export type TicketCommentAddedDetail = z.infer<typeof ticketCommentAddedDetailSchema>;

export const TicketCommentAdded = defineEvent(
  'TicketCommentAdded',
  ticketCommentAddedDetailSchema,
  'A comment was added (its id, visibility and author; never its body).',
);
