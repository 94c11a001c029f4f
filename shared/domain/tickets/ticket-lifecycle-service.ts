/**
 * Use cases of the ticket lifecycle: move a ticket to another status (optimistically, on the
 * version the caller read) and read its history. The change, its history entry and its
 * `TicketStatusChanged` event are committed together through the repository.
 */
import { Conflict, Forbidden, NotFound, PreconditionFailed } from '../errors.ts';
import type { Clock, IdGenerator, OutgoingEvent } from '../shared/ports.ts';
import type { TenantPrincipal } from '../tenancy/principal.ts';
import type { LinkKind, Ticket } from './ticket.ts';
import type { TicketHistoryEntry } from './ticket-history.ts';
import { type StatusChange, type TransitionRequest, transitionTicket } from './ticket-lifecycle.ts';
import type { TicketRepository } from './ticket-repository.ts';
import { actsAsStaffOn, isTicketStaff, maySeeTicket } from './ticket-visibility.ts';

/** Reads and writes of a link before a concurrent change is handed back to the caller. */
const LINK_ATTEMPTS = 3;
export interface TicketLifecycleDeps {
  readonly tickets: TicketRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The tenant's reopen window; the lifecycle's default (7 days) when the tenant set none. */
  readonly reopenWindowFor?: (tenantId: string) => Promise<number | undefined>;
}

export interface TransitionCommand {
  readonly principal: TenantPrincipal;
  readonly ticketId: string;
  readonly request: TransitionRequest;
  /** The version the caller read (If-Match); the change applies only if it is still current. */
  readonly expectedVersion: number;
  readonly correlationId: string;
}

/** Who moves a ticket: a tenant user, or an engaged provider's agent (`providerId`). */
export interface LifecycleActor {
  readonly userId: string;
  readonly actingAsRequester: boolean;
  readonly providerId: string | null;
}

export const ticketStatusChangedEvent = (
  ticket: Ticket,
  change: StatusChange,
  eventId: string,
  correlationId: string,
  actorProviderId: string | null = null,
): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'TicketStatusChanged',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: change.at,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: {
      ticketId: ticket.ticketId,
      number: ticket.number,
      priority: ticket.priority,
      requesterId: ticket.requesterId,
      // Billing meters (#6): a resolved catalogue order is a billable fulfilment.
      ...(ticket.catalogueItemId === undefined ? {} : { catalogueItemId: ticket.catalogueItemId }),
      // Routing (#4): the holder, so the assignee's load is released on resolve and restored on reopen.
      providerId: ticket.providerId,
      teamId: ticket.teamId,
      assigneeId: ticket.assigneeId,
    },
    from: change.from,
    to: change.to,
    reason: change.reason,
    at: change.at,
    actorId: change.actorId,
    actorProviderId,
    reopen: change.reopen,
  },
});

export class TicketLifecycleService {
  readonly #deps: TicketLifecycleDeps;

  constructor(deps: TicketLifecycleDeps) {
    this.#deps = deps;
  }

  async transition(command: TransitionCommand): Promise<Ticket> {
    const { principal } = command;
    const current = await this.#visibleTicket(principal, command.ticketId);
    return this.transitionOnTicket(current, {
      actor: {
        userId: principal.userId,
        actingAsRequester: !actsAsStaffOn(principal, current),
        providerId: null,
      },
      request: command.request,
      expectedVersion: command.expectedVersion,
      correlationId: command.correlationId,
    });
  }

  /**
   * Moves a ticket the caller has already been allowed to act on (tenant visibility, or a
   * provider's engagement check), on condition that it is still at `expectedVersion`.
   */
  async transitionOnTicket(
    current: Ticket,
    command: {
      readonly actor: LifecycleActor;
      readonly request: TransitionRequest;
      readonly expectedVersion: number;
      readonly correlationId: string;
    },
  ): Promise<Ticket> {
    const { actor } = command;
    if (current.version !== command.expectedVersion) {
      throw new PreconditionFailed(
        `Ticket ${current.ticketId} is at version ${current.version}, not ${command.expectedVersion}`,
        [{ location: 'header.If-Match', message: 'stale version: read the ticket again' }],
      );
    }
    const reopenWindowMs = await this.#deps.reopenWindowFor?.(current.tenantId);
    const { ticket, change } = transitionTicket(current, command.request, {
      actorId: actor.userId,
      actingAsRequester: actor.actingAsRequester,
      now: this.#deps.clock.now(),
      ...(reopenWindowMs === undefined ? {} : { reopenWindowMs }),
    });
    const entry: TicketHistoryEntry = {
      sequence: ticket.version,
      at: change.at,
      actorId: change.actorId,
      ...(actor.providerId === null ? {} : { actorProviderId: actor.providerId }),
      change: 'status_changed',
      from: change.from,
      to: change.to,
      reason: change.reason,
    };
    const event = ticketStatusChangedEvent(
      ticket,
      change,
      this.#deps.ids.next(),
      command.correlationId,
      actor.providerId,
    );
    const outcome = await this.#deps.tickets.saveTicketChange(ticket, current.version, entry, [event]);
    if (outcome === 'stale') {
      throw new PreconditionFailed(`Ticket ${current.ticketId} changed while this request was applied`, [
        { location: 'header.If-Match', message: 'stale version: read the ticket again' },
      ]);
    }
    return ticket;
  }

  /**
   * Links two tickets of the tenant both ways (parent ↔ child, related ↔ related); agents only.
   * The client sends no version: a ticket that changed between the read and the write (the router
   * assigning a ticket just raised, say) is read again and the link retried, up to
   * LINK_ATTEMPTS times, before the caller is told to retry.
   */
  async link(command: {
    readonly principal: TenantPrincipal;
    readonly ticketId: string;
    readonly kind: 'parent' | 'child' | 'related';
    readonly otherTicketId: string;
  }): Promise<Ticket> {
    for (let attempt = 1; ; attempt += 1) {
      const linked = await this.#linkOnce(command);
      if (linked !== 'stale') return linked;
      if (attempt >= LINK_ATTEMPTS)
        throw new PreconditionFailed('One of the tickets changed meanwhile; retry');
    }
  }

  async #linkOnce(command: {
    readonly principal: TenantPrincipal;
    readonly ticketId: string;
    readonly kind: 'parent' | 'child' | 'related';
    readonly otherTicketId: string;
  }): Promise<Ticket | 'stale'> {
    const { principal } = command;
    if (!isTicketStaff(principal)) throw new Forbidden('Only agents link tickets');
    if (command.ticketId === command.otherTicketId) {
      throw new Conflict('A ticket cannot be linked to itself');
    }
    const [ticket, other] = await Promise.all([
      this.#visibleTicket(principal, command.ticketId),
      this.#visibleTicket(principal, command.otherTicketId),
    ]);
    // A delegated admin sees their own tickets as a requester: linking needs staff on both.
    if (!actsAsStaffOn(principal, ticket) || !actsAsStaffOn(principal, other)) {
      throw new Forbidden('Only agents link tickets');
    }
    if (ticket.links.some((link) => link.ticketId === other.ticketId && link.kind === command.kind)) {
      throw new Conflict(
        `Ticket ${ticket.ticketId} is already linked to ${other.ticketId} as ${command.kind}`,
      );
    }
    const inverse: Record<typeof command.kind, LinkKind> = {
      parent: 'child',
      child: 'parent',
      related: 'related',
    };
    const at = this.#deps.clock.now().toISOString();
    const withLink = (target: Ticket, kind: LinkKind, linkedTicketId: string) => {
      const changed: Ticket = {
        ...target,
        links: [...target.links, { kind, ticketId: linkedTicketId }],
        updatedAt: at,
        version: target.version + 1,
      };
      const entry: TicketHistoryEntry = {
        sequence: changed.version,
        at,
        actorId: principal.userId,
        change: 'linked',
        linkKind: kind,
        linkedTicketId,
      };
      return { ticket: changed, expectedVersion: target.version, entry };
    };
    const mine = withLink(ticket, command.kind, other.ticketId);
    const theirs = withLink(other, inverse[command.kind], ticket.ticketId);
    const outcome = await this.#deps.tickets.saveTicketPair([mine, theirs], []);
    return outcome === 'stale' ? 'stale' : mine.ticket;
  }

  async history(principal: TenantPrincipal, ticketId: string): Promise<readonly TicketHistoryEntry[]> {
    await this.#visibleTicket(principal, ticketId);
    return this.#deps.tickets.listTicketHistory(principal.tenantId, ticketId);
  }

  async #visibleTicket(principal: TenantPrincipal, ticketId: string): Promise<Ticket> {
    const ticket = await this.#deps.tickets.getTicket(principal.tenantId, ticketId);
    if (ticket === undefined || !maySeeTicket(principal, ticket)) {
      throw new NotFound(`Ticket ${ticketId} not found`);
    }
    return ticket;
  }
}
