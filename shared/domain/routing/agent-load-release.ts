/**
 * Agents' loads follow their tickets' lifecycle: a ticket counts in its assignee's load (in the
 * team that holds it) while it is open. Resolving or closing it releases that unit; a reopen puts
 * it back. Reassignment and escalation move loads synchronously in the router (`#moveLoad`), so
 * only status moves are handled here. Pure: the caller applies the change once per event.
 */

/** Statuses in which a ticket no longer weighs on its assignee. */
const RELEASED_STATUSES: ReadonlySet<string> = new Set(['resolved', 'closed']);

export interface StatusMoveOfHeldTicket {
  readonly from: string;
  readonly to: string;
  readonly providerId: string | null;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
}

export interface AgentLoadChange {
  readonly providerId: string;
  readonly teamId: string;
  readonly agentId: string;
  readonly delta: 1 | -1;
}

/**
 * The load change a status move implies, or null: -1 when the ticket leaves the open statuses
 * (resolved → closed is not a second release), +1 when it comes back (reopen); nothing for a
 * ticket nobody holds.
 */
export const agentLoadChangeOf = (move: StatusMoveOfHeldTicket): AgentLoadChange | null => {
  const { providerId, teamId, assigneeId } = move;
  if (providerId === null || teamId === null || assigneeId === null) return null;
  const wasReleased = RELEASED_STATUSES.has(move.from);
  const isReleased = RELEASED_STATUSES.has(move.to);
  if (wasReleased === isReleased) return null;
  return { providerId, teamId, agentId: assigneeId, delta: isReleased ? -1 : 1 };
};

/** What applying a change once did: applied, nothing to release (load already zero), or a redelivery. */
export type AgentLoadChangeOutcome = 'applied' | 'already_zero' | 'duplicate';

/** Applies a load change at most once per idempotency key (`tenantId#eventId`). */
export interface AgentLoadLedger {
  applyOnce(change: AgentLoadChange, idempotencyKey: string): Promise<AgentLoadChangeOutcome>;
}
