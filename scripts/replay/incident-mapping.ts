/**
 * How the ServiceNow log maps onto Guichet: locations are tenants, callers are requesters,
 * assignment groups are provider team labels, states are ticket statuses. And, since the log
 * jumps (New → Resolved) where Guichet's lifecycle moves one legal step at a time, the
 * shortest legal path between two statuses, with who makes each step and why.
 */
import type { Channel, Level, TicketStatus } from '../../shared/domain/tickets/ticket.ts';
import {
  isReopen,
  legalTransitions,
  mayRequesterTransition,
  reasonRequired,
} from '../../shared/domain/tickets/ticket-lifecycle.ts';

const logStates: Readonly<Record<string, TicketStatus>> = {
  New: 'new',
  Active: 'in_progress',
  'Awaiting User Info': 'awaiting_requester',
  'Awaiting Evidence': 'awaiting_requester',
  'Awaiting Vendor': 'awaiting_vendor',
  'Awaiting Problem': 'awaiting_change',
  Resolved: 'resolved',
  Closed: 'closed',
};

/** The Guichet status of a log state; undefined for a state the log should not have. */
export const statusOfLogState = (state: string): TicketStatus | undefined => logStates[state];

/**
 * Whether Guichet's status agrees with the log's. ServiceNow's `New` means "nobody works on it
 * yet": Guichet's `assigned` (routed to someone who has not started) says the same.
 */
export const statusMatchesLog = (logState: string, status: TicketStatus): boolean => {
  const expected = statusOfLogState(logState);
  if (expected === 'new') return status === 'new' || status === 'assigned';
  return expected === status;
};

const levelsByLog: Readonly<Record<string, Level>> = {
  '1 - High': 'high',
  '2 - Medium': 'medium',
  '3 - Low': 'low',
};

export const levelOfLog = (value: string | null): Level =>
  value === null ? 'medium' : (levelsByLog[value] ?? 'medium');

export const channelOfContactType = (contactType: string | null): Channel => {
  switch (contactType) {
    case 'Phone':
      return 'phone';
    case 'Email':
      return 'email';
    case 'Self service':
      return 'portal';
    default:
      return 'api';
  }
};

const slug = (value: string): string =>
  value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** `Location 143` → `loc-143` (tenant ids match /^[a-z0-9-]{1,40}$/). */
export const tenantIdOfLocation = (location: string | null): string => {
  if (location === null) return 'loc-unknown';
  const digits = /(\d+)\s*$/.exec(location)?.[1];
  return (digits === undefined ? `loc-${slug(location)}` : `loc-${digits}`).slice(0, 40);
};

/** `Caller 2403` → `caller-2403`, the requester's subject in the tenant's IdP. */
export const requesterIdOfCaller = (caller: string | null): string =>
  caller === null ? 'caller-unknown' : slug(caller).slice(0, 64) || 'caller-unknown';

/** `Group 56` → `group-56`, the provider team label recorded for the incident. */
export const teamLabelOfGroup = (group: string | null): string | null =>
  group === null ? null : slug(group) || null;

export type Actor = 'agent' | 'requester';

export interface PlannedStep {
  readonly to: TicketStatus;
  readonly actor: Actor;
  readonly reason?: string;
}

/** Breadth-first shortest path along the lifecycle's legal moves (never through `closed`). */
const shortestPath = (from: TicketStatus, to: TicketStatus): readonly TicketStatus[] | undefined => {
  if (from === to) return [];
  const previous = new Map<TicketStatus, TicketStatus>();
  const queue: TicketStatus[] = [from];
  const seen = new Set<TicketStatus>([from]);
  while (queue.length > 0) {
    const current = queue.shift();
    if (current === undefined) break;
    for (const next of legalTransitions[current]) {
      if (seen.has(next)) continue;
      // `new` is only the start: going back to it would be an unassignment the log never asks for.
      if (next === 'new') continue;
      seen.add(next);
      previous.set(next, current);
      if (next === to) {
        const path: TicketStatus[] = [to];
        let step = current;
        while (step !== from) {
          path.unshift(step);
          const before = previous.get(step);
          if (before === undefined) return undefined;
          step = before;
        }
        return path;
      }
      queue.push(next);
    }
  }
  return undefined;
};

const reasonFor = (from: TicketStatus, to: TicketStatus, logState: string): string | undefined => {
  if (!reasonRequired(from, to)) return undefined;
  if (isReopen(from, to)) return 'Replay: reopened in the service desk log';
  return `Replay: ${logState} in the service desk log`;
};

/**
 * The requester accepts a resolution (resolved → closed) and hands back what awaited them;
 * everything else is the agent's move.
 */
const actorFor = (from: TicketStatus, to: TicketStatus): Actor =>
  mayRequesterTransition(from, to) && !isReopen(from, to) ? 'requester' : 'agent';

/**
 * The steps that take a ticket from `current` to the log's state: none when it is there already
 * (or at `assigned` for a log `New`), the shortest legal path otherwise. Closing goes through
 * `resolved` (a closure in the log follows a resolution), never the cancellation `new → closed`.
 * Undefined when no legal path exists (from `closed`).
 */
export const planSteps = (current: TicketStatus, logState: string): readonly PlannedStep[] | undefined => {
  const target = statusOfLogState(logState);
  if (target === undefined) return undefined;
  if (statusMatchesLog(logState, current)) return [];
  let path: readonly TicketStatus[] | undefined;
  if (target === 'closed') {
    const toResolved = current === 'resolved' ? [] : shortestPath(current, 'resolved');
    path = toResolved === undefined ? undefined : [...toResolved, 'closed'];
  } else if (target === 'new') {
    // The log sends a worked incident back to New: in Guichet, back to the team's queue.
    path = shortestPath(current, 'assigned');
  } else {
    path = shortestPath(current, target);
  }
  if (path === undefined) return undefined;
  const steps: PlannedStep[] = [];
  let from = current;
  for (const to of path) {
    const reason = reasonFor(from, to, logState);
    steps.push({ to, actor: actorFor(from, to), ...(reason === undefined ? {} : { reason }) });
    from = to;
  }
  return steps;
};
