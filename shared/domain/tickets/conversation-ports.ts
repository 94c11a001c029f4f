/** Ports of the conversation: where comments and attachment records live, and the object store. */
import type { OutgoingEvent } from '../shared/ports.ts';
import type { TicketAttachment, TicketComment } from './ticket-conversation.ts';

export interface ConversationRepository {
  /**
   * Writes the comment and its events (outbox) atomically. With `firstResponse`, the comment
   * also claims the ticket's first response (a conditional marker) and emits that event in the
   * same transaction — unless an earlier comment holds the claim, in which case the comment is
   * saved without it. Answers whether this comment was the first response.
   */
  saveComment(
    comment: TicketComment,
    events: readonly OutgoingEvent[],
    firstResponse?: OutgoingEvent,
  ): Promise<{ readonly firstResponse: boolean }>;
  /** Oldest first. */
  listComments(tenantId: string, ticketId: string): Promise<readonly TicketComment[]>;
  saveAttachment(attachment: TicketAttachment): Promise<void>;
  getAttachment(
    tenantId: string,
    ticketId: string,
    attachmentId: string,
  ): Promise<TicketAttachment | undefined>;
  listAttachments(tenantId: string, ticketId: string): Promise<readonly TicketAttachment[]>;
}

export interface PresignedRequest {
  readonly url: string;
  readonly method: 'PUT' | 'GET';
  /** Headers the client must send exactly as given (they are part of the signature). */
  readonly headers: Readonly<Record<string, string>>;
  readonly expiresAt: string;
}

export interface AttachmentStorage {
  presignUpload(attachment: TicketAttachment, now: Date): Promise<PresignedRequest>;
  presignDownload(attachment: TicketAttachment, now: Date): Promise<PresignedRequest>;
}
