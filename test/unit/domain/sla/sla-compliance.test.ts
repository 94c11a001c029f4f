/** Compliance report: measured, met, breached, percentages, mean and p90 per priority. */
import { describe, expect, it } from 'vitest';
import {
  type ClockSummary,
  complianceReport,
  type TicketSlaSummary,
} from '../../../../shared/domain/sla/sla-compliance.ts';
import type { Priority } from '../../../../shared/domain/tickets/ticket.ts';

const stopped = (elapsedSeconds: number, targetSeconds: number): ClockSummary => ({
  status: 'stopped',
  elapsedSeconds,
  targetSeconds,
  met: elapsedSeconds <= targetSeconds,
  breached: elapsedSeconds > targetSeconds,
  dueAt: null,
});
const runningDue = (dueAt: string): ClockSummary => ({
  status: 'running',
  elapsedSeconds: 10,
  targetSeconds: 100,
  met: null,
  breached: false,
  dueAt,
});
const ticket = (
  ticketId: string,
  priority: Priority,
  createdAt: string,
  firstResponse: ClockSummary,
  resolution: ClockSummary,
): TicketSlaSummary => ({ ticketId, priority, createdAt, firstResponse, resolution });

describe('complianceReport', () => {
  const now = new Date('2025-06-30T12:00:00Z');
  const period = { from: '2025-06-01T00:00:00.000Z', to: '2025-07-01T00:00:00.000Z' };
  const summaries = [
    ...Array.from({ length: 10 }, (_, index) =>
      ticket(
        `H${index}`,
        'high',
        '2025-06-02T09:00:00.000Z',
        stopped((index + 1) * 60, 600),
        stopped((index + 1) * 3600, 8 * 3600),
      ),
    ),
    ticket(
      'L1',
      'low',
      '2025-06-03T09:00:00.000Z',
      runningDue('2025-06-30T11:00:00.000Z'),
      runningDue('2025-07-05T00:00:00.000Z'),
    ),
    ticket('OUT', 'low', '2025-05-31T23:59:59.000Z', stopped(1, 10), stopped(1, 10)),
  ];

  it('computes per-priority rows and a total over tickets created in the period', () => {
    const rows = complianceReport(summaries, period, now);
    expect(rows.map((row) => [row.priority, row.tickets])).toEqual([
      ['high', 10],
      ['low', 1],
      ['all', 11],
    ]);
    const high = rows[0];
    expect(high?.firstResponse).toEqual({
      measured: 10,
      met: 10,
      breached: 0,
      compliancePercent: 100,
      meanBusinessSeconds: 330,
      p90BusinessSeconds: 540,
    });
    // Resolution: 1 h … 10 h against 8 h: 8 met, 2 breached.
    expect(high?.resolution).toMatchObject({ measured: 10, met: 8, breached: 2, compliancePercent: 80 });
    expect(high?.resolution.p90BusinessSeconds).toBe(9 * 3600);
  });

  it('counts a running clock past its due instant as breached, and one not yet due as open', () => {
    const low = complianceReport(summaries, period, now).find((row) => row.priority === 'low');
    expect(low?.firstResponse).toMatchObject({
      measured: 1,
      breached: 1,
      compliancePercent: 0,
      meanBusinessSeconds: null,
    });
    expect(low?.resolution).toMatchObject({ measured: 0, compliancePercent: null });
  });
});
