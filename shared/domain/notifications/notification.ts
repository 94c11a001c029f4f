/**
 * The requester's notification inbox: what a person is told about their requests. Each entry
 * is derived from one domain event, so its id is the event's and a redelivery changes nothing.
 */
import type { TicketCreatedDetail } from '../../../events/ticket-created.ts';
import type { Page, PageRequest } from '../shared/ports.ts';

export interface Notification {
  readonly tenantId: string;
  readonly userId: string;
  /** The id of the event it was derived from: the idempotency key of the projection. */
  readonly notificationId: string;
  readonly kind: 'ticket_received';
  readonly ticketId: string;
  readonly message: string;
  readonly occurredAt: string;
  readonly readAt: string | null;
}

export const notificationForTicketCreated = (event: TicketCreatedDetail): Notification => ({
  tenantId: event.tenantId,
  userId: event.ticket.requesterId,
  notificationId: event.eventId,
  kind: 'ticket_received',
  ticketId: event.ticket.ticketId,
  message: `We received your request T-${event.ticket.number.toString().padStart(6, '0')}: ${event.ticket.subject}`,
  occurredAt: event.occurredAt,
  readAt: null,
});

export interface NotificationRepository {
  /** Records the notification unless one with the same id exists; reports which happened. */
  record(notification: Notification): Promise<'recorded' | 'already-recorded'>;
  listForUser(tenantId: string, userId: string, page: PageRequest): Promise<Page<Notification>>;
}
