/**
 * Ports shared by every bounded context: time, identifiers, pages and outgoing domain events.
 * The domain receives these as parameters, so tests and replays can move time and fix ids.
 */
export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new, unique, lexicographically sortable id without `#`. */
  next(): string;
}

export interface PageRequest {
  readonly limit: number;
  /** Opaque position returned by the previous page; the HTTP layer signs and verifies it. */
  readonly after: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextPosition: string | undefined;
}

/** A domain event about to leave through the outbox, in the same transaction as its cause. */
export interface OutgoingEvent {
  readonly eventId: string;
  readonly tenantId: string;
  readonly detailType: string;
  readonly detail: Readonly<Record<string, unknown>>;
}
