/**
 * The provider-side notification inbox: what a provider's agent is told, across the tenants the
 * provider serves (today: SLA breaches of tickets their team holds). A provider user belongs to
 * no tenant, so this inbox is keyed by the provider and the user, never by a tenant.
 */
import type { Page, PageRequest } from '../shared/ports.ts';

export interface ProviderNotification {
  readonly providerId: string;
  /** The provider user (IdP subject) the notification is for. */
  readonly userId: string;
  readonly notificationId: string;
  readonly kind: 'sla_breached';
  /** The tenant whose ticket it is about. */
  readonly tenantId: string;
  readonly ticketId: string;
  readonly message: string;
  readonly occurredAt: string;
  readonly readAt: string | null;
}

export interface ProviderInbox {
  /** Newest first. */
  listForUser(providerId: string, userId: string, page: PageRequest): Promise<Page<ProviderNotification>>;
}
