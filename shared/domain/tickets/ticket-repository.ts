/** The storage port of the tickets context; `shared/adapters/dynamodb` implements it. */
import type { RoutingRecord } from '../routing/ticket-router.ts';
import type { OutgoingEvent, Page, PageRequest } from '../shared/ports.ts';
import type { Ticket } from './ticket.ts';
import type { TicketHistoryEntry } from './ticket-history.ts';

export interface IdempotencyClaim {
  readonly principalId: string;
  readonly key: string;
  /** Digest of the request that first used the key; a different request with it is refused. */
  readonly fingerprint: string;
}

export interface IdempotencyRecord {
  readonly fingerprint: string;
  readonly ticketId: string;
}

export interface TicketPairChange {
  readonly ticket: Ticket;
  readonly expectedVersion: number;
  readonly entry: TicketHistoryEntry;
}

export type CreateTicketOutcome =
  | { readonly kind: 'created' }
  | { readonly kind: 'idempotency-key-taken'; readonly record: IdempotencyRecord };

export interface TicketRepository {
  nextTicketNumber(tenantId: string): Promise<number>;
  findIdempotencyRecord(
    tenantId: string,
    principalId: string,
    key: string,
  ): Promise<IdempotencyRecord | undefined>;
  /** Writes the ticket, its first history entry, its events (outbox) and the idempotency claim atomically. */
  createTicket(
    ticket: Ticket,
    events: readonly OutgoingEvent[],
    claim: IdempotencyClaim | undefined,
  ): Promise<CreateTicketOutcome>;
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  listRequesterTickets(tenantId: string, requesterId: string, page: PageRequest): Promise<Page<Ticket>>;
  listTenantTickets(tenantId: string, page: PageRequest): Promise<Page<Ticket>>;
  /**
   * Lifecycle (#4): writes the changed ticket, its history entry and its events atomically, on
   * condition that the stored version is still `expectedVersion`; `stale` when it is not.
   */
  saveTicketChange(
    ticket: Ticket,
    expectedVersion: number,
    entry: TicketHistoryEntry,
    events: readonly OutgoingEvent[],
    /** Routing (#4): the explained decision, kept with the ticket in the same transaction. */
    routing?: RoutingRecord,
  ): Promise<'saved' | 'stale'>;
  /** Routing (#4): the latest routing decision of a ticket. */
  getRoutingRecord(tenantId: string, ticketId: string): Promise<RoutingRecord | undefined>;
  /** Links (#4): both tickets, each conditioned on its version, with their history entries, atomically. */
  saveTicketPair(
    changes: readonly [TicketPairChange, TicketPairChange],
    events: readonly OutgoingEvent[],
  ): Promise<'saved' | 'stale'>;
  /** Lifecycle (#4): the whole history, oldest first. */
  listTicketHistory(tenantId: string, ticketId: string): Promise<readonly TicketHistoryEntry[]>;
}
