/** SLA clocks replayed from ticket history: pauses, stops, reopen, priority and policy replays, OLA hops. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMilliseconds,
  type BusinessCalendar,
  loadPublicHolidays,
  twentyFourSeven,
  validateBusinessCalendar,
} from '../../../../shared/domain/sla/business-calendar.ts';
import {
  computeTicketSla,
  type SlaHistoryEvent,
  scheduledMilestones,
} from '../../../../shared/domain/sla/sla-clocks.ts';
import {
  defaultBreachActions,
  type SlaPolicy,
  validateSlaPolicy,
} from '../../../../shared/domain/sla/sla-policy.ts';

// Calendars here are built directly, not loaded through the SLA service that prepares them.
await loadPublicHolidays();

const HOUR = 3600;
const zone = 'Europe/Paris';
const splitDay = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const paris: BusinessCalendar = validateBusinessCalendar({
  calendarId: 'paris',
  name: 'Paris office',
  timeZone: zone,
  weeklyHours: {
    monday: splitDay,
    tuesday: splitDay,
    wednesday: splitDay,
    thursday: splitDay,
    friday: splitDay,
  },
  publicHolidays: { country: 'FR' },
  closures: [],
  extraOpenDays: [],
});

const policy = (overrides: Partial<SlaPolicy> = {}): SlaPolicy =>
  validateSlaPolicy({
    policyId: 'gold',
    version: 1,
    name: 'Gold',
    calendarId: 'paris',
    startsAt: 'creation',
    targets: {
      critical: { firstResponseSeconds: 0.5 * HOUR, resolutionSeconds: 4 * HOUR, olaSeconds: 2 * HOUR },
      high: { firstResponseSeconds: HOUR, resolutionSeconds: 8 * HOUR, olaSeconds: 4 * HOUR },
      medium: { firstResponseSeconds: 4 * HOUR, resolutionSeconds: 24 * HOUR, olaSeconds: 8 * HOUR },
      low: { firstResponseSeconds: 8 * HOUR, resolutionSeconds: 40 * HOUR, olaSeconds: 16 * HOUR },
    },
    pausingStatuses: ['awaiting_requester', 'awaiting_vendor'],
    warningThresholds: [0.75, 0.9],
    breachActions: defaultBreachActions,
    ...overrides,
  });

const at = (local: string): string => {
  const parsed = DateTime.fromISO(local, { zone });
  if (!parsed.isValid) throw new Error(local);
  return parsed.toUTC().toISO();
};
const inParis = (iso: string | null): string | null =>
  iso === null ? null : DateTime.fromISO(iso, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

// Monday 2 June 2025 (an ordinary Monday in France).
const pausedTicket: SlaHistoryEvent[] = [
  { kind: 'created', at: at('2025-06-02T09:00'), priority: 'high', status: 'new' },
  { kind: 'first_public_response', at: at('2025-06-02T09:30') },
  { kind: 'status_changed', at: at('2025-06-02T10:00'), to: 'awaiting_requester' },
  { kind: 'status_changed', at: at('2025-06-02T14:00'), to: 'in_progress' },
];

describe('clocks derived from history', () => {
  it('pauses in business time, per reason, and pushes the due instant', () => {
    const sla = computeTicketSla({
      history: pausedTicket,
      policy: policy(),
      calendar: paris,
      now: new Date(at('2025-06-02T16:00')),
    });
    expect(sla.firstResponse).toMatchObject({
      status: 'stopped',
      elapsedSeconds: 1800,
      met: true,
      breached: false,
    });
    expect(sla.resolution).toMatchObject({
      status: 'running',
      elapsedSeconds: 3 * HOUR,
      remainingSeconds: 5 * HOUR,
      pausedReason: null,
      pausedSecondsByReason: { awaiting_requester: 3 * HOUR, awaiting_vendor: 0 },
    });
    // 3 h used; 5 h left from 16:00 → 2 h today, 3 h Tuesday from 08:00.
    expect(inParis(sla.resolution.dueAt)).toBe('2025-06-03T11:00');
    expect(sla.resolution.milestones.map((m) => [m.kind, m.threshold, inParis(m.at)])).toEqual([
      ['warning', 0.75, '2025-06-03T09:00'],
      ['warning', 0.9, '2025-06-03T10:12'],
      ['breach', 1, '2025-06-03T11:00'],
    ]);
  });

  it('reports a paused clock with its reason and no due instant', () => {
    const sla = computeTicketSla({
      history: pausedTicket.slice(0, 3),
      policy: policy(),
      calendar: paris,
      now: new Date(at('2025-06-02T11:00')),
    });
    expect(sla.resolution).toMatchObject({
      status: 'paused',
      pausedReason: 'awaiting_requester',
      dueAt: null,
      elapsedSeconds: HOUR,
    });
    expect(scheduledMilestones(sla).filter((entry) => entry.clock.clock === 'resolution')).toEqual([]);
  });

  it('does not pause for statuses the policy does not list (awaiting_change by default)', () => {
    const history: SlaHistoryEvent[] = [
      { kind: 'created', at: at('2025-06-02T09:00'), priority: 'high', status: 'new' },
      { kind: 'status_changed', at: at('2025-06-02T10:00'), to: 'awaiting_change' },
    ];
    const now = new Date(at('2025-06-02T11:00'));
    expect(computeTicketSla({ history, policy: policy(), calendar: paris, now }).resolution.status).toBe(
      'running',
    );
    const pausing = policy({ pausingStatuses: ['awaiting_change'] });
    const sla = computeTicketSla({ history, policy: pausing, calendar: paris, now });
    expect(sla.resolution).toMatchObject({ status: 'paused', pausedReason: 'awaiting_change' });
    expect(sla.resolution.pausedSecondsByReason.awaiting_change).toBe(HOUR);
  });

  it('resolution stops at resolved, breach is judged on elapsed time, and a reopen resumes it', () => {
    const resolved: SlaHistoryEvent[] = [
      { kind: 'created', at: at('2025-06-02T09:00'), priority: 'critical', status: 'new' },
      { kind: 'resolved', at: at('2025-06-02T12:00') },
    ];
    const stopped = computeTicketSla({
      history: resolved,
      policy: policy(),
      calendar: paris,
      now: new Date(at('2025-06-03T09:00')),
    });
    expect(stopped.resolution).toMatchObject({ status: 'stopped', met: true, elapsedSeconds: 3 * HOUR });
    expect(stopped.firstResponse).toMatchObject({ status: 'stopped', met: false, breached: true });

    const reopened = computeTicketSla({
      history: [...resolved, { kind: 'reopened', at: at('2025-06-03T09:00') }],
      policy: policy(),
      calendar: paris,
      now: new Date(at('2025-06-03T09:30')),
    });
    expect(reopened.resolution).toMatchObject({ status: 'running', elapsedSeconds: 3.5 * HOUR });
    expect(inParis(reopened.resolution.dueAt)).toBe('2025-06-03T10:00');
  });

  it('starts at routing when the policy says so', () => {
    const history: SlaHistoryEvent[] = [
      { kind: 'created', at: at('2025-06-02T09:00'), priority: 'high', status: 'new' },
      { kind: 'routed', at: at('2025-06-02T11:00'), teamId: 'service-desk' },
    ];
    const routingPolicy = policy({ startsAt: 'routing' });
    const before = computeTicketSla({
      history,
      policy: routingPolicy,
      calendar: paris,
      now: new Date(at('2025-06-02T10:00')),
    });
    expect(before.resolution.status).toBe('not_started');
    const after = computeTicketSla({
      history,
      policy: routingPolicy,
      calendar: paris,
      now: new Date(at('2025-06-02T11:30')),
    });
    expect(after.resolution).toMatchObject({
      status: 'running',
      elapsedSeconds: 1800,
      startedAt: at('2025-06-02T11:00'),
    });
  });
});

describe('replay', () => {
  const now = new Date(at('2025-06-03T10:00'));
  it('a priority change recomputes the clocks as if the new priority had applied from the start, pauses kept', () => {
    const changed = computeTicketSla({
      history: [
        ...pausedTicket,
        { kind: 'priority_changed', at: at('2025-06-02T15:00'), priority: 'medium' },
      ],
      policy: policy(),
      calendar: paris,
      now,
    });
    const fromStart = computeTicketSla({
      history: pausedTicket.map((event) =>
        event.kind === 'created' ? { ...event, priority: 'medium' } : event,
      ),
      policy: policy(),
      calendar: paris,
      now,
    });
    expect(changed).toEqual(fromStart);
    expect(changed.resolution.pausedSecondsByReason.awaiting_requester).toBe(3 * HOUR);
    expect(changed.resolution.targetSeconds).toBe(24 * HOUR);
  });

  it('a corrected policy target moves the due instant by exactly the correction, in business time', () => {
    const v1 = computeTicketSla({ history: pausedTicket, policy: policy(), calendar: paris, now });
    const v2Policy = policy({
      version: 2,
      targets: { ...policy().targets, high: { firstResponseSeconds: HOUR, resolutionSeconds: 12 * HOUR } },
    });
    const v2 = computeTicketSla({ history: pausedTicket, policy: v2Policy, calendar: paris, now });
    expect(v2.policyVersion).toBe(2);
    expect(v2.resolution.pausedSecondsByReason).toEqual(v1.resolution.pausedSecondsByReason);
    expect(v2.resolution.elapsedSeconds).toBe(v1.resolution.elapsedSeconds);
    const v1Due = new Date(v1.resolution.dueAt ?? '').getTime();
    expect(v2.resolution.dueAt).toBe(
      new Date(addBusinessMilliseconds(v1Due, 4 * HOUR * 1000, paris)).toISOString(),
    );
  });

  it('a corrected calendar (a closure added afterwards) recomputes every clock with pauses intact', () => {
    const corrected: BusinessCalendar = {
      ...paris,
      closures: [{ date: '2025-06-02', name: 'Office closed' }],
    };
    const sla = computeTicketSla({ history: pausedTicket, policy: policy(), calendar: corrected, now });
    expect(sla.resolution.elapsedSeconds).toBe(2 * HOUR); // Tuesday 08:00–10:00 only
    expect(sla.resolution.pausedSecondsByReason.awaiting_requester).toBe(0);
    expect(sla.firstResponse).toMatchObject({ status: 'stopped', elapsedSeconds: 0, met: true });
  });

  it('pausing before a warning postpones it by the paused business time', () => {
    const base: SlaHistoryEvent[] = [
      { kind: 'created', at: at('2025-06-02T09:00'), priority: 'critical', status: 'new' },
    ];
    const unpaused = computeTicketSla({
      history: base,
      policy: policy(),
      calendar: paris,
      now: new Date(at('2025-06-02T09:10')),
    });
    const paused = computeTicketSla({
      history: [
        ...base,
        { kind: 'status_changed', at: at('2025-06-02T09:30'), to: 'awaiting_vendor' },
        { kind: 'status_changed', at: at('2025-06-02T10:30'), to: 'in_progress' },
      ],
      policy: policy(),
      calendar: paris,
      now: new Date(at('2025-06-02T10:40')),
    });
    // 75 % of 4 h: 12:00 unpaused; an hour's pause pushes it past the lunch break.
    expect(inParis(unpaused.resolution.milestones[0]?.at ?? null)).toBe('2025-06-02T12:00');
    expect(inParis(paused.resolution.milestones[0]?.at ?? null)).toBe('2025-06-02T14:00');
  });
});

describe('per-hop OLA clocks', () => {
  it("measures each hop in the team's own calendar while the SLA uses the policy calendar", () => {
    const kolkataTeam = validateBusinessCalendar({
      ...paris,
      calendarId: 'kolkata',
      timeZone: 'Asia/Kolkata',
      publicHolidays: null,
    });
    const history: SlaHistoryEvent[] = [
      { kind: 'created', at: at('2025-06-02T09:00'), priority: 'high', status: 'new' },
      { kind: 'routed', at: at('2025-06-02T09:00'), teamId: 'service-desk' },
      { kind: 'routed', at: at('2025-06-02T10:00'), teamId: 'hr-india' },
      { kind: 'routed', at: at('2025-06-02T16:00'), teamId: 'vendor' },
    ];
    const sla = computeTicketSla({
      history,
      policy: policy(),
      calendar: paris,
      teamCalendars: { 'hr-india': kolkataTeam, vendor: twentyFourSeven('UTC', 'vendor-24x7') },
      now: new Date(at('2025-06-02T20:00')),
    });
    expect(sla.olas.map((ola) => [ola.teamId, ola.calendarId, ola.status, ola.elapsedSeconds])).toEqual([
      ['service-desk', 'paris', 'stopped', HOUR],
      // 10:00–16:00 Paris = 13:30–19:30 IST; Kolkata open 08–12, 13–18 → 13:30–18:00 = 4.5 h
      ['hr-india', 'kolkata', 'stopped', 4.5 * HOUR],
      ['vendor', 'vendor-24x7', 'running', 4 * HOUR],
    ]);
    expect(sla.olas[1]?.breached).toBe(true);
    expect(sla.resolution.elapsedSeconds).toBe(8 * HOUR); // Paris: 09–12 and 13–18
  });
});

describe('properties', () => {
  it('pauses never make a deadline earlier', () => {
    const calendars = [paris, twentyFourSeven('Pacific/Chatham')];
    const start = Date.UTC(2025, 0, 6, 8);
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.array(fc.integer({ min: 1, max: 14 * 24 * 60 }), { minLength: 0, maxLength: 6 }),
        (calendar, offsetsInMinutes) => {
          const sorted = [...new Set(offsetsInMinutes)].sort((a, b) => a - b);
          if (sorted.length % 2 === 1) sorted.pop();
          const history: SlaHistoryEvent[] = [
            { kind: 'created', at: new Date(start).toISOString(), priority: 'low', status: 'new' },
            ...sorted.map(
              (minutes, index): SlaHistoryEvent => ({
                kind: 'status_changed',
                at: new Date(start + minutes * 60_000).toISOString(),
                to: index % 2 === 0 ? 'awaiting_requester' : 'in_progress',
              }),
            ),
          ];
          const now = new Date(start + 15 * 24 * 3600_000);
          const created = history.slice(0, 1);
          const withPauses = computeTicketSla({ history, policy: policy(), calendar, now: new Date(start) });
          const after = computeTicketSla({ history, policy: policy(), calendar, now });
          const without = computeTicketSla({ history: created, policy: policy(), calendar, now });
          expect(withPauses.resolution.status).toBe('running');
          const dueWith = after.resolution.milestones.at(-1)?.at ?? null;
          const dueWithout = without.resolution.milestones.at(-1)?.at ?? null;
          expect(dueWithout).not.toBeNull();
          if (dueWith !== null && dueWithout !== null) expect(dueWith >= dueWithout).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
