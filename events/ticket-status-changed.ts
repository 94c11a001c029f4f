/**
 * `TicketStatusChanged`: a ticket moved in its lifecycle. Carries the move (from, to, reason,
 * at, actor) and a summary of the ticket; never a description or a comment body.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const ticketStatusChangedDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({
    ticketId: z.string(),
    number: z.number().int().positive(),
    priority: z.string(),
    requesterId: z.string(),
    /** Service requests ordering a catalogue item only (billing: catalogue fulfilments). */
    catalogueItemId: z.string().optional(),
    /** Who holds the ticket at the move (routing #4: agents' loads); absent on events emitted before. */
    providerId: z.string().nullable().optional(),
    teamId: z.string().nullable().optional(),
    assigneeId: z.string().nullable().optional(),
  }),
  from: z.string(),
  to: z.string(),
  reason: z.string().nullable(),
  at: z.iso.datetime(),
  actorId: z.string(),
  /** Set when an engaged provider's agent made the move (provider actions, #4). */
  actorProviderId: z.string().nullable().optional(),
  reopen: z.boolean(),
});

export type TicketStatusChangedDetail = z.infer<typeof ticketStatusChangedDetailSchema>;

export const TicketStatusChanged = defineEvent(
  'TicketStatusChanged',
  ticketStatusChangedDetailSchema,
  'A ticket changed status (from, to, reason, at, actor); recorded in its history in the same transaction.',
);
