/**
 * The conversation on a ticket: comments and attachments, each public (the requester sees it)
 * or internal (the tenant's agents and the provider only). A requester can never write nor
 * read an internal item; events about the conversation never carry a comment body.
 */
import { Forbidden, ValidationFailed } from '../errors.ts';
import type { Ticket } from './ticket.ts';

export const visibilities = ['public', 'internal'] as const;
export type Visibility = (typeof visibilities)[number];

export interface TicketComment {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly commentId: string;
  readonly authorId: string;
  readonly body: string;
  readonly visibility: Visibility;
  readonly createdAt: string;
}

export interface ConversationContext {
  readonly actorId: string;
  /** True when the actor acts as the ticket's requester, not as an agent of the tenant. */
  readonly actingAsRequester: boolean;
  readonly now: Date;
}

const refuseInternalToRequester = (visibility: Visibility, context: ConversationContext, what: string) => {
  if (visibility === 'internal' && context.actingAsRequester) {
    throw new Forbidden(`A requester cannot add an internal ${what}`);
  }
};

export const writeComment = (
  ticket: Ticket,
  input: { readonly body: string; readonly visibility: Visibility },
  context: ConversationContext & { readonly commentId: string },
): TicketComment => {
  refuseInternalToRequester(input.visibility, context, 'comment');
  const body = input.body.trim();
  if (body === '') {
    throw new ValidationFailed('A comment needs a body', [
      { location: 'body.body', message: 'must not be blank' },
    ]);
  }
  return {
    tenantId: ticket.tenantId,
    ticketId: ticket.ticketId,
    commentId: context.commentId,
    authorId: context.actorId,
    body,
    visibility: input.visibility,
    createdAt: context.now.toISOString(),
  };
};

/**
 * Whether a comment can be the ticket's first response (SLA): a PUBLIC comment by someone
 * acting as an agent (the tenant's agents and admins, or an engaged provider's agents). A
 * requester's comment and an internal note never count. Whether it IS the first is decided by
 * the store, atomically with the comment.
 */
export const mayBeFirstResponse = (comment: TicketComment, context: ConversationContext): boolean =>
  comment.visibility === 'public' && !context.actingAsRequester;

/** What a reader may see of a conversation: everything for agents, public items for requesters. */
export const visibleTo = <T extends { readonly visibility: Visibility }>(
  items: readonly T[],
  actingAsRequester: boolean,
): readonly T[] => (actingAsRequester ? items.filter((item) => item.visibility === 'public') : items);

/** Attachments are uploaded straight to object storage with a presigned URL, within these limits. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const allowedAttachmentTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'message/rfc822',
] as const;

export interface TicketAttachment {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly attachmentId: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly visibility: Visibility;
  readonly uploadedBy: string;
  readonly createdAt: string;
  /** Where the bytes live; tenant-prefixed so a bucket policy could confine it like the table. */
  readonly objectKey: string;
}

export const attachmentObjectKey = (tenantId: string, ticketId: string, attachmentId: string): string =>
  `tenants/${tenantId}/tickets/${ticketId}/attachments/${attachmentId}`;

export const declareAttachment = (
  ticket: Ticket,
  input: {
    readonly fileName: string;
    readonly contentType: string;
    readonly sizeBytes: number;
    readonly visibility: Visibility;
  },
  context: ConversationContext & { readonly attachmentId: string },
): TicketAttachment => {
  refuseInternalToRequester(input.visibility, context, 'attachment');
  if (!(allowedAttachmentTypes as readonly string[]).includes(input.contentType)) {
    throw new ValidationFailed(`Attachments of type ${input.contentType} are not accepted`, [
      { location: 'body.contentType', message: `must be one of ${allowedAttachmentTypes.join(', ')}` },
    ]);
  }
  if (input.sizeBytes < 1 || input.sizeBytes > ATTACHMENT_MAX_BYTES) {
    throw new ValidationFailed(`Attachments must be 1 byte to ${ATTACHMENT_MAX_BYTES} bytes`, [
      { location: 'body.sizeBytes', message: `must be between 1 and ${ATTACHMENT_MAX_BYTES}` },
    ]);
  }
  return {
    tenantId: ticket.tenantId,
    ticketId: ticket.ticketId,
    attachmentId: context.attachmentId,
    fileName: input.fileName,
    contentType: input.contentType,
    sizeBytes: input.sizeBytes,
    visibility: input.visibility,
    uploadedBy: context.actorId,
    createdAt: context.now.toISOString(),
    objectKey: attachmentObjectKey(ticket.tenantId, ticket.ticketId, context.attachmentId),
  };
};
