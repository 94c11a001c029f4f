/**
 * Completing an attachment upload: the client PUTs the bytes straight to object storage with
 * the presigned request, then says so. The service asks storage for the object (its real size
 * and creation instant), marks the attachment stored and emits `AttachmentStored` through the
 * outbox in one transaction; completing again changes nothing. The same code path runs in AWS
 * and on the local stack (whose S3 emits no notifications), so storage metering is identical.
 */
import { Conflict, NotFound } from '../errors.ts';
import type { IdGenerator, OutgoingEvent } from '../shared/ports.ts';
import type { TenantPrincipal } from '../tenancy/principal.ts';
import type { ConversationRepository } from './conversation-ports.ts';
import type { Ticket } from './ticket.ts';
import { type TicketAttachment, visibleTo } from './ticket-conversation.ts';
import type { TicketRepository } from './ticket-repository.ts';
import { maySeeTicket, seesWholeTenantQueue } from './ticket-visibility.ts';

export interface StoredObject {
  readonly bytes: number;
  /** When storage created the object. */
  readonly storedAt: string;
}

/** Object storage as the upload completion needs it: is the object there, how big, since when. */
export interface StoredObjectProbe {
  probe(attachment: TicketAttachment): Promise<StoredObject | undefined>;
}

export interface AttachmentStoredMarker {
  /**
   * Marks the attachment stored and writes its events atomically; false (and nothing written)
   * when it was already marked.
   */
  markStored(
    attachment: TicketAttachment,
    stored: StoredObject,
    events: readonly OutgoingEvent[],
  ): Promise<boolean>;
}

export const attachmentStoredEvent = (
  ticket: Ticket,
  attachment: TicketAttachment,
  stored: StoredObject,
  eventId: string,
  correlationId: string,
): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'AttachmentStored',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: stored.storedAt,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: { ticketId: ticket.ticketId, number: ticket.number, requesterId: ticket.requesterId },
    attachmentId: attachment.attachmentId,
    bytes: stored.bytes,
    storedAt: stored.storedAt,
  },
});

export interface AttachmentUploadDeps {
  readonly tickets: TicketRepository;
  readonly conversation: ConversationRepository;
  readonly probe: StoredObjectProbe;
  readonly marker: AttachmentStoredMarker;
  readonly ids: IdGenerator;
}

export class AttachmentUploadService {
  readonly #deps: AttachmentUploadDeps;

  constructor(deps: AttachmentUploadDeps) {
    this.#deps = deps;
  }

  async complete(command: {
    readonly principal: TenantPrincipal;
    readonly ticketId: string;
    readonly attachmentId: string;
    readonly correlationId: string;
  }): Promise<{ readonly attachment: TicketAttachment; readonly stored: StoredObject }> {
    const { principal } = command;
    const ticket = await this.#deps.tickets.getTicket(principal.tenantId, command.ticketId);
    if (ticket === undefined || !maySeeTicket(principal, ticket)) {
      throw new NotFound(`Ticket ${command.ticketId} not found`);
    }
    const attachment = await this.#deps.conversation.getAttachment(
      principal.tenantId,
      command.ticketId,
      command.attachmentId,
    );
    if (attachment === undefined || visibleTo([attachment], !seesWholeTenantQueue(principal)).length === 0) {
      throw new NotFound(`Attachment ${command.attachmentId} not found`);
    }
    const stored = await this.#deps.probe.probe(attachment);
    if (stored === undefined) {
      throw new Conflict(`Attachment ${command.attachmentId} has not been uploaded yet`, [
        { location: 'path.attachmentId', message: 'upload the bytes with the presigned request first' },
      ]);
    }
    const event = attachmentStoredEvent(
      ticket,
      attachment,
      stored,
      this.#deps.ids.next(),
      command.correlationId,
    );
    await this.#deps.marker.markStored(attachment, stored, [event]);
    return { attachment, stored };
  }
}
