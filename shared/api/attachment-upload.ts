/** HTTP contract of completing an attachment upload (the storage meter starts from it). */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';
import { attachmentSchema } from './ticket-conversation.ts';

const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -');

export const completeAttachmentOperation = defineContract({
  summary: 'Complete an attachment upload',
  description:
    'Call after PUTting the bytes with the presigned request: storage is asked for the object, and from its creation instant the stored bytes count towards storage (GB-month). Completing again changes nothing.',
  tags: ['Conversation'],
  path: z.object({ ticketId: idSchema, attachmentId: idSchema }).strict(),
  responses: {
    200: {
      description: 'Stored',
      schema: z
        .object({
          attachment: attachmentSchema,
          storedBytes: z.number().int().describe('Size as object storage reports it'),
          storedAt: z.iso.datetime().describe('When the object was created in storage'),
        })
        .meta({ id: 'AttachmentStored' }),
    },
    ...standardProblems,
    404: { description: 'No such ticket or attachment visible to the caller', schema: problemSchema },
    409: { description: 'The bytes have not been uploaded yet', schema: problemSchema },
  },
});
