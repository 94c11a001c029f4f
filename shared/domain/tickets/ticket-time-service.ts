/**
 * Use cases of time tracking on tickets: an agent logs minutes of work (the entry and its
 * `TicketTimeLogged` event are committed together through the outbox), and agents read a
 * ticket's entries. Requesters never see nor log time.
 */
import { NotFound } from '../errors.ts';
import type { Clock, IdGenerator, OutgoingEvent } from '../shared/ports.ts';
import type { TenantPrincipal } from '../tenancy/principal.ts';
import type { Ticket } from './ticket.ts';
import type { TicketRepository } from './ticket-repository.ts';
import {
  type LogTimeInput,
  logTimeEntry,
  type TicketTimeEntry,
  type TimeEntryAgent,
} from './ticket-time-entry.ts';
import { maySeeTicket } from './ticket-visibility.ts';

export interface TimeEntryRepository {
  /** Writes the entry and its events (outbox) atomically. */
  saveTimeEntry(entry: TicketTimeEntry, events: readonly OutgoingEvent[]): Promise<void>;
  /** In the order the work happened. */
  listTimeEntries(tenantId: string, ticketId: string): Promise<readonly TicketTimeEntry[]>;
}

export interface TicketTimeDeps {
  readonly tickets: TicketRepository;
  readonly timeEntries: TimeEntryRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export const ticketTimeLoggedEvent = (
  ticket: Ticket,
  entry: TicketTimeEntry,
  eventId: string,
  correlationId: string,
): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'TicketTimeLogged',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: entry.loggedAt,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: { ticketId: ticket.ticketId, number: ticket.number, requesterId: ticket.requesterId },
    entryId: entry.entryId,
    agentId: entry.agentId,
    providerId: entry.providerId,
    minutes: entry.minutes,
    workedAt: entry.workedAt,
    loggedAt: entry.loggedAt,
  },
});

export class TicketTimeService {
  readonly #deps: TicketTimeDeps;

  constructor(deps: TicketTimeDeps) {
    this.#deps = deps;
  }

  /** The tenant's own agents log time here (provider agents through `ProviderTicketActions`). */
  async logTime(command: {
    readonly principal: TenantPrincipal;
    readonly ticketId: string;
    readonly input: LogTimeInput;
    readonly correlationId: string;
  }): Promise<TicketTimeEntry> {
    const ticket = await this.#visibleTicket(command.principal, command.ticketId);
    return this.logTimeOnTicket(
      ticket,
      { kind: 'tenant', agentId: command.principal.userId },
      command.input,
      command.correlationId,
    );
  }

  /**
   * Logs time on a ticket the caller has already been allowed to act on (the tenant's visibility
   * rules, or a provider's engagement check): the entry and its event, committed together.
   */
  async logTimeOnTicket(
    ticket: Ticket,
    agent: TimeEntryAgent,
    input: LogTimeInput,
    correlationId: string,
  ): Promise<TicketTimeEntry> {
    const entry = logTimeEntry(ticket, input, {
      agent,
      entryId: this.#deps.ids.next(),
      now: this.#deps.clock.now(),
    });
    const event = ticketTimeLoggedEvent(ticket, entry, this.#deps.ids.next(), correlationId);
    await this.#deps.timeEntries.saveTimeEntry(entry, [event]);
    return entry;
  }

  async timeEntries(principal: TenantPrincipal, ticketId: string): Promise<readonly TicketTimeEntry[]> {
    await this.#visibleTicket(principal, ticketId);
    return this.#deps.timeEntries.listTimeEntries(principal.tenantId, ticketId);
  }

  async #visibleTicket(principal: TenantPrincipal, ticketId: string): Promise<Ticket> {
    const ticket = await this.#deps.tickets.getTicket(principal.tenantId, ticketId);
    if (ticket === undefined || !maySeeTicket(principal, ticket)) {
      throw new NotFound(`Ticket ${ticketId} not found`);
    }
    return ticket;
  }
}
