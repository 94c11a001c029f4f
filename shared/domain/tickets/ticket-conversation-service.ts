/**
 * Use cases of the conversation: comment on a ticket, read its comments, declare an attachment
 * (answering a presigned upload) and fetch one (a presigned download). Requesters act only on
 * their own tickets and only ever see public items.
 */
import { NotFound } from '../errors.ts';
import type { Clock, IdGenerator, OutgoingEvent } from '../shared/ports.ts';
import type { TenantPrincipal } from '../tenancy/principal.ts';
import type { AttachmentStorage, ConversationRepository, PresignedRequest } from './conversation-ports.ts';
import type { Ticket } from './ticket.ts';
import {
  declareAttachment,
  mayBeFirstResponse,
  type TicketAttachment,
  type TicketComment,
  type Visibility,
  visibleTo,
  writeComment,
} from './ticket-conversation.ts';
import type { TicketRepository } from './ticket-repository.ts';
import { actsAsStaffOn, maySeeTicket } from './ticket-visibility.ts';

export interface TicketConversationDeps {
  readonly tickets: TicketRepository;
  readonly conversation: ConversationRepository;
  readonly storage: AttachmentStorage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const commentAddedEvent = (
  ticket: Ticket,
  comment: TicketComment,
  eventId: string,
  correlationId: string,
): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'TicketCommentAdded',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: comment.createdAt,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: { ticketId: ticket.ticketId, number: ticket.number, requesterId: ticket.requesterId },
    commentId: comment.commentId,
    visibility: comment.visibility,
    authorId: comment.authorId,
    at: comment.createdAt,
  },
});

/** Who writes a comment: a tenant user, or (after the engagement check) a provider's agent. */
export interface CommentAuthor {
  readonly userId: string;
  readonly actingAsRequester: boolean;
  readonly kind: 'tenant' | 'provider';
  readonly providerId: string | null;
}

const firstRespondedEvent = (
  ticket: Ticket,
  comment: TicketComment,
  author: CommentAuthor,
  eventId: string,
  correlationId: string,
): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'TicketFirstResponded',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: comment.createdAt,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: { ticketId: ticket.ticketId, number: ticket.number, requesterId: ticket.requesterId },
    commentId: comment.commentId,
    authorId: comment.authorId,
    authorKind: author.kind,
    providerId: author.providerId,
    at: comment.createdAt,
  },
});

export class TicketConversationService {
  readonly #deps: TicketConversationDeps;

  constructor(deps: TicketConversationDeps) {
    this.#deps = deps;
  }

  async comment(command: {
    readonly principal: TenantPrincipal;
    readonly ticketId: string;
    readonly body: string;
    readonly visibility: Visibility;
    readonly correlationId: string;
  }): Promise<TicketComment> {
    const ticket = await this.#visibleTicket(command.principal, command.ticketId);
    const author: CommentAuthor = {
      userId: command.principal.userId,
      actingAsRequester: !actsAsStaffOn(command.principal, ticket),
      kind: 'tenant',
      providerId: null,
    };
    return this.commentOnTicket(ticket, author, command);
  }

  /**
   * Writes a comment on a ticket the caller has already been allowed to act on (tenant
   * visibility, or a provider's engagement check). A public agent comment claims the ticket's
   * first response, which emits `TicketFirstResponded` in the same transaction, once per ticket.
   */
  async commentOnTicket(
    ticket: Ticket,
    author: CommentAuthor,
    command: { readonly body: string; readonly visibility: Visibility; readonly correlationId: string },
  ): Promise<TicketComment> {
    const context = {
      actorId: author.userId,
      actingAsRequester: author.actingAsRequester,
      now: this.#deps.clock.now(),
    };
    const comment = writeComment(
      ticket,
      { body: command.body, visibility: command.visibility },
      { ...context, commentId: this.#deps.ids.next() },
    );
    const event = commentAddedEvent(ticket, comment, this.#deps.ids.next(), command.correlationId);
    const firstResponse = mayBeFirstResponse(comment, context)
      ? firstRespondedEvent(ticket, comment, author, this.#deps.ids.next(), command.correlationId)
      : undefined;
    await this.#deps.conversation.saveComment(comment, [event], firstResponse);
    return comment;
  }

  async comments(principal: TenantPrincipal, ticketId: string): Promise<readonly TicketComment[]> {
    const ticket = await this.#visibleTicket(principal, ticketId);
    const all = await this.#deps.conversation.listComments(principal.tenantId, ticketId);
    return visibleTo(all, !actsAsStaffOn(principal, ticket));
  }

  async declareAttachment(command: {
    readonly principal: TenantPrincipal;
    readonly ticketId: string;
    readonly fileName: string;
    readonly contentType: string;
    readonly sizeBytes: number;
    readonly visibility: Visibility;
  }): Promise<{ readonly attachment: TicketAttachment; readonly upload: PresignedRequest }> {
    const ticket = await this.#visibleTicket(command.principal, command.ticketId);
    const attachment = declareAttachment(ticket, command, {
      ...this.#context(command.principal, ticket),
      attachmentId: this.#deps.ids.next(),
    });
    await this.#deps.conversation.saveAttachment(attachment);
    return { attachment, upload: await this.#deps.storage.presignUpload(attachment, this.#deps.clock.now()) };
  }

  async attachments(principal: TenantPrincipal, ticketId: string): Promise<readonly TicketAttachment[]> {
    const ticket = await this.#visibleTicket(principal, ticketId);
    const all = await this.#deps.conversation.listAttachments(principal.tenantId, ticketId);
    return visibleTo(all, !actsAsStaffOn(principal, ticket));
  }

  async downloadAttachment(
    principal: TenantPrincipal,
    ticketId: string,
    attachmentId: string,
  ): Promise<{ readonly attachment: TicketAttachment; readonly download: PresignedRequest }> {
    const ticket = await this.#visibleTicket(principal, ticketId);
    const attachment = await this.#deps.conversation.getAttachment(
      principal.tenantId,
      ticketId,
      attachmentId,
    );
    // An internal attachment does not exist for a requester: 404, not 403, so ids cannot be probed.
    if (attachment === undefined || visibleTo([attachment], !actsAsStaffOn(principal, ticket)).length === 0) {
      throw new NotFound(`Attachment ${attachmentId} not found`);
    }
    return {
      attachment,
      download: await this.#deps.storage.presignDownload(attachment, this.#deps.clock.now()),
    };
  }

  #context(principal: TenantPrincipal, ticket: Ticket) {
    return {
      actorId: principal.userId,
      actingAsRequester: !actsAsStaffOn(principal, ticket),
      now: this.#deps.clock.now(),
    };
  }

  async #visibleTicket(principal: TenantPrincipal, ticketId: string): Promise<Ticket> {
    const ticket = await this.#deps.tickets.getTicket(principal.tenantId, ticketId);
    if (ticket === undefined || !maySeeTicket(principal, ticket)) {
      throw new NotFound(`Ticket ${ticketId} not found`);
    }
    return ticket;
  }
}
