/**
 * The ticket lifecycle: which status may follow which, who may move a ticket, when a reason is
 * owed, and the reopen window. Pure: the caller passes the clock's `now` and the tenant's
 * reopen window, so tests and the replay can move time.
 *
 *   new → assigned → in_progress → pending (awaiting_requester | awaiting_vendor | awaiting_change)
 *       → resolved → closed, and resolved → in_progress (reopen) while the window is open.
 */
import { Conflict, Forbidden, ValidationFailed } from '../errors.ts';
import type { Ticket, TicketStatus } from './ticket.ts';

export const pendingStatuses = ['awaiting_requester', 'awaiting_vendor', 'awaiting_change'] as const;
export type PendingStatus = (typeof pendingStatuses)[number];

export const isPending = (status: TicketStatus): status is PendingStatus =>
  (pendingStatuses as readonly TicketStatus[]).includes(status);

/**
 * Every legal move. Anything absent is illegal (409). `closed` is final: a requester whose
 * problem comes back after closure raises a new ticket (linked to the old one).
 */
export const legalTransitions: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  // An agent may take a new ticket straight into work, answer it at once (information,
  // questions), or cancel it (closed, with a reason).
  new: ['assigned', 'in_progress', 'resolved', 'closed'],
  // Back to `new` is an unassignment (the ticket returns to the team's queue).
  assigned: ['new', 'in_progress', ...pendingStatuses, 'resolved'],
  in_progress: ['assigned', ...pendingStatuses, 'resolved'],
  // Pending reasons may change (the vendor answered, now a change is needed) without a detour.
  awaiting_requester: ['in_progress', 'awaiting_vendor', 'awaiting_change', 'resolved'],
  awaiting_vendor: ['in_progress', 'awaiting_requester', 'awaiting_change', 'resolved'],
  awaiting_change: ['in_progress', 'awaiting_requester', 'awaiting_vendor', 'resolved'],
  resolved: ['in_progress', 'closed'],
  closed: [],
};

export const isLegalTransition = (from: TicketStatus, to: TicketStatus): boolean =>
  legalTransitions[from].includes(to);

/** What the requester may do themselves: accept or reject a resolution, or hand back after answering. */
const requesterTransitions: readonly (readonly [TicketStatus, TicketStatus])[] = [
  ['resolved', 'closed'],
  ['resolved', 'in_progress'],
  ['awaiting_requester', 'in_progress'],
];

export const mayRequesterTransition = (from: TicketStatus, to: TicketStatus): boolean =>
  requesterTransitions.some(([legalFrom, legalTo]) => legalFrom === from && legalTo === to);

/** A reopen: a resolved ticket going back into work. */
export const isReopen = (from: TicketStatus, to: TicketStatus): boolean =>
  from === 'resolved' && to === 'in_progress';

/**
 * Moves that must say why: pausing (the SLA clock will stop on it), reopening, and cancelling
 * a ticket nobody worked on.
 */
export const reasonRequired = (from: TicketStatus, to: TicketStatus): boolean =>
  isPending(to) || isReopen(from, to) || (from === 'new' && to === 'closed');

export const DEFAULT_REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export interface TransitionRequest {
  readonly to: TicketStatus;
  readonly reason: string | undefined;
}

export interface TransitionContext {
  readonly actorId: string;
  /** True when the actor acts as the ticket's requester (not as an agent of the tenant). */
  readonly actingAsRequester: boolean;
  readonly now: Date;
  readonly reopenWindowMs?: number;
}

export interface StatusChange {
  readonly from: TicketStatus;
  readonly to: TicketStatus;
  readonly reason: string | null;
  readonly at: string;
  readonly actorId: string;
  readonly reopen: boolean;
}

export interface TransitionOutcome {
  readonly ticket: Ticket;
  readonly change: StatusChange;
}

/** Thrown for a move the lifecycle does not allow; a 409 problem. */
export class IllegalTransition extends Conflict {
  readonly from: TicketStatus;
  readonly to: TicketStatus;

  constructor(from: TicketStatus, to: TicketStatus, why?: string) {
    super(`A ticket cannot go from ${from} to ${to}${why === undefined ? '' : `: ${why}`}`, [
      { location: 'body.to', message: `not allowed from ${from}` },
    ]);
    this.from = from;
    this.to = to;
  }
}

/**
 * Applies one status change, or throws: IllegalTransition (409) for a move the table refuses or
 * a reopen after the window, Forbidden for a requester doing an agent's move, ValidationFailed
 * for a missing reason. The returned ticket's version is one more than the input's.
 */
export const transitionTicket = (
  ticket: Ticket,
  request: TransitionRequest,
  context: TransitionContext,
): TransitionOutcome => {
  const from = ticket.status;
  const { to } = request;
  if (!isLegalTransition(from, to)) throw new IllegalTransition(from, to);
  if (context.actingAsRequester && !mayRequesterTransition(from, to)) {
    throw new Forbidden(`A requester cannot move a ticket from ${from} to ${to}`);
  }
  const reason = request.reason?.trim() ?? '';
  if (reasonRequired(from, to) && reason === '') {
    throw new ValidationFailed(`Moving a ticket from ${from} to ${to} needs a reason`, [
      { location: 'body.reason', message: 'required for this transition' },
    ]);
  }
  const reopen = isReopen(from, to);
  if (reopen) {
    const window = context.reopenWindowMs ?? DEFAULT_REOPEN_WINDOW_MS;
    const resolvedAt = ticket.resolvedAt === null ? Number.NaN : Date.parse(ticket.resolvedAt);
    if (!(context.now.getTime() - resolvedAt <= window)) {
      throw new IllegalTransition(from, to, 'the reopen window has passed; raise a new ticket');
    }
  }
  const at = context.now.toISOString();
  return {
    ticket: {
      ...ticket,
      status: to,
      resolvedAt: to === 'resolved' ? at : reopen ? null : ticket.resolvedAt,
      closedAt: to === 'closed' ? at : ticket.closedAt,
      reopenCount: ticket.reopenCount + (reopen ? 1 : 0),
      updatedAt: at,
      version: ticket.version + 1,
    },
    change: { from, to, reason: reason === '' ? null : reason, at, actorId: context.actorId, reopen },
  };
};
