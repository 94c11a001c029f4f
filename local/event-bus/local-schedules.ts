/**
 * The local stand-in for the manifest's scheduled rules: runs each schedule's function every
 * `localIntervalMs` with the event a scheduled EventBridge rule sends.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { ScheduleSpec } from '../../infra/manifest.ts';

/** Runs a function of the manifest with an event. */
export type InvokeScheduledFunction = (
  functionName: string,
  event: ScheduledEvent<Record<string, never>>,
) => Promise<unknown>;

/** The account and region the scheduled events claim, and where failures are reported. */
export interface LocalSchedulesOptions {
  readonly region?: string;
  readonly account?: string;
  readonly log?: (message: string, details: Readonly<Record<string, unknown>>) => void;
}

/** What happened to one schedule so far. */
export interface ScheduleStats {
  readonly runs: number;
  readonly failures: number;
  /** Ticks dropped because the previous run had not finished. */
  readonly skipped: number;
}

/** Running schedules. */
export interface LocalSchedules {
  stats(): Readonly<Record<string, ScheduleStats>>;
  /** Stops ticking and waits for runs in progress. */
  stop(): Promise<void>;
}

const defaultLog = (message: string, details: Readonly<Record<string, unknown>>): void => {
  console.error(JSON.stringify({ level: 'ERROR', component: 'local-schedules', message, ...details }));
};

/**
 * Starts ticking every schedule. The first tick comes one interval after the start, as a new
 * rate rule's does.
 *
 * Two runs of one schedule never overlap here: a tick that finds the previous run still going is
 * skipped. AWS gives no such promise (a slow run can overlap the next invocation, and delivery is
 * at least once), so scheduled functions must be idempotent and safe to run concurrently anyway.
 */
export const startLocalSchedules = (
  schedules: readonly ScheduleSpec[],
  invoke: InvokeScheduledFunction,
  options: LocalSchedulesOptions = {},
): LocalSchedules => {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  const log = options.log ?? defaultLog;
  const stats: Record<string, { runs: number; failures: number; skipped: number }> = {};
  const running = new Map<string, Promise<void>>();
  const timers: NodeJS.Timeout[] = [];

  for (const schedule of schedules) {
    const scheduleStats = { runs: 0, failures: 0, skipped: 0 };
    stats[schedule.name] = scheduleStats;
    const tick = (): void => {
      if (running.has(schedule.name)) {
        scheduleStats.skipped += 1;
        return;
      }
      const event: ScheduledEvent<Record<string, never>> = {
        version: '0',
        id: randomUUID(),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account,
        time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region,
        resources: [`arn:aws:events:${region}:${account}:rule/${schedule.name}`],
        detail: {},
      };
      scheduleStats.runs += 1;
      // Through a promise chain so that an invoker that throws synchronously counts as a failed run.
      const run = Promise.resolve()
        .then(() => invoke(schedule.function, event))
        .then(
          () => undefined,
          (error: unknown) => {
            scheduleStats.failures += 1;
            log('scheduled run failed; the next tick runs it again', {
              schedule: schedule.name,
              function: schedule.function,
              error: error instanceof Error ? error.message : String(error),
            });
          },
        )
        .finally(() => running.delete(schedule.name));
      running.set(schedule.name, run);
    };
    timers.push(setInterval(tick, schedule.localIntervalMs));
  }

  return {
    stats: () => Object.fromEntries(Object.entries(stats).map(([name, value]) => [name, { ...value }])),
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
  };
};
