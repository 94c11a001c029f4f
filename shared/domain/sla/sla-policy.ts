/**
 * SLA policies: what a client is promised per priority (first response, resolution), per hop
 * (OLA), which statuses stop the clock and why, when to warn and what a breach does. Policies
 * are versioned: a ticket keeps the version it started with, so editing a policy changes new
 * tickets only (an explicit SLA repair may adopt the latest version).
 */
import { ValidationFailed } from '../errors.ts';
import { type Priority, priorities } from '../tickets/ticket.ts';

export const pauseReasons = [
  'awaiting_requester',
  'awaiting_vendor',
  'awaiting_change',
  'awaiting_approval',
] as const;
export type PauseReason = (typeof pauseReasons)[number];

export const breachActions = ['escalate', 'notify', 'raise_priority'] as const;
export type BreachAction = (typeof breachActions)[number];

export interface PriorityTargets {
  readonly firstResponseSeconds: number;
  readonly resolutionSeconds: number;
  /** Operational-level target of each hop (a team's or provider's turn holding the ticket). */
  readonly olaSeconds?: number | undefined;
}

export interface SlaPolicy {
  readonly policyId: string;
  /** Increments on every change; tickets remember the version their clocks started with. */
  readonly version: number;
  readonly name: string;
  /** The engagement's calendar: the end-to-end SLA is measured in it. */
  readonly calendarId: string;
  /** When the SLA clocks start: at creation, or when the ticket is first routed to a team. */
  readonly startsAt: 'creation' | 'routing';
  readonly targets: Readonly<Record<Priority, PriorityTargets>>;
  /** Statuses that pause every clock; each is also the typed reason reported for the pause. */
  readonly pausingStatuses: readonly PauseReason[];
  /** Fractions of the target at which a warning fires, ascending, each in (0, 1). */
  readonly warningThresholds: readonly number[];
  readonly breachActions: readonly BreachAction[];
}

export const defaultPausingStatuses: readonly PauseReason[] = ['awaiting_requester', 'awaiting_vendor'];
export const defaultWarningThresholds: readonly number[] = [0.75, 0.9];
export const defaultBreachActions: readonly BreachAction[] = ['escalate', 'notify'];

/** Statuses at which the resolution clock stops (a reopen resumes it). */
export const stoppingStatuses: readonly string[] = ['resolved', 'closed'];

export const validateSlaPolicy = (policy: SlaPolicy): SlaPolicy => {
  for (const priority of priorities) {
    const target = policy.targets[priority];
    const values = [target.firstResponseSeconds, target.resolutionSeconds, target.olaSeconds ?? 1];
    if (values.some((seconds) => !Number.isInteger(seconds) || seconds <= 0)) {
      throw new ValidationFailed(`Targets of priority ${priority} must be positive whole seconds`);
    }
  }
  let previous = 0;
  for (const threshold of policy.warningThresholds) {
    if (!(threshold > previous && threshold < 1)) {
      throw new ValidationFailed('Warning thresholds must be ascending fractions strictly between 0 and 1');
    }
    previous = threshold;
  }
  return policy;
};
