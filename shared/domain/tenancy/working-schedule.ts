/**
 * Whether an agent is on shift at an instant. The schedule is tenancy's `WorkingSchedule`
 * (shifts per weekday, several a day); the time arithmetic is the SLA engine's business
 * calendar, so agents' shifts and tenants' business hours follow the same DST rules: wall-clock
 * times in the schedule's zone, a shift in a spring-forward gap shortened as clocks are.
 */
import {
  type BusinessCalendar,
  isOpenAt,
  type OpenInterval,
  type Weekday,
} from '../sla/business-calendar.ts';
import { type WorkingSchedule, weekdays } from './organisations.ts';

const calendarDayOf: Readonly<Record<(typeof weekdays)[number], Weekday>> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

const nextDay = (day: (typeof weekdays)[number]): (typeof weekdays)[number] =>
  weekdays[(weekdays.indexOf(day) + 1) % weekdays.length] ?? 'mon';

// Schedules are immutable values held by cached agents: convert each once, so the calendar's
// own per-day memo (keyed by calendar object) is reused across routings.
const calendars = new WeakMap<WorkingSchedule, BusinessCalendar>();

/**
 * The schedule as a business calendar: a shift past midnight (`22:00`–`06:00`) is split into
 * its evening (to `24:00`) and the next day's morning.
 */
export const workingScheduleCalendar = (schedule: WorkingSchedule): BusinessCalendar => {
  const cached = calendars.get(schedule);
  if (cached !== undefined) return cached;
  const hours: Partial<Record<Weekday, OpenInterval[]>> = {};
  const open = (day: (typeof weekdays)[number], start: string, end: string) => {
    if (start === end) return;
    const list = hours[calendarDayOf[day]] ?? [];
    list.push({ start, end });
    hours[calendarDayOf[day]] = list;
  };
  for (const shift of schedule.shifts) {
    if (shift.to > shift.from) open(shift.day, shift.from, shift.to);
    else {
      open(shift.day, shift.from, '24:00');
      open(nextDay(shift.day), '00:00', shift.to);
    }
  }
  const calendar: BusinessCalendar = {
    calendarId: 'working-schedule',
    name: 'working schedule',
    timeZone: schedule.timeZone,
    weeklyHours: hours,
    publicHolidays: null,
    closures: [],
    extraOpenDays: [],
  };
  calendars.set(schedule, calendar);
  return calendar;
};

export const isOnShift = (schedule: WorkingSchedule, at: Date): boolean =>
  isOpenAt(at.getTime(), workingScheduleCalendar(schedule));
