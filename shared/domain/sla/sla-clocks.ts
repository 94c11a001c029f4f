/**
 * SLA clocks as a pure function of a ticket's history: replaying the same history against a
 * policy and calendars always yields the same clocks, so a priority change, a corrected policy
 * or calendar, or a repaired status recomputes every clock with its pauses intact.
 *
 * Rules:
 * - the end-to-end clocks (first response, resolution) start at creation or at the first
 *   routing (policy `startsAt`) and are measured in the policy's (engagement's) calendar;
 * - every clock pauses while the status is one of the policy's pausing statuses; the paused
 *   business time is reported per reason;
 * - first response stops at the first public agent response (or at resolution);
 * - resolution stops at `resolved`/`closed`, and a reopen resumes it where it stopped;
 * - a priority change re-targets the clocks as if the new priority had applied from the start
 *   (the target is that of the latest priority);
 * - per hop: each routing to a team starts that team's OLA clock in the team's own calendar
 *   (falling back to the policy calendar); the hop ends at the next routing; it pauses like
 *   the SLA and does not run while the ticket is resolved.
 */

import type { Priority } from '../tickets/ticket.ts';
import {
  addBusinessMilliseconds,
  type BusinessCalendar,
  businessMillisecondsBetween,
} from './business-calendar.ts';
import { type PauseReason, type SlaPolicy, stoppingStatuses } from './sla-policy.ts';

/** The ticket history the SLA engine needs, in its own terms (adapters translate ticket events). */
export type SlaHistoryEvent =
  | { readonly kind: 'created'; readonly at: string; readonly priority: Priority; readonly status: string }
  | { readonly kind: 'status_changed'; readonly at: string; readonly to: string }
  | { readonly kind: 'priority_changed'; readonly at: string; readonly priority: Priority }
  | {
      readonly kind: 'routed';
      readonly at: string;
      readonly teamId: string;
      /** The provider the team belongs to (per-provider reports); absent in histories folded before it. */
      readonly providerId?: string | undefined;
    }
  | { readonly kind: 'first_public_response'; readonly at: string }
  | { readonly kind: 'resolved'; readonly at: string }
  | { readonly kind: 'reopened'; readonly at: string; readonly to?: string | undefined };

export type ClockKind = 'first_response' | 'resolution' | 'ola';
export type ClockStatus = 'not_started' | 'running' | 'paused' | 'stopped';

export interface Milestone {
  readonly kind: 'warning' | 'breach';
  /** Fraction of the target: a warning threshold, or 1 for the breach. */
  readonly threshold: number;
  /** When cumulative running time reaches it: past, future (if running), or null (paused, stopped first). */
  readonly at: string | null;
}

export interface SlaClock {
  readonly clock: ClockKind;
  readonly calendarId: string;
  /** OLA clocks only: whose hop this is, and its position in the chain (0-based). */
  readonly teamId: string | null;
  readonly hop: number | null;
  readonly targetSeconds: number;
  readonly startedAt: string | null;
  readonly status: ClockStatus;
  readonly pausedReason: PauseReason | null;
  readonly elapsedSeconds: number;
  readonly remainingSeconds: number;
  readonly dueAt: string | null;
  readonly stoppedAt: string | null;
  readonly met: boolean | null;
  readonly breached: boolean;
  readonly pausedSecondsByReason: Readonly<Record<PauseReason, number>>;
  readonly milestones: readonly Milestone[];
}

export interface TicketSla {
  readonly policyId: string;
  readonly policyVersion: number;
  readonly priority: Priority;
  readonly computedAt: string;
  readonly firstResponse: SlaClock;
  readonly resolution: SlaClock;
  readonly olas: readonly SlaClock[];
}

export interface SlaInputs {
  readonly history: readonly SlaHistoryEvent[];
  readonly policy: SlaPolicy;
  /** The policy's (engagement's) calendar. */
  readonly calendar: BusinessCalendar;
  /** Each team's own calendar; a team without one is measured in the policy calendar. */
  readonly teamCalendars?: Readonly<Record<string, BusinessCalendar>> | undefined;
  readonly now: Date;
}

type Mode =
  | { readonly mode: 'idle' }
  | { readonly mode: 'running' }
  | { readonly mode: 'paused'; readonly reason: PauseReason };

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly mode: Mode;
}

/** What the ticket looked like at a point of its history. */
interface TicketState {
  readonly status: string;
  readonly priority: Priority;
  readonly started: boolean;
  readonly responded: boolean;
  readonly hop: number;
  readonly teamId: string | null;
  readonly createdAt: number;
}

const idle: Mode = { mode: 'idle' };
const running: Mode = { mode: 'running' };

const applyEvent = (state: TicketState, event: SlaHistoryEvent, policy: SlaPolicy): TicketState => {
  switch (event.kind) {
    case 'created':
      return {
        ...state,
        status: event.status,
        priority: event.priority,
        started: policy.startsAt === 'creation',
      };
    case 'status_changed':
      return { ...state, status: event.to };
    case 'priority_changed':
      return { ...state, priority: event.priority };
    case 'routed':
      return { ...state, started: true, hop: state.hop + 1, teamId: event.teamId };
    case 'first_public_response':
      return { ...state, responded: true };
    case 'resolved':
      return { ...state, status: 'resolved' };
    case 'reopened':
      return { ...state, status: event.to ?? 'in_progress' };
  }
};

const pauseOf = (status: string, policy: SlaPolicy): PauseReason | null =>
  policy.pausingStatuses.find((reason) => reason === status) ?? null;

const toMs = (iso: string): number => new Date(iso).getTime();
const toIso = (ms: number): string => new Date(ms).toISOString();

/** The state after each event, paired with the instant it took effect (stable on equal instants). */
const timeline = (history: readonly SlaHistoryEvent[], policy: SlaPolicy) => {
  const ordered = history
    .map((event, index) => ({ event, index, at: toMs(event.at) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const first = ordered[0];
  if (first?.event.kind !== 'created') throw new Error('An SLA history starts with its creation');
  let state: TicketState = {
    status: 'new',
    priority: first.event.priority,
    started: false,
    responded: false,
    hop: -1,
    teamId: null,
    createdAt: first.at,
  };
  const states: { readonly at: number; readonly state: TicketState }[] = [];
  for (const { event, at } of ordered) {
    state = applyEvent(state, event, policy);
    states.push({ at, state });
  }
  return states;
};

/** Splits [creation, now) into segments, classifying each with `modeOf` the state in force. */
const segmentsOf = (
  states: readonly { readonly at: number; readonly state: TicketState }[],
  now: number,
  modeOf: (state: TicketState) => Mode,
): Segment[] => {
  const segments: Segment[] = [];
  states.forEach(({ at, state }, index) => {
    const next = states[index + 1];
    const to = Math.min(next ? next.at : now, now);
    if (to > at) segments.push({ from: at, to, mode: modeOf(state) });
  });
  return segments;
};

const zeroPauses = (): Record<PauseReason, number> => ({
  awaiting_requester: 0,
  awaiting_vendor: 0,
  awaiting_change: 0,
  awaiting_approval: 0,
});

interface ClockShape {
  readonly clock: ClockKind;
  readonly teamId: string | null;
  readonly hop: number | null;
  readonly segments: readonly Segment[];
  /** Mode at `now`: the last state's classification (segments may be empty at `now === creation`). */
  readonly modeNow: Mode;
  readonly calendar: BusinessCalendar;
  readonly targetSeconds: number;
  readonly thresholds: readonly number[];
  readonly now: number;
}

/** Walks a clock's segments in its calendar: elapsed and paused business time, milestones, due. */
const measureClock = (shape: ClockShape): SlaClock => {
  const { calendar, now, modeNow } = shape;
  const targetMs = shape.targetSeconds * 1000;
  const fractions = [...shape.thresholds, 1];
  const reachedAt: (number | null)[] = fractions.map(() => null);
  const pausedMs = zeroPauses();
  let elapsedMs = 0;
  let startedAt: number | null = null;
  let stoppedAt: number | null = null;
  let wasActive = false;
  for (const segment of shape.segments) {
    if (segment.mode.mode === 'idle') {
      if (wasActive && stoppedAt === null) stoppedAt = segment.from;
      continue;
    }
    startedAt ??= segment.from;
    wasActive = true;
    stoppedAt = null;
    const spanMs = businessMillisecondsBetween(segment.from, segment.to, calendar);
    if (segment.mode.mode === 'paused') {
      pausedMs[segment.mode.reason] += spanMs;
      continue;
    }
    fractions.forEach((fraction, index) => {
      if (reachedAt[index] !== null) return;
      const needed = Math.round(fraction * targetMs) - elapsedMs;
      if (needed <= spanMs)
        reachedAt[index] = addBusinessMilliseconds(segment.from, Math.max(needed, 0), calendar);
    });
    elapsedMs += spanMs;
  }
  if (modeNow.mode === 'running') {
    startedAt ??= now;
    fractions.forEach((fraction, index) => {
      if (reachedAt[index] === null) {
        reachedAt[index] = addBusinessMilliseconds(
          now,
          Math.round(fraction * targetMs) - elapsedMs,
          calendar,
        );
      }
    });
  }
  const status: ClockStatus =
    modeNow.mode === 'running'
      ? 'running'
      : modeNow.mode === 'paused'
        ? 'paused'
        : startedAt === null
          ? 'not_started'
          : 'stopped';
  const breachAt = reachedAt[reachedAt.length - 1] ?? null;
  const breached = breachAt !== null && (status === 'stopped' ? elapsedMs > targetMs : breachAt <= now);
  return {
    clock: shape.clock,
    calendarId: calendar.calendarId,
    teamId: shape.teamId,
    hop: shape.hop,
    targetSeconds: shape.targetSeconds,
    startedAt: startedAt === null ? null : toIso(startedAt),
    status,
    pausedReason: modeNow.mode === 'paused' ? modeNow.reason : null,
    elapsedSeconds: elapsedMs / 1000,
    remainingSeconds: Math.max(0, targetMs - elapsedMs) / 1000,
    dueAt: breachAt === null ? null : toIso(breachAt),
    stoppedAt: status === 'stopped' && stoppedAt !== null ? toIso(stoppedAt) : null,
    met: status === 'stopped' ? elapsedMs <= targetMs : null,
    breached,
    pausedSecondsByReason: {
      awaiting_requester: pausedMs.awaiting_requester / 1000,
      awaiting_vendor: pausedMs.awaiting_vendor / 1000,
      awaiting_change: pausedMs.awaiting_change / 1000,
      awaiting_approval: pausedMs.awaiting_approval / 1000,
    },
    milestones: fractions.map((fraction, index) => {
      const at = reachedAt[index] ?? null;
      return {
        kind: fraction === 1 ? 'breach' : 'warning',
        threshold: fraction,
        at: at === null ? null : toIso(at),
      };
    }),
  };
};

/** Computes every clock of a ticket from its history, as of `now`. */
export const computeTicketSla = ({
  history,
  policy,
  calendar,
  teamCalendars = {},
  now,
}: SlaInputs): TicketSla => {
  const nowMs = now.getTime();
  const states = timeline(history, policy).filter(({ at }) => at <= nowMs);
  const last = states[states.length - 1];
  if (!last) throw new Error('An SLA history starts with its creation, before now');
  const priority = last.state.priority;
  const targets = policy.targets[priority];

  const activeMode = (state: TicketState): Mode => {
    if (stoppingStatuses.includes(state.status)) return idle;
    const reason = pauseOf(state.status, policy);
    return reason === null ? running : { mode: 'paused', reason };
  };
  const firstResponseMode = (state: TicketState): Mode =>
    !state.started || state.responded ? idle : activeMode(state);
  const resolutionMode = (state: TicketState): Mode => (state.started ? activeMode(state) : idle);

  const shape = (clock: ClockKind, modeOf: (state: TicketState) => Mode, targetSeconds: number) =>
    measureClock({
      clock,
      teamId: null,
      hop: null,
      segments: segmentsOf(states, nowMs, modeOf),
      modeNow: modeOf(last.state),
      calendar,
      targetSeconds,
      thresholds: policy.warningThresholds,
      now: nowMs,
    });

  const olas: SlaClock[] = [];
  const olaTarget = targets.olaSeconds;
  if (olaTarget !== undefined) {
    const hops = new Map<number, string>();
    for (const { state } of states) if (state.teamId !== null) hops.set(state.hop, state.teamId);
    for (const [hop, teamId] of hops) {
      const hopMode = (state: TicketState): Mode => (state.hop === hop ? activeMode(state) : idle);
      olas.push(
        measureClock({
          clock: 'ola',
          teamId,
          hop,
          segments: segmentsOf(states, nowMs, hopMode),
          modeNow: hopMode(last.state),
          calendar: teamCalendars[teamId] ?? calendar,
          targetSeconds: olaTarget,
          thresholds: policy.warningThresholds,
          now: nowMs,
        }),
      );
    }
  }

  return {
    policyId: policy.policyId,
    policyVersion: policy.version,
    priority,
    computedAt: toIso(nowMs),
    firstResponse: shape('first_response', firstResponseMode, targets.firstResponseSeconds),
    resolution: shape('resolution', resolutionMode, targets.resolutionSeconds),
    olas,
  };
};

export interface ScheduledMilestone {
  readonly clock: SlaClock;
  readonly milestone: Milestone;
  readonly at: string;
}

/**
 * Milestones of running clocks: what the timer index must hold for this ticket. Past ones stay
 * in (the sweeper fires each once; its fired marker makes a repeat a no-op); a paused or stopped
 * clock schedules nothing, so pausing before a warning postpones it until the clock resumes.
 */
export const scheduledMilestones = (sla: TicketSla): ScheduledMilestone[] =>
  [sla.firstResponse, sla.resolution, ...sla.olas].flatMap((clock) =>
    clock.status !== 'running'
      ? []
      : clock.milestones.flatMap((milestone) =>
          milestone.at === null ? [] : [{ clock, milestone, at: milestone.at }],
        ),
  );
