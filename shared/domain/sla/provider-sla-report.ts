/**
 * A provider's SLA compliance across the tenants that engage it: for tickets routed to the
 * provider and created in [from, to), compliance per tenant, per team and per priority (each
 * group: measured, met, breached, compliance %, mean and p90 business time per clock, as the
 * tenant report) and the resolution clocks' paused business time per reason. Pure.
 */
import { type ComplianceRow, complianceReport, type TicketSlaSummary } from './sla-compliance.ts';

export interface ProviderSlaGroup {
  readonly rows: readonly ComplianceRow[];
  readonly pausedSecondsByReason: Readonly<Record<string, number>>;
}

export interface ProviderSlaReport {
  readonly overall: ProviderSlaGroup;
  readonly tenants: readonly (ProviderSlaGroup & { readonly tenantId: string })[];
  readonly teams: readonly (ProviderSlaGroup & { readonly teamId: string })[];
}

const pausedTotals = (summaries: readonly TicketSlaSummary[]): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const summary of summaries) {
    for (const [reason, seconds] of Object.entries(summary.pausedSecondsByReason ?? {})) {
      totals[reason] = (totals[reason] ?? 0) + seconds;
    }
  }
  return totals;
};

const groupOf = (
  summaries: readonly TicketSlaSummary[],
  period: { readonly from: string; readonly to: string },
  now: Date,
): ProviderSlaGroup => ({
  rows: complianceReport(summaries, period, now),
  pausedSecondsByReason: pausedTotals(summaries),
});

const keysOf = (values: readonly (string | null | undefined)[]): string[] =>
  [...new Set(values.filter((value): value is string => typeof value === 'string'))].sort();

export const providerSlaReport = (
  summaries: readonly TicketSlaSummary[],
  period: { readonly from: string; readonly to: string },
  now: Date,
): ProviderSlaReport => {
  const inPeriod = summaries.filter(
    (summary) => summary.createdAt >= period.from && summary.createdAt < period.to,
  );
  return {
    overall: groupOf(inPeriod, period, now),
    tenants: keysOf(inPeriod.map((summary) => summary.tenantId)).map((tenantId) => ({
      tenantId,
      ...groupOf(
        inPeriod.filter((summary) => summary.tenantId === tenantId),
        period,
        now,
      ),
    })),
    teams: keysOf(inPeriod.map((summary) => summary.teamId)).map((teamId) => ({
      teamId,
      ...groupOf(
        inPeriod.filter((summary) => summary.teamId === teamId),
        period,
        now,
      ),
    })),
  };
};
