/**
 * SLA compliance: per priority and period, how many tickets were measured, met, breached, the
 * compliance percentage and the mean and p90 business time to first response and resolution.
 * Pure: it reads per-ticket summaries (kept beside each ticket's SLA state) and `now`.
 *
 * A clock counts as measured once it is decided: stopped (met or breached by its elapsed time)
 * or still running/paused but already past its target (breached). Durations are those of
 * stopped clocks only, in the business time of the clock's calendar.
 */
import { type Priority, priorities } from '../tickets/ticket.ts';
import type { SlaClock, TicketSla } from './sla-clocks.ts';

export interface ClockSummary {
  readonly status: SlaClock['status'];
  readonly elapsedSeconds: number;
  readonly targetSeconds: number;
  readonly met: boolean | null;
  readonly breached: boolean;
  readonly dueAt: string | null;
}

export interface TicketSlaSummary {
  readonly ticketId: string;
  readonly priority: Priority;
  readonly createdAt: string;
  readonly firstResponse: ClockSummary;
  readonly resolution: ClockSummary;
  /** Per-provider reports: whose ticket, and the provider and team holding it (last routing). */
  readonly tenantId?: string | undefined;
  readonly providerId?: string | null | undefined;
  readonly teamId?: string | null | undefined;
  /** The resolution clock's paused business seconds per reason. */
  readonly pausedSecondsByReason?: Readonly<Record<string, number>> | undefined;
}

export const summariseTicketSla = (
  ticketId: string,
  createdAt: string,
  sla: TicketSla,
  holder?: {
    readonly tenantId: string;
    readonly providerId: string | null;
    readonly teamId: string | null;
  },
): TicketSlaSummary => {
  const summary = (clock: SlaClock): ClockSummary => ({
    status: clock.status,
    elapsedSeconds: clock.elapsedSeconds,
    targetSeconds: clock.targetSeconds,
    met: clock.met,
    breached: clock.breached,
    dueAt: clock.dueAt,
  });
  return {
    ticketId,
    priority: sla.priority,
    createdAt,
    firstResponse: summary(sla.firstResponse),
    resolution: summary(sla.resolution),
    ...(holder === undefined
      ? {}
      : { ...holder, pausedSecondsByReason: { ...sla.resolution.pausedSecondsByReason } }),
  };
};

export interface ClockCompliance {
  readonly measured: number;
  readonly met: number;
  readonly breached: number;
  /** met / measured × 100, or null when nothing was measured. */
  readonly compliancePercent: number | null;
  readonly meanBusinessSeconds: number | null;
  readonly p90BusinessSeconds: number | null;
}

export interface ComplianceRow {
  readonly priority: Priority | 'all';
  readonly tickets: number;
  readonly firstResponse: ClockCompliance;
  readonly resolution: ClockCompliance;
}

/** Nearest-rank percentile of ascending values. */
const percentile = (ascending: readonly number[], p: number): number | null => {
  if (ascending.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * ascending.length));
  return ascending[rank - 1] ?? null;
};

const outcomeOf = (clock: ClockSummary, now: number): 'met' | 'breached' | 'open' => {
  if (clock.status === 'stopped') return clock.met === true ? 'met' : 'breached';
  if (
    clock.breached ||
    (clock.status === 'running' && clock.dueAt !== null && Date.parse(clock.dueAt) <= now)
  ) {
    return 'breached';
  }
  return 'open';
};

const clockCompliance = (clocks: readonly ClockSummary[], now: number): ClockCompliance => {
  const outcomes = clocks.map((clock) => outcomeOf(clock, now));
  const met = outcomes.filter((outcome) => outcome === 'met').length;
  const breached = outcomes.filter((outcome) => outcome === 'breached').length;
  const measured = met + breached;
  const durations = clocks
    .filter((clock) => clock.status === 'stopped')
    .map((clock) => clock.elapsedSeconds)
    .sort((a, b) => a - b);
  return {
    measured,
    met,
    breached,
    compliancePercent: measured === 0 ? null : Math.round((met / measured) * 10_000) / 100,
    meanBusinessSeconds:
      durations.length === 0 ? null : durations.reduce((sum, value) => sum + value, 0) / durations.length,
    p90BusinessSeconds: percentile(durations, 90),
  };
};

/** One row per priority (in priority order, only those with tickets) and a total row. */
export const complianceReport = (
  summaries: readonly TicketSlaSummary[],
  period: { readonly from: string; readonly to: string },
  now: Date,
): ComplianceRow[] => {
  const inPeriod = summaries.filter(
    (summary) => summary.createdAt >= period.from && summary.createdAt < period.to,
  );
  const rowOf = (priority: Priority | 'all', rows: readonly TicketSlaSummary[]): ComplianceRow => ({
    priority,
    tickets: rows.length,
    firstResponse: clockCompliance(
      rows.map((row) => row.firstResponse),
      now.getTime(),
    ),
    resolution: clockCompliance(
      rows.map((row) => row.resolution),
      now.getTime(),
    ),
  });
  const perPriority = priorities
    .map((priority) =>
      rowOf(
        priority,
        inPeriod.filter((summary) => summary.priority === priority),
      ),
    )
    .filter((row) => row.tickets > 0);
  return [...perPriority, rowOf('all', inPeriod)];
};
