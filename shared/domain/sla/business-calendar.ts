/**
 * Business calendars and business-time arithmetic: when a support team is open, and how much
 * open time lies between two instants or after one. Pure: instants are epoch milliseconds, no
 * clock is read; time zones come from the IANA database (luxon) and public holidays from the
 * maintained `date-holidays` data set.
 *
 * A calendar's day is resolved in this order: an extra open day (its own hours) wins over a
 * custom closure, which wins over a public holiday, which wins over the weekly hours. Open
 * intervals are wall-clock times in the calendar's zone, so a shift 00:00–06:00 on the night
 * clocks go forward lasts 5 real hours, and 6 on an ordinary night — business time is real
 * elapsed time inside open intervals.
 */
import type HolidayLibrary from 'date-holidays';
import { DateTime, IANAZone } from 'luxon';
import { ValidationFailed } from '../errors.ts';

// --- the holiday library, loaded on first need ---------------------------------------------

/**
 * `date-holidays` (with moment-timezone and astronomia, ~1.3 MB bundled) is imported on first
 * need rather than at module load: 24x7 calendars, agents' schedules and calendars without public
 * holidays never use it, and evaluating it at init added ~70 ms (12 %) to the init of every
 * routing and SLA function (measured on the bundle, sequential runs, 2026-11-26). A calendar with public holidays reaches the arithmetic only through
 * `preparePublicHolidays` (the SLA service and the router call it when they load a calendar).
 */
let Holidays: typeof HolidayLibrary | undefined;

export const loadPublicHolidays = async (): Promise<void> => {
  Holidays ??= (await import('date-holidays')).default;
};

/** Makes the holiday data ready for `calendar` when it needs any (no-op otherwise). */
export const preparePublicHolidays = async (calendar: BusinessCalendar): Promise<BusinessCalendar> => {
  if (calendar.publicHolidays !== null) await loadPublicHolidays();
  return calendar;
};

const holidayLibrary = (): typeof HolidayLibrary => {
  if (Holidays === undefined) {
    throw new Error('A calendar with public holidays was used before preparePublicHolidays()');
  }
  return Holidays;
};

export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof weekdays)[number];

/** `HH:mm` wall-clock bounds, end exclusive; `24:00` closes at the next midnight. */
export interface OpenInterval {
  readonly start: string;
  readonly end: string;
}

export type WeeklyHours = Readonly<Partial<Record<Weekday, readonly OpenInterval[]>>>;

export interface PublicHolidaySource {
  /** ISO 3166-1 alpha-2 country, e.g. `FR`. */
  readonly country: string;
  /** Subdivision (ISO 3166-2 suffix, e.g. `BY` for Bavaria, `ENG` for England). */
  readonly state?: string | undefined;
  /** Finer region where the library knows one. */
  readonly region?: string | undefined;
  /** Holiday types that close the desk; default `public` and `bank`. */
  readonly types?: readonly string[] | undefined;
}

export interface DatedEntry {
  /** Local date `YYYY-MM-DD` in the calendar's zone. */
  readonly date: string;
  readonly name?: string | undefined;
}

export interface ExtraOpenDay extends DatedEntry {
  readonly intervals: readonly OpenInterval[];
}

export interface BusinessCalendar {
  readonly calendarId: string;
  readonly name: string;
  /** IANA zone, e.g. `Europe/Paris`. */
  readonly timeZone: string;
  readonly weeklyHours: WeeklyHours;
  readonly publicHolidays: PublicHolidaySource | null;
  readonly closures: readonly DatedEntry[];
  readonly extraOpenDays: readonly ExtraOpenDay[];
}

const MS_PER_SECOND = 1000;
/** Search horizon: a calendar with no open time in ten years is a configuration error. */
const MAX_DAYS_SEARCHED = 3660;
const allDay: readonly OpenInterval[] = [{ start: '00:00', end: '24:00' }];

/** The always-open calendar: every day 00:00–24:00, no holidays. */
export const twentyFourSeven = (timeZone = 'UTC', calendarId = '24x7'): BusinessCalendar => ({
  calendarId,
  name: '24x7',
  timeZone,
  weeklyHours: Object.fromEntries(weekdays.map((day) => [day, allDay])),
  publicHolidays: null,
  closures: [],
  extraOpenDays: [],
});

const timeOfDayPattern = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

const minutesOf = (time: string): number => {
  const match = timeOfDayPattern.exec(time);
  if (!match) throw new ValidationFailed(`"${time}" is not a time of day HH:mm`);
  if (time === '24:00') return 24 * 60;
  return Number(match[1]) * 60 + Number(match[2]);
};

const validateIntervals = (intervals: readonly OpenInterval[], where: string): void => {
  let previousEnd = -1;
  for (const interval of intervals) {
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (end <= start)
      throw new ValidationFailed(`${where}: ${interval.start}–${interval.end} ends before it starts`);
    if (start < previousEnd)
      throw new ValidationFailed(`${where}: intervals must be sorted and must not overlap`);
    previousEnd = end;
  }
};

/** Checks a calendar's shape: zone known, intervals sorted and disjoint, dates well formed, country known. */
export const validateBusinessCalendar = (calendar: BusinessCalendar): BusinessCalendar => {
  if (!IANAZone.isValidZone(calendar.timeZone)) {
    throw new ValidationFailed(`"${calendar.timeZone}" is not an IANA time zone`);
  }
  for (const day of weekdays) validateIntervals(calendar.weeklyHours[day] ?? [], day);
  for (const entry of [...calendar.closures, ...calendar.extraOpenDays]) {
    if (!datePattern.test(entry.date) || !DateTime.fromISO(entry.date).isValid) {
      throw new ValidationFailed(`"${entry.date}" is not a date YYYY-MM-DD`);
    }
  }
  for (const day of calendar.extraOpenDays) validateIntervals(day.intervals, day.date);
  if (calendar.publicHolidays) {
    const { country, state, region } = calendar.publicHolidays;
    const Holidays = holidayLibrary();
    const known = new Holidays().getCountries();
    if (!(country in known)) throw new ValidationFailed(`No public holidays known for country "${country}"`);
    if (state !== undefined && !(state in (new Holidays().getStates(country) ?? {}))) {
      throw new ValidationFailed(`No subdivision "${state}" known for country "${country}"`);
    }
    if (
      region !== undefined &&
      state !== undefined &&
      !(region in (new Holidays().getRegions(country, state) ?? {}))
    ) {
      throw new ValidationFailed(`No region "${region}" known for ${country}-${state}`);
    }
  }
  return calendar;
};

// --- holidays -------------------------------------------------------------------------------

const holidayDatesCache = new Map<string, ReadonlySet<string>>();

/** Local dates (`YYYY-MM-DD`) on which the source's holidays of the configured types fall in `year`. */
export const publicHolidayDates = (source: PublicHolidaySource, year: number): ReadonlySet<string> => {
  const types = source.types ?? ['public', 'bank'];
  const cacheKey = [source.country, source.state ?? '', source.region ?? '', year, types.join(',')].join('|');
  const cached = holidayDatesCache.get(cacheKey);
  if (cached) return cached;
  const Holidays = holidayLibrary();
  const library =
    source.state === undefined
      ? new Holidays(source.country)
      : source.region === undefined
        ? new Holidays(source.country, source.state)
        : new Holidays(source.country, source.state, source.region);
  const dates = new Set<string>();
  for (const holiday of library.getHolidays(year)) {
    // The library's `date` is local wall time in the country; a holiday closes its whole day.
    if (types.includes(holiday.type)) dates.add(holiday.date.slice(0, 10));
  }
  holidayDatesCache.set(cacheKey, dates);
  return dates;
};

// --- days -----------------------------------------------------------------------------------

/** A plain calendar date, iterated without time zones (the zone applies when intervals are placed). */
interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const nextDate = ({ year, month, day }: LocalDate): LocalDate => {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
};

const dateKey = ({ year, month, day }: LocalDate): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

const weekdayOf = ({ year, month, day }: LocalDate): Weekday => {
  // getUTCDay: 0 = Sunday … 6 = Saturday
  const index = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return weekdays[index] ?? 'monday';
};

const localDateOf = (instant: number, timeZone: string): LocalDate => {
  const local = DateTime.fromMillis(instant, { zone: timeZone });
  return { year: local.year, month: local.month, day: local.day };
};

/** The instant of a local wall time; times inside a spring-forward gap move forward, as clocks do. */
const instantOf = (date: LocalDate, minutes: number, timeZone: string): number => {
  if (minutes === 24 * 60) return instantOf(nextDate(date), 0, timeZone);
  return DateTime.fromObject(
    {
      year: date.year,
      month: date.month,
      day: date.day,
      hour: Math.floor(minutes / 60),
      minute: minutes % 60,
    },
    { zone: timeZone },
  ).toMillis();
};

const intervalsOfDate = (calendar: BusinessCalendar, date: LocalDate): readonly OpenInterval[] => {
  const key = dateKey(date);
  const extra = calendar.extraOpenDays.find((day) => day.date === key);
  if (extra) return extra.intervals;
  if (calendar.closures.some((closure) => closure.date === key)) return [];
  if (calendar.publicHolidays && publicHolidayDates(calendar.publicHolidays, date.year).has(key)) return [];
  return calendar.weeklyHours[weekdayOf(date)] ?? [];
};

type InstantInterval = readonly [start: number, end: number];

// Calendars are immutable values; their placed intervals per day are memoised per calendar object.
const placedIntervalsCache = new WeakMap<BusinessCalendar, Map<string, readonly InstantInterval[]>>();

/** The open intervals of a local date as `[start, end)` epoch-millisecond pairs, ascending. */
const openInstantsOfDate = (calendar: BusinessCalendar, date: LocalDate): readonly InstantInterval[] => {
  let perDate = placedIntervalsCache.get(calendar);
  if (!perDate) {
    perDate = new Map();
    placedIntervalsCache.set(calendar, perDate);
  }
  const key = dateKey(date);
  const cached = perDate.get(key);
  if (cached) return cached;
  const placed: InstantInterval[] = [];
  for (const interval of intervalsOfDate(calendar, date)) {
    const start = instantOf(date, minutesOf(interval.start), calendar.timeZone);
    const end = instantOf(date, minutesOf(interval.end), calendar.timeZone);
    // An interval wholly inside a spring-forward gap collapses to nothing.
    if (end > start) placed.push([start, end]);
  }
  perDate.set(key, placed);
  return placed;
};

/** True when the calendar is open every minute of every day (24x7): arithmetic is then plain time. */
const isAlwaysOpen = (calendar: BusinessCalendar): boolean =>
  calendar.publicHolidays === null &&
  calendar.closures.length === 0 &&
  weekdays.every((day) => {
    const hours = calendar.weeklyHours[day];
    return hours?.length === 1 && hours[0]?.start === '00:00' && hours[0]?.end === '24:00';
  });

// --- arithmetic -----------------------------------------------------------------------------

/**
 * The instant at which `durationMs` of business time has elapsed after `start`. A zero duration
 * answers `start` itself; a deadline that uses up an interval exactly is that interval's end.
 */
export const addBusinessMilliseconds = (
  start: number,
  durationMs: number,
  calendar: BusinessCalendar,
): number => {
  if (durationMs < 0 || !Number.isFinite(durationMs)) {
    throw new ValidationFailed('A business duration must be a finite, non-negative number');
  }
  if (durationMs === 0) return start;
  if (isAlwaysOpen(calendar)) return start + durationMs;
  let remaining = durationMs;
  let date = localDateOf(start, calendar.timeZone);
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched += 1) {
    for (const [open, close] of openInstantsOfDate(calendar, date)) {
      if (close <= start) continue;
      const from = Math.max(open, start);
      const available = close - from;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    date = nextDate(date);
  }
  throw new ValidationFailed(`Calendar ${calendar.calendarId} has no open time within ten years`);
};

/** Business time between two instants; negative when `to` precedes `from`. */
export const businessMillisecondsBetween = (from: number, to: number, calendar: BusinessCalendar): number => {
  if (to < from) return -businessMillisecondsBetween(to, from, calendar);
  if (to === from) return 0;
  if (isAlwaysOpen(calendar)) return to - from;
  let total = 0;
  let date = localDateOf(from, calendar.timeZone);
  const lastKey = dateKey(localDateOf(to, calendar.timeZone));
  for (;;) {
    for (const [open, close] of openInstantsOfDate(calendar, date)) {
      const overlap = Math.min(close, to) - Math.max(open, from);
      if (overlap > 0) total += overlap;
    }
    if (dateKey(date) === lastKey) return total;
    date = nextDate(date);
  }
};

/** `addBusinessMilliseconds` with the duration in seconds; instants stay `Date`s at the edge. */
export const addBusinessDuration = (start: Date, seconds: number, calendar: BusinessCalendar): Date =>
  new Date(addBusinessMilliseconds(start.getTime(), seconds * MS_PER_SECOND, calendar));

export const businessSecondsBetween = (from: Date, to: Date, calendar: BusinessCalendar): number =>
  businessMillisecondsBetween(from.getTime(), to.getTime(), calendar) / MS_PER_SECOND;

/** Whether the calendar is open at an instant (used to say "outside business hours" in the API). */
export const isOpenAt = (instant: number, calendar: BusinessCalendar): boolean =>
  openInstantsOfDate(calendar, localDateOf(instant, calendar.timeZone)).some(
    ([open, close]) => open <= instant && instant < close,
  );
