/**
 * A weekly working window in an IANA time zone (an agent's schedule, a tenant's business
 * hours). Deliberately simple until the SLA calendar (holidays, exceptions) lands: days of the
 * week and one daily span, evaluated with the platform's time-zone database (DST-correct).
 */
export interface WeeklyHours {
  readonly timeZone: string;
  /** ISO days of the week: 1 = Monday … 7 = Sunday. */
  readonly days: readonly number[];
  /** `HH:MM`, local time; `end` exclusive. */
  readonly start: string;
  readonly end: string;
}

const weekdayNumbers: Readonly<Record<string, number>> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

export const isWithinHours = (hours: WeeklyHours, at: Date): boolean => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: hours.timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  const day = weekdayNumbers[part('weekday')] ?? 0;
  const minutes = `${part('hour')}:${part('minute')}`;
  return hours.days.includes(day) && minutes >= hours.start && minutes < hours.end;
};
