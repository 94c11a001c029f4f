/**
 * The holiday library loads on first need (a third of the routing and SLA functions' cold start
 * otherwise). Its own file: vitest gives each file a fresh module graph, so nothing here was
 * loaded by another test first.
 */
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  preparePublicHolidays,
  publicHolidayDates,
  twentyFourSeven,
  validateBusinessCalendar,
} from '../../../../shared/domain/sla/business-calendar.ts';

const paris: BusinessCalendar = {
  ...twentyFourSeven('Europe/Paris', 'paris'),
  publicHolidays: { country: 'FR' },
};

describe('the public-holiday library', () => {
  it('is not loaded by calendars without holidays, and says so when a holiday calendar skips preparation', async () => {
    await preparePublicHolidays(twentyFourSeven('UTC', 'always'));
    expect(() => publicHolidayDates({ country: 'FR' }, 2026)).toThrow(
      'A calendar with public holidays was used before preparePublicHolidays()',
    );
    expect(() => validateBusinessCalendar(paris)).toThrow('before preparePublicHolidays()');
  });

  it('answers once a calendar with holidays was prepared', async () => {
    expect(await preparePublicHolidays(paris)).toBe(paris);
    expect(validateBusinessCalendar(paris)).toBe(paris);
    const dates = publicHolidayDates({ country: 'FR' }, 2026);
    expect(dates.has('2026-07-14')).toBe(true);
    expect(dates.has('2026-07-15')).toBe(false);
  });
});
