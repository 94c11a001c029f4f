/** Agents' working schedules: several shifts a day, shifts past midnight, and DST in both directions. */
import { describe, expect, it } from 'vitest';
import type { WorkingSchedule } from '../../../../shared/domain/tenancy/organisations.ts';
import { isOnShift } from '../../../../shared/domain/tenancy/working-schedule.ts';

const brussels = (shifts: WorkingSchedule['shifts']): WorkingSchedule => ({
  timeZone: 'Europe/Brussels',
  shifts,
});
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

describe('isOnShift', () => {
  const office = brussels(weekdays.map((day) => ({ day, from: '08:00', to: '18:00' })));

  it.each([
    ['2026-03-02T07:00:00Z', true], // Monday 08:00 in Brussels (UTC+1)
    ['2026-03-02T06:59:00Z', false],
    ['2026-03-02T16:59:00Z', true],
    ['2026-03-02T17:00:00Z', false], // 18:00, end exclusive
    ['2026-03-07T10:00:00Z', false], // Saturday
    ['2026-07-06T06:00:00Z', true], // Monday 08:00 in summer time (UTC+2)
    ['2026-07-06T05:59:00Z', false],
    ['2026-03-30T06:00:00Z', true], // the Monday after clocks went forward: 08:00 is 06:00 UTC
    ['2026-03-30T16:00:00Z', false], // and 18:00 is 16:00 UTC
    ['2026-10-26T07:00:00Z', true], // the Monday after clocks went back: 08:00 is 07:00 UTC again
    ['2026-10-26T06:30:00Z', false],
  ])('office hours at %s → %s', (at, expected) => {
    expect(isOnShift(office, new Date(at))).toBe(expected);
  });

  it('honours several shifts a day, and the gap between them', () => {
    const split = brussels([
      { day: 'mon', from: '08:00', to: '12:00' },
      { day: 'mon', from: '14:00', to: '18:00' },
    ]);
    expect(isOnShift(split, new Date('2026-03-02T10:00:00Z'))).toBe(true); // 11:00
    expect(isOnShift(split, new Date('2026-03-02T12:00:00Z'))).toBe(false); // 13:00
    expect(isOnShift(split, new Date('2026-03-02T14:30:00Z'))).toBe(true); // 15:30
  });

  it('runs a shift whose end is not after its start into the next day', () => {
    const night = brussels([{ day: 'fri', from: '22:00', to: '06:00' }]);
    expect(isOnShift(night, new Date('2026-03-06T21:30:00Z'))).toBe(true); // Fri 22:30
    expect(isOnShift(night, new Date('2026-03-07T04:30:00Z'))).toBe(true); // Sat 05:30
    expect(isOnShift(night, new Date('2026-03-07T05:30:00Z'))).toBe(false); // Sat 06:30
    expect(isOnShift(night, new Date('2026-03-05T23:00:00Z'))).toBe(false); // Fri 00:00 — Thursday had no shift
  });

  it('follows wall-clock time on the nights the clocks change', () => {
    // Sunday 29 March 2026, 02:00 → 03:00 in Brussels: a 00:00–06:00 shift lasts five real hours.
    const sundayNight = brussels([{ day: 'sun', from: '00:00', to: '06:00' }]);
    expect(isOnShift(sundayNight, new Date('2026-03-28T23:30:00Z'))).toBe(true); // 00:30 CET
    expect(isOnShift(sundayNight, new Date('2026-03-29T03:30:00Z'))).toBe(true); // 05:30 CEST
    expect(isOnShift(sundayNight, new Date('2026-03-29T04:00:00Z'))).toBe(false); // 06:00 CEST
    // Sunday 25 October 2026, 03:00 → 02:00: the same shift lasts seven real hours.
    expect(isOnShift(sundayNight, new Date('2026-10-24T22:00:00Z'))).toBe(true); // 00:00 CEST
    expect(isOnShift(sundayNight, new Date('2026-10-25T04:30:00Z'))).toBe(true); // 05:30 CET
    expect(isOnShift(sundayNight, new Date('2026-10-25T05:00:00Z'))).toBe(false); // 06:00 CET
  });

  it('is never on shift with no shifts, and always on a 24:00 day', () => {
    expect(isOnShift(brussels([]), new Date('2026-03-02T10:00:00Z'))).toBe(false);
    const allMonday = brussels([{ day: 'mon', from: '00:00', to: '24:00' }]);
    expect(isOnShift(allMonday, new Date('2026-03-02T22:59:00Z'))).toBe(true); // 23:59 Monday
    expect(isOnShift(allMonday, new Date('2026-03-02T23:00:00Z'))).toBe(false); // Tuesday 00:00
  });
});
