/**
 * A ticket's history: one entry per committed change, numbered by the ticket version the change
 * produced (the creation is entry 1), so entries are ordered, unique and written in the same
 * transaction as the change they describe.
 */
import type { LinkKind, Priority, TicketStatus } from './ticket.ts';

interface HistoryEntryBase {
  /** The ticket version this change produced. */
  readonly sequence: number;
  readonly at: string;
  readonly actorId: string;
  /** The engaged provider the actor works for, when a provider's agent made the change. */
  readonly actorProviderId?: string | undefined;
}

export interface TicketCreatedEntry extends HistoryEntryBase {
  readonly change: 'created';
  readonly status: TicketStatus;
}

export interface StatusChangedEntry extends HistoryEntryBase {
  readonly change: 'status_changed';
  readonly from: TicketStatus;
  readonly to: TicketStatus;
  readonly reason: string | null;
}

export interface LinkedEntry extends HistoryEntryBase {
  readonly change: 'linked';
  readonly linkKind: LinkKind;
  readonly linkedTicketId: string;
}

export interface RoutedEntry extends HistoryEntryBase {
  readonly change: 'routed';
  readonly providerId: string | null;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  readonly ruleId: string | null;
  /** Why a person moved it elsewhere (routing #4: transfer to another team). */
  readonly reason?: string | undefined;
}

/** SLA breach actions (#5): the priority raised one step by a breach whose policy says so. */
export interface PriorityChangedEntry extends HistoryEntryBase {
  readonly change: 'priority_changed';
  readonly fromPriority: Priority;
  readonly toPriority: Priority;
  readonly reason: string;
}

export type TicketHistoryEntry =
  | TicketCreatedEntry
  | StatusChangedEntry
  | LinkedEntry
  | RoutedEntry
  | PriorityChangedEntry;
