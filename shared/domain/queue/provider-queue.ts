/**
 * The provider's queue: every open ticket routed to the provider, across the tenants engaging
 * it, in working order — SLA due first, then priority, then age. Until the SLA engine sets a
 * due date, a ticket's due date is a placeholder: created + a target per priority (below).
 */
import type { Page, PageRequest } from '../shared/ports.ts';
import type { Priority, Ticket, TicketStatus } from '../tickets/ticket.ts';

/** Placeholder resolution targets per priority, replaced by the SLA engine's due dates. */
export const placeholderTargetHours: Readonly<Record<Priority, number>> = {
  critical: 4,
  high: 8,
  medium: 24,
  low: 72,
};

const priorityRank: Readonly<Record<Priority, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

export const queueDueAt = (ticket: Pick<Ticket, 'createdAt' | 'priority'>): string =>
  new Date(Date.parse(ticket.createdAt) + placeholderTargetHours[ticket.priority] * 3_600_000).toISOString();

/** Sorts lexicographically in working order; unique thanks to the ticket id. */
export const providerQueueSortKey = (ticket: Pick<Ticket, 'createdAt' | 'priority' | 'ticketId'>): string =>
  `${queueDueAt(ticket)}#${priorityRank[ticket.priority]}#${ticket.createdAt}#${ticket.ticketId}`;

const closedStatuses: readonly TicketStatus[] = ['resolved', 'closed'];

/** Open tickets routed to a provider are in its queue; resolved and closed ones leave it. */
export const isInProviderQueue = (ticket: Ticket): boolean =>
  ticket.providerId !== null && !closedStatuses.includes(ticket.status);

export interface ProviderQueueFilters {
  readonly tenantId?: string | undefined;
  readonly teamId?: string | undefined;
  readonly status?: TicketStatus | undefined;
  readonly priority?: Priority | undefined;
  readonly assigneeId?: string | undefined;
}

export interface ProviderQueueReader {
  read(providerId: string, filters: ProviderQueueFilters, page: PageRequest): Promise<Page<Ticket>>;
}
