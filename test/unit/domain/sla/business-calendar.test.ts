/** Business-time arithmetic: table tests across DST, offsets and holidays, and properties with fast-check. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDuration,
  addBusinessMilliseconds,
  type BusinessCalendar,
  businessMillisecondsBetween,
  businessSecondsBetween,
  loadPublicHolidays,
  type OpenInterval,
  twentyFourSeven,
  validateBusinessCalendar,
  type WeeklyHours,
  weekdays,
} from '../../../../shared/domain/sla/business-calendar.ts';

// Calendars here are built directly, not loaded through the SLA service that prepares them.
await loadPublicHolidays();

const HOUR = 3600;
const HOUR_MS = HOUR * 1000;

const calendar = (
  timeZone: string,
  weeklyHours: WeeklyHours,
  extra: Partial<BusinessCalendar> = {},
): BusinessCalendar =>
  validateBusinessCalendar({
    calendarId: `cal-${timeZone}`,
    name: timeZone,
    timeZone,
    weeklyHours,
    publicHolidays: null,
    closures: [],
    extraOpenDays: [],
    ...extra,
  });

const everyDay = (intervals: readonly OpenInterval[]): WeeklyHours =>
  Object.fromEntries(weekdays.map((day) => [day, intervals]));

const workingWeek = (intervals: readonly OpenInterval[]): WeeklyHours => ({
  monday: intervals,
  tuesday: intervals,
  wednesday: intervals,
  thursday: intervals,
  friday: intervals,
});

const splitDay = [
  { start: '08:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];

const local = (iso: string, zone: string): Date => {
  const parsed = DateTime.fromISO(iso, { zone });
  if (!parsed.isValid) throw new Error(`bad test instant ${iso}`);
  return parsed.toJSDate();
};
const inZone = (instant: Date, zone: string): string =>
  DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

describe('business time across DST changes', () => {
  const nightShift = everyDay([{ start: '00:00', end: '06:00' }]);
  it.each([
    ['Europe/Paris', '2025-03-30', 5],
    ['Europe/Paris', '2025-10-26', 7],
    ['Europe/Paris', '2025-06-15', 6],
    ['America/New_York', '2025-03-09', 5],
    ['America/New_York', '2025-11-02', 7],
    ['Australia/Sydney', '2025-04-06', 7],
    ['Australia/Sydney', '2025-10-05', 5],
  ])('%s: a 00:00–06:00 shift on %s lasts %i real hours', (zone, date, hours) => {
    const cal = calendar(zone, nightShift);
    const from = local(`${date}T00:00`, zone);
    const to = local(`${date}T06:00`, zone);
    expect(businessSecondsBetween(from, to, cal)).toBe(hours * HOUR);
    expect(addBusinessDuration(from, hours * HOUR, cal)).toEqual(to);
  });

  it.each([
    ['Europe/Paris', '2025-03-30', 23],
    ['Europe/Paris', '2025-10-26', 25],
    ['America/New_York', '2025-03-09', 23],
    ['America/New_York', '2025-11-02', 25],
    ['Australia/Sydney', '2025-04-06', 25],
    ['Australia/Sydney', '2025-10-05', 23],
    ['Pacific/Chatham', '2025-04-06', 25],
    ['Pacific/Chatham', '2025-09-28', 23],
  ])('%s 24x7: the local day %s holds %i business hours', (zone, date, hours) => {
    const cal = twentyFourSeven(zone);
    const midnight = local(`${date}T00:00`, zone);
    const nextMidnight = DateTime.fromJSDate(midnight, { zone }).plus({ days: 1 }).toJSDate();
    expect(businessSecondsBetween(midnight, nextMidnight, cal)).toBe(hours * HOUR);
  });

  it('a 24-hour target across the Paris spring change lands an hour later on the wall clock', () => {
    const cal = twentyFourSeven('Europe/Paris');
    const due = addBusinessDuration(local('2025-03-29T12:00', 'Europe/Paris'), 24 * HOUR, cal);
    expect(inZone(due, 'Europe/Paris')).toBe('2025-03-30T13:00');
  });

  it('weekday hours spanning the New York fall-back night (Sunday 01:00–04:00 open) count 4 real hours', () => {
    const cal = calendar('America/New_York', { sunday: [{ start: '00:30', end: '03:30' }] });
    // 00:30 EDT = 04:30Z; 03:30 EST = 08:30Z: four real hours for a three-hour wall-clock shift
    expect(
      businessSecondsBetween(new Date('2025-11-02T00:00:00Z'), new Date('2025-11-03T00:00:00Z'), cal),
    ).toBe(4 * HOUR);
  });
});

describe('half-hour and 45-minute offsets', () => {
  it('Asia/Kolkata (+05:30): 08:30 IST with a 1-hour target in 09:00–17:30 is due 10:00 IST', () => {
    const cal = calendar('Asia/Kolkata', workingWeek([{ start: '09:00', end: '17:30' }]));
    const due = addBusinessDuration(new Date('2025-06-02T03:00:00Z'), HOUR, cal);
    expect(due.toISOString()).toBe('2025-06-02T04:30:00.000Z');
  });

  it('Asia/Kolkata: a working day of 8.5 hours ends 12:00Z, and the next starts 03:30Z', () => {
    const cal = calendar('Asia/Kolkata', workingWeek([{ start: '09:00', end: '17:30' }]));
    const due = addBusinessDuration(new Date('2025-06-02T03:30:00Z'), 9 * HOUR, cal);
    expect(due.toISOString()).toBe('2025-06-03T04:00:00.000Z');
  });

  it('Pacific/Chatham (+12:45 in winter): 08:00 local with a 2-hour target is due 11:00 local', () => {
    const cal = calendar('Pacific/Chatham', workingWeek([{ start: '09:00', end: '17:00' }]));
    const due = addBusinessDuration(new Date('2025-06-01T19:15:00Z'), 2 * HOUR, cal);
    expect(due.toISOString()).toBe('2025-06-01T22:15:00.000Z');
    expect(inZone(due, 'Pacific/Chatham')).toBe('2025-06-02T11:00');
  });

  it('Pacific/Chatham (+13:45 in summer) across its spring change', () => {
    const cal = calendar('Pacific/Chatham', everyDay([{ start: '00:00', end: '06:00' }]));
    const from = local('2025-09-28T00:00', 'Pacific/Chatham');
    expect(addBusinessDuration(from, 5 * HOUR, cal).toISOString()).toBe(
      local('2025-09-28T06:00', 'Pacific/Chatham').toISOString(),
    );
  });
});

describe('weekly hours, week-ends, holidays, closures', () => {
  const paris = calendar('Europe/Paris', workingWeek(splitDay));
  const parisWithHolidays = calendar('Europe/Paris', workingWeek(splitDay), {
    publicHolidays: { country: 'FR' },
  });

  it('skips the lunch break', () => {
    const due = addBusinessDuration(local('2025-06-03T11:00', 'Europe/Paris'), 2 * HOUR, paris);
    expect(inZone(due, 'Europe/Paris')).toBe('2025-06-03T14:00');
  });

  it('a Friday-evening ticket with a 4-business-hour target is due Monday late morning', () => {
    const due = addBusinessDuration(local('2025-06-13T17:30', 'Europe/Paris'), 4 * HOUR, paris);
    expect(inZone(due, 'Europe/Paris')).toBe('2025-06-16T11:30');
  });

  it('a ticket raised on Saturday starts counting Monday 08:00', () => {
    const due = addBusinessDuration(local('2025-06-14T10:00', 'Europe/Paris'), 4 * HOUR, paris);
    expect(inZone(due, 'Europe/Paris')).toBe('2025-06-16T12:00');
  });

  it('a holiday on a Monday (Easter Monday in France) moves a Friday deadline to Tuesday', () => {
    const friday = local('2025-04-18T17:00', 'Europe/Paris');
    expect(inZone(addBusinessDuration(friday, 4 * HOUR, paris), 'Europe/Paris')).toBe('2025-04-21T11:00');
    expect(inZone(addBusinessDuration(friday, 4 * HOUR, parisWithHolidays), 'Europe/Paris')).toBe(
      '2025-04-22T11:00',
    );
    expect(businessSecondsBetween(friday, local('2025-04-22T11:00', 'Europe/Paris'), parisWithHolidays)).toBe(
      4 * HOUR,
    );
  });

  it('a holiday on a Sunday closes its substitute day (England, Christmas 2022)', () => {
    const london = calendar('Europe/London', workingWeek([{ start: '09:00', end: '17:00' }]), {
      publicHolidays: { country: 'GB', state: 'ENG' },
    });
    // Christmas on Sunday → Tuesday 27 substitute; Boxing Day Monday 26: next open day is Wednesday 28.
    const due = addBusinessDuration(local('2022-12-23T16:00', 'Europe/London'), 3 * HOUR, london);
    expect(inZone(due, 'Europe/London')).toBe('2022-12-28T11:00');
  });

  it('a holiday on a Saturday changes nothing in a Monday–Friday calendar (France, 1 November 2025)', () => {
    const friday = local('2025-10-31T17:00', 'Europe/Paris');
    expect(addBusinessDuration(friday, 4 * HOUR, parisWithHolidays)).toEqual(
      addBusinessDuration(friday, 4 * HOUR, paris),
    );
  });

  it('custom closures close a day and extra open days open one', () => {
    const cal = calendar('Europe/Paris', workingWeek(splitDay), {
      closures: [{ date: '2025-06-18', name: 'Company day' }],
      extraOpenDays: [{ date: '2025-06-21', intervals: [{ start: '09:00', end: '11:00' }] }],
    });
    const tuesdayEvening = local('2025-06-17T17:00', 'Europe/Paris');
    expect(inZone(addBusinessDuration(tuesdayEvening, 2 * HOUR, cal), 'Europe/Paris')).toBe(
      '2025-06-19T09:00',
    );
    const fridayEvening = local('2025-06-20T17:00', 'Europe/Paris');
    expect(inZone(addBusinessDuration(fridayEvening, 2 * HOUR, cal), 'Europe/Paris')).toBe(
      '2025-06-21T10:00',
    );
  });

  it('a target longer than a week of working time (50 h at 45 h a week)', () => {
    const due = addBusinessDuration(local('2025-06-02T08:00', 'Europe/Paris'), 50 * HOUR, paris);
    expect(inZone(due, 'Europe/Paris')).toBe('2025-06-09T14:00');
    const withWhitMonday = addBusinessDuration(
      local('2025-06-02T08:00', 'Europe/Paris'),
      50 * HOUR,
      parisWithHolidays,
    );
    expect(inZone(withWhitMonday, 'Europe/Paris')).toBe('2025-06-10T14:00');
  });

  it('rejects unknown zones, overlapping intervals and unknown countries', () => {
    expect(() => calendar('Mars/Olympus', {})).toThrow(/IANA/);
    expect(() =>
      calendar('UTC', {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '11:00', end: '13:00' },
        ],
      }),
    ).toThrow(/overlap/);
    expect(() => calendar('UTC', {}, { publicHolidays: { country: 'ZZ' } })).toThrow(/country/);
    expect(() => addBusinessMilliseconds(0, HOUR_MS, calendar('UTC', {}))).toThrow(/no open time/);
  });
});

describe('properties of business-time arithmetic', () => {
  const calendars = [
    calendar('Europe/Paris', workingWeek(splitDay), { publicHolidays: { country: 'FR' } }),
    calendar('America/New_York', { ...workingWeek(splitDay), sunday: [{ start: '00:30', end: '03:30' }] }),
    calendar('Australia/Sydney', everyDay([{ start: '01:00', end: '04:00' }])),
    calendar('Asia/Kolkata', workingWeek([{ start: '09:00', end: '17:30' }])),
    calendar('Pacific/Chatham', workingWeek([{ start: '09:00', end: '17:00' }])),
    twentyFourSeven('Europe/Paris'),
  ];
  const anyCalendar = fc.constantFrom(...calendars);
  const anInstant = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2027, 0, 1) });
  const aDuration = fc.integer({ min: 0, max: 300 * HOUR_MS });
  const runs = { numRuns: 300 };

  it('elapsed(t, add(t, d)) == d', () => {
    fc.assert(
      fc.property(anyCalendar, anInstant, aDuration, (cal, t, d) => {
        expect(businessMillisecondsBetween(t, addBusinessMilliseconds(t, d, cal), cal)).toBe(d);
      }),
      runs,
    );
  });

  it('add(add(t, a), b) == add(t, a + b)', () => {
    fc.assert(
      fc.property(anyCalendar, anInstant, aDuration, aDuration, (cal, t, a, b) => {
        const stepwise = addBusinessMilliseconds(addBusinessMilliseconds(t, a, cal), b, cal);
        expect(stepwise).toBe(addBusinessMilliseconds(t, a + b, cal));
      }),
      runs,
    );
  });

  it('add is monotonic in d', () => {
    fc.assert(
      fc.property(anyCalendar, anInstant, aDuration, aDuration, (cal, t, a, b) => {
        const [shorter, longer] = a <= b ? [a, b] : [b, a];
        expect(addBusinessMilliseconds(t, shorter, cal)).toBeLessThanOrEqual(
          addBusinessMilliseconds(t, longer, cal),
        );
      }),
      runs,
    );
  });

  it('elapsed is additive over a split point', () => {
    fc.assert(
      fc.property(anyCalendar, anInstant, anInstant, anInstant, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        expect(businessMillisecondsBetween(a, b, cal) + businessMillisecondsBetween(b, c, cal)).toBe(
          businessMillisecondsBetween(a, c, cal),
        );
      }),
      { numRuns: 100 },
    );
  });
});
