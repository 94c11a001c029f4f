/** HTTP contracts of the conversation: comments and attachments (presigned S3 URLs). */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import type { PresignedRequest } from '../domain/tickets/conversation-ports.ts';
import {
  ATTACHMENT_MAX_BYTES,
  allowedAttachmentTypes,
  type TicketAttachment,
  type TicketComment,
  visibilities,
} from '../domain/tickets/ticket-conversation.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';

const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -');
const ticketPathSchema = z.object({ ticketId: idSchema }).strict();
const attachmentPathSchema = z.object({ ticketId: idSchema, attachmentId: idSchema }).strict();
const notFound = {
  404: { description: 'No such ticket (or item) visible to the caller', schema: problemSchema },
};

export const commentSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    authorId: z.string(),
    body: z.string(),
    visibility: z.enum(visibilities),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TicketComment' });

export const addCommentBodySchema = z
  .object({
    body: z.string().trim().min(1).max(20_000),
    visibility: z
      .enum(visibilities)
      .default('public')
      .describe('internal: agents only; never for requesters'),
  })
  .strict()
  .meta({ id: 'AddCommentRequest' });

export const addTicketCommentOperation = defineContract({
  summary: 'Comment on a ticket',
  description:
    'Public comments are seen by the requester; internal ones only by agents. Requesters write public ones.',
  tags: ['Conversation'],
  path: ticketPathSchema,
  body: addCommentBodySchema,
  responses: { 201: { description: 'Added', schema: commentSchema }, ...standardProblems, ...notFound },
});

export const listTicketCommentsOperation = defineContract({
  summary: "Read a ticket's comments",
  description: 'Oldest first. Requesters never receive internal comments.',
  tags: ['Conversation'],
  path: ticketPathSchema,
  responses: {
    200: {
      description: 'The comments visible to the caller',
      schema: z.object({ items: z.array(commentSchema) }).meta({ id: 'TicketComments' }),
    },
    ...standardProblems,
    ...notFound,
  },
});

export const attachmentSchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    sizeBytes: z.number().int(),
    visibility: z.enum(visibilities),
    uploadedBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TicketAttachment' });

const presignedSchema = z
  .object({
    url: z.string(),
    method: z.enum(['PUT', 'GET']),
    headers: z.record(z.string(), z.string()).describe('Send these exactly: they are signed'),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'PresignedRequest' });

export const declareAttachmentBodySchema = z
  .object({
    fileName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .regex(/^[\p{L}\p{N} ._()+,-]+$/u, 'must be a plain file name (letters, digits, space . _ ( ) + , -)'),
    contentType: z
      .string()
      .min(1)
      .max(200)
      .describe(`One of ${allowedAttachmentTypes.join(', ')}`),
    sizeBytes: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES),
    visibility: z.enum(visibilities).default('public'),
  })
  .strict()
  .meta({ id: 'DeclareAttachmentRequest' });

export const declareAttachmentOperation = defineContract({
  summary: 'Attach a file to a ticket',
  description: `Declares the file and answers a presigned upload (PUT, 15 minutes). At most ${ATTACHMENT_MAX_BYTES} bytes, of an accepted content type.`,
  tags: ['Conversation'],
  path: ticketPathSchema,
  body: declareAttachmentBodySchema,
  responses: {
    201: {
      description: 'Declared; upload the bytes with the presigned request',
      schema: z
        .object({ attachment: attachmentSchema, upload: presignedSchema })
        .meta({ id: 'AttachmentUpload' }),
    },
    ...standardProblems,
    ...notFound,
  },
});

export const listAttachmentsOperation = defineContract({
  summary: "List a ticket's attachments",
  description: 'Requesters never receive internal attachments.',
  tags: ['Conversation'],
  path: ticketPathSchema,
  responses: {
    200: {
      description: 'The attachments visible to the caller',
      schema: z.object({ items: z.array(attachmentSchema) }).meta({ id: 'TicketAttachments' }),
    },
    ...standardProblems,
    ...notFound,
  },
});

export const getAttachmentOperation = defineContract({
  summary: 'Download an attachment',
  description: 'Answers a presigned download (GET, 5 minutes).',
  tags: ['Conversation'],
  path: attachmentPathSchema,
  responses: {
    200: {
      description: 'The attachment and its presigned download',
      schema: z
        .object({ attachment: attachmentSchema, download: presignedSchema })
        .meta({ id: 'AttachmentDownload' }),
    },
    ...standardProblems,
    ...notFound,
  },
});

export const toCommentResource = (comment: TicketComment): z.infer<typeof commentSchema> => ({
  id: comment.commentId,
  ticketId: comment.ticketId,
  authorId: comment.authorId,
  body: comment.body,
  visibility: comment.visibility,
  createdAt: comment.createdAt,
});

export const toAttachmentResource = (attachment: TicketAttachment): z.infer<typeof attachmentSchema> => ({
  id: attachment.attachmentId,
  ticketId: attachment.ticketId,
  fileName: attachment.fileName,
  contentType: attachment.contentType,
  sizeBytes: attachment.sizeBytes,
  visibility: attachment.visibility,
  uploadedBy: attachment.uploadedBy,
  createdAt: attachment.createdAt,
});

export const toPresignedResource = (request: PresignedRequest): z.infer<typeof presignedSchema> => ({
  ...request,
  headers: { ...request.headers },
});
