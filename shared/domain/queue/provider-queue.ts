/**
 * The provider's queue: every open ticket routed to the provider, across the tenants engaging
 * it, in working order — SLA due first, then priority, then age.
 *
 * The due date is the SLA engine's (the ticket's `sla` standing: its earliest due running
 * clock). Tickets whose every clock is PAUSED (waiting on the requester, a vendor, a change)
 * come after every running one, least business time left first: nothing is due from the desk
 * while they wait, and they take their place by due date again the moment the clock resumes.
 * A ticket the SLA engine does not measure (its tenant has no policy) keeps a placeholder due
 * date: created + a target per priority (below).
 */
import type { Page, PageRequest } from '../shared/ports.ts';
import { type Engagement, isEngagementInForce } from '../tenancy/engagement.ts';
import type { Priority, Ticket, TicketStatus } from '../tickets/ticket.ts';

/** Placeholder resolution targets per priority, replaced by the SLA engine's due dates. */
export const placeholderTargetHours: Readonly<Record<Priority, number>> = {
  critical: 4,
  high: 8,
  medium: 24,
  low: 72,
};

const priorityRank: Readonly<Record<Priority, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

export const placeholderDueAt = (ticket: Pick<Ticket, 'createdAt' | 'priority'>): string =>
  new Date(Date.parse(ticket.createdAt) + placeholderTargetHours[ticket.priority] * 3_600_000).toISOString();

/** The due date the queue shows and sorts by: the SLA engine's, a placeholder if unmeasured, null while paused. */
export const queueDueAt = (ticket: Pick<Ticket, 'createdAt' | 'priority' | 'sla'>): string | null =>
  ticket.sla === undefined ? placeholderDueAt(ticket) : ticket.sla.dueAt;

/** After every ISO instant (`~` sorts after digits): paused tickets follow the running ones. */
const PAUSED_SEGMENT = '~PAUSED';

/** The time part of the sort key: the due instant, or the paused marker and the business seconds left. */
const dueSegment = (ticket: Pick<Ticket, 'createdAt' | 'priority' | 'sla'>): string => {
  const due = queueDueAt(ticket);
  if (due !== null) return due;
  const remaining = Math.max(0, Math.round(ticket.sla?.remainingSeconds ?? 0));
  return `${PAUSED_SEGMENT}${remaining.toString().padStart(12, '0')}`;
};

/** Sorts lexicographically in working order; unique thanks to the ticket id. */
export const providerQueueSortKey = (
  ticket: Pick<Ticket, 'createdAt' | 'priority' | 'ticketId' | 'sla'>,
): string => `${dueSegment(ticket)}#${priorityRank[ticket.priority]}#${ticket.createdAt}#${ticket.ticketId}`;

/**
 * The SLA state shown with a queue entry, as of `now`: a running clock whose due instant has
 * passed is breached even if the engine computed it earlier.
 */
export const queueSlaView = (ticket: Pick<Ticket, 'sla'>, now: Date) => {
  const sla = ticket.sla;
  if (sla === undefined) return null;
  return {
    clock: sla.clock,
    targetSeconds: sla.targetSeconds,
    dueAt: sla.dueAt,
    remainingSeconds: sla.remainingSeconds,
    paused: sla.paused,
    pausedReason: sla.pausedReason,
    breached: sla.breached || (sla.dueAt !== null && Date.parse(sla.dueAt) <= now.getTime()),
    computedAt: sla.computedAt,
  };
};

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

/**
 * What one engagement in force lets the provider see of one tenant's tickets: the services and
 * categories of its scope (empty = all). A ticket is in the queue only if a scope covers it.
 */
export interface QueueScope {
  readonly tenantId: string;
  readonly services: readonly string[];
  readonly categories: readonly string[];
}

/** The scopes of the engagements in force at `at` (same rule as `engagementCovers`). */
export const queueScopesOf = (engagements: readonly Engagement[], at: Date): readonly QueueScope[] =>
  engagements
    .filter((engagement) => isEngagementInForce(engagement, at))
    .map((engagement) => ({
      tenantId: engagement.tenantId,
      services: engagement.scope.services,
      categories: engagement.scope.categories,
    }));

const listCovers = (allowed: readonly string[], value: string | null): boolean =>
  allowed.length === 0 || (value !== null && allowed.includes(value));

export const scopesCover = (
  scopes: readonly QueueScope[],
  ticket: Pick<Ticket, 'tenantId' | 'service' | 'category'>,
): boolean =>
  scopes.some(
    (scope) =>
      scope.tenantId === ticket.tenantId &&
      listCovers(scope.services, ticket.service) &&
      listCovers(scope.categories, ticket.category),
  );

/** The scopes a tenant filter leaves: only that tenant's (none if it does not engage the provider). */
export const narrowScopes = (
  scopes: readonly QueueScope[],
  tenantId: string | undefined,
): readonly QueueScope[] =>
  tenantId === undefined ? scopes : scopes.filter((scope) => scope.tenantId === tenantId);

export interface ProviderQueueReader {
  /**
   * A page of the provider's queue restricted to `scopes` and `filters`: out-of-scope tickets are
   * excluded in the read itself, so pages are full and no out-of-scope id ever leaves the store.
   */
  read(
    providerId: string,
    scopes: readonly QueueScope[],
    filters: ProviderQueueFilters,
    page: PageRequest,
  ): Promise<Page<Ticket>>;
}
