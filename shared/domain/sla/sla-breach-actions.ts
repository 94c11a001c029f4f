/**
 * What a breach does besides escalating, when the policy says so. `raise_priority`: the ticket's
 * priority goes up one step (low → medium → high → critical; critical stays), recorded in its
 * history by the SLA engine, with `TicketPriorityChanged` (the SLA tracker then re-targets the
 * clocks). Exactly once per breached milestone: the change, its history entry, its event and a
 * marker for (action, milestone) are one transaction conditioned on the marker's absence, so a
 * redelivered `SlaBreached` does nothing twice.
 */
import type { OutgoingEvent } from '../shared/ports.ts';
import type { Priority, Ticket } from '../tickets/ticket.ts';
import type { PriorityChangedEntry } from '../tickets/ticket-history.ts';

/** The actor the history records for changes the SLA engine makes. */
export const SLA_ENGINE_ACTOR = 'sla-engine';

const nextPriority: Readonly<Record<Priority, Priority | undefined>> = {
  low: 'medium',
  medium: 'high',
  high: 'critical',
  critical: undefined,
};

export const raisedPriority = (priority: Priority): Priority | undefined => nextPriority[priority];

export interface BreachedMilestone {
  readonly ticketId: string;
  readonly milestoneKey: string;
  readonly clock: string;
}

export interface PriorityRaise {
  readonly ticket: Ticket;
  readonly expectedVersion: number;
  readonly entry: PriorityChangedEntry;
  readonly event: OutgoingEvent;
}

/** The raise a breach makes on a ticket as it is now; undefined when already critical. */
export const priorityRaiseFor = (
  current: Ticket,
  milestone: BreachedMilestone,
  context: { readonly now: Date; readonly eventId: string; readonly correlationId: string },
): PriorityRaise | undefined => {
  const to = raisedPriority(current.priority);
  if (to === undefined) return undefined;
  const at = context.now.toISOString();
  const ticket: Ticket = { ...current, priority: to, updatedAt: at, version: current.version + 1 };
  const reason = `SLA breach of ${milestone.clock} (${milestone.milestoneKey})`;
  return {
    ticket,
    expectedVersion: current.version,
    entry: {
      sequence: ticket.version,
      at,
      actorId: SLA_ENGINE_ACTOR,
      change: 'priority_changed',
      fromPriority: current.priority,
      toPriority: to,
      reason,
    },
    event: {
      eventId: context.eventId,
      tenantId: ticket.tenantId,
      detailType: 'TicketPriorityChanged',
      detail: {
        eventId: context.eventId,
        tenantId: ticket.tenantId,
        occurredAt: at,
        version: 1,
        correlationId: context.correlationId,
        aggregateId: ticket.ticketId,
        aggregateVersion: ticket.version,
        ticket: { ticketId: ticket.ticketId, number: ticket.number, requesterId: ticket.requesterId },
        from: current.priority,
        to,
        priority: to,
        reason,
        at,
        actorId: SLA_ENGINE_ACTOR,
      },
    },
  };
};

export interface BreachActionStore {
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  /** The raise and the (action, milestone) marker atomically; `done` if the marker exists already. */
  saveRaise(raise: PriorityRaise, milestoneKey: string): Promise<'saved' | 'stale' | 'done'>;
}

const MAX_ATTEMPTS = 5;

export class SlaBreachActions {
  readonly #store: BreachActionStore;
  readonly #now: () => Date;
  readonly #nextId: () => string;

  constructor(deps: { store: BreachActionStore; now: () => Date; nextId: () => string }) {
    this.#store = deps.store;
    this.#now = deps.now;
    this.#nextId = deps.nextId;
  }

  /** Raises the ticket's priority once for this breached milestone; reports what happened. */
  async raisePriority(
    tenantId: string,
    milestone: BreachedMilestone,
    correlationId: string,
  ): Promise<'raised' | 'already-raised' | 'at-top' | 'no-ticket'> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const current = await this.#store.getTicket(tenantId, milestone.ticketId);
      if (current === undefined) return 'no-ticket';
      const raise = priorityRaiseFor(current, milestone, {
        now: this.#now(),
        eventId: this.#nextId(),
        correlationId,
      });
      if (raise === undefined) return 'at-top';
      const outcome = await this.#store.saveRaise(raise, milestone.milestoneKey);
      if (outcome === 'saved') return 'raised';
      if (outcome === 'done') return 'already-raised';
      // Stale: someone changed the ticket meanwhile; raise the priority it has now.
    }
    throw new Error(`Ticket ${milestone.ticketId} kept changing; the breach will be redelivered`);
  }
}
