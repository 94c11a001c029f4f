/** The per-provider SLA report, pure: groups per tenant and team, totals, paused time by reason. */
import { describe, expect, it } from 'vitest';
import { providerSlaReport } from '../../../../shared/domain/sla/provider-sla-report.ts';
import type { ClockSummary, TicketSlaSummary } from '../../../../shared/domain/sla/sla-compliance.ts';

const met = (elapsedSeconds: number): ClockSummary => ({
  status: 'stopped',
  elapsedSeconds,
  targetSeconds: 3600,
  met: true,
  breached: false,
  dueAt: null,
});
const breached: ClockSummary = { ...met(7200), met: false, breached: true };

const summary = (
  ticketId: string,
  tenantId: string,
  teamId: string,
  resolution: ClockSummary,
  paused: Record<string, number> = {},
): TicketSlaSummary => ({
  ticketId,
  priority: 'high',
  createdAt: '2030-01-02T00:00:00.000Z',
  firstResponse: met(60),
  resolution,
  tenantId,
  providerId: 'sdp',
  teamId,
  pausedSecondsByReason: paused,
});

describe('providerSlaReport', () => {
  const period = { from: '2030-01-01T00:00:00.000Z', to: '2030-02-01T00:00:00.000Z' };
  const now = new Date('2030-01-10T00:00:00.000Z');
  const report = providerSlaReport(
    [
      summary('A', 'acme', 'l1', met(1800), { awaiting_requester: 600 }),
      summary('B', 'acme', 'l2', breached, { awaiting_vendor: 300, awaiting_requester: 60 }),
      summary('C', 'globex', 'l1', met(900)),
      { ...summary('D', 'globex', 'l1', met(10)), createdAt: '2030-03-01T00:00:00.000Z' },
    ],
    period,
    now,
  );

  it('groups per tenant and per team, leaving out tickets outside the period', () => {
    expect(report.tenants.map((group) => group.tenantId)).toEqual(['acme', 'globex']);
    expect(report.teams.map((group) => group.teamId)).toEqual(['l1', 'l2']);
    const acmeAll = report.tenants[0]?.rows.find((row) => row.priority === 'all');
    expect(acmeAll?.resolution).toMatchObject({ measured: 2, met: 1, breached: 1, compliancePercent: 50 });
    const l1All = report.teams[0]?.rows.find((row) => row.priority === 'all');
    expect(l1All).toMatchObject({ tickets: 2 });
    expect(report.overall.rows.find((row) => row.priority === 'all')?.tickets).toBe(3);
  });

  it('adds paused time per reason in each group', () => {
    expect(report.overall.pausedSecondsByReason).toEqual({ awaiting_requester: 660, awaiting_vendor: 300 });
    expect(report.tenants[1]?.pausedSecondsByReason).toEqual({});
    expect(report.teams[1]?.pausedSecondsByReason).toEqual({ awaiting_vendor: 300, awaiting_requester: 60 });
  });
});
