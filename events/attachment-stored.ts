/**
 * `AttachmentStored`: the bytes of a declared attachment are in object storage. Carries the
 * stored size and the instant the object was created: the storage meter (`storage.gb_month`)
 * bills byte-time from that instant.
 */
import { z } from 'zod';
import { defineEvent, eventEnvelopeSchema } from './envelope.ts';

export const attachmentStoredDetailSchema = eventEnvelopeSchema.extend({
  ticket: z.object({ ticketId: z.string(), number: z.number().int().positive(), requesterId: z.string() }),
  attachmentId: z.string(),
  /** Bytes as object storage reports them (not as declared). */
  bytes: z.number().int().nonnegative(),
  /** When the object was created in storage. */
  storedAt: z.iso.datetime(),
});

export type AttachmentStoredDetail = z.infer<typeof attachmentStoredDetailSchema>;

export const AttachmentStored = defineEvent(
  'AttachmentStored',
  attachmentStoredDetailSchema,
  "An attachment's bytes are stored (size, instant): billing meter storage.gb_month.",
);
