/** HTTP contracts of the SLA engine: calendars and policies (tenant admins), ticket clocks, repair. */
import { z } from 'zod';
import { weekdays } from '../domain/sla/business-calendar.ts';
import type { TicketSla } from '../domain/sla/sla-clocks.ts';
import { breachActions, pauseReasons } from '../domain/sla/sla-policy.ts';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import { priorities } from '../domain/tickets/ticket.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';

const idSchema = z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -');
const timeOfDay = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:mm (24:00 allowed as an end)');
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const openIntervalSchema = z.object({ start: timeOfDay, end: timeOfDay }).strict();

export const calendarBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().min(1).max(64).describe('IANA time zone, e.g. Europe/Paris'),
    weeklyHours: z.partialRecord(z.enum(weekdays), z.array(openIntervalSchema).max(12)),
    publicHolidays: z
      .object({
        country: z.string().regex(/^[A-Z]{2}$/),
        state: z.string().min(1).max(16).optional(),
        region: z.string().min(1).max(16).optional(),
        types: z.array(z.string().min(1).max(20)).max(5).optional(),
      })
      .strict()
      .nullable()
      .default(null),
    closures: z
      .array(z.object({ date: localDate, name: z.string().max(200).optional() }).strict())
      .max(500)
      .default([]),
    extraOpenDays: z
      .array(
        z
          .object({
            date: localDate,
            name: z.string().max(200).optional(),
            intervals: z.array(openIntervalSchema).max(12),
          })
          .strict(),
      )
      .max(500)
      .default([]),
  })
  .strict()
  .meta({ id: 'SlaCalendarRequest' });

export const calendarSchema = calendarBodySchema
  .extend({ calendarId: z.string() })
  .meta({ id: 'SlaCalendar' });

const targetsSchema = z
  .object({
    firstResponseSeconds: z.number().int().positive(),
    resolutionSeconds: z.number().int().positive(),
    olaSeconds: z.number().int().positive().optional(),
  })
  .strict();

export const policyBodySchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    calendarId: idSchema.describe('The engagement calendar; `24x7` is built in'),
    startsAt: z.enum(['creation', 'routing']).default('creation'),
    targets: z
      .object({ critical: targetsSchema, high: targetsSchema, medium: targetsSchema, low: targetsSchema })
      .strict(),
    pausingStatuses: z.array(z.enum(pauseReasons)).default(['awaiting_requester', 'awaiting_vendor']),
    warningThresholds: z.array(z.number().gt(0).lt(1)).max(5).default([0.75, 0.9]),
    breachActions: z.array(z.enum(breachActions)).default(['escalate', 'notify']),
    teamCalendarIds: z
      .record(idSchema, idSchema)
      .default({})
      .describe("Team id → the team's own calendar (OLA)"),
  })
  .strict()
  .meta({ id: 'SlaPolicyRequest' });

export const policySchema = policyBodySchema
  .extend({ policyId: z.string(), version: z.number().int(), createdAt: z.iso.datetime() })
  .meta({ id: 'SlaPolicy' });

const milestoneSchema = z.object({
  kind: z.enum(['warning', 'breach']),
  threshold: z.number(),
  at: z.iso.datetime().nullable(),
});

const clockSchema = z.object({
  clock: z.enum(['first_response', 'resolution', 'ola']),
  calendarId: z.string(),
  teamId: z.string().nullable(),
  hop: z.number().int().nullable(),
  targetSeconds: z.number(),
  startedAt: z.iso.datetime().nullable(),
  status: z.enum(['not_started', 'running', 'paused', 'stopped']),
  pausedReason: z.enum(pauseReasons).nullable(),
  elapsedSeconds: z.number(),
  remainingSeconds: z.number(),
  dueAt: z.iso.datetime().nullable(),
  stoppedAt: z.iso.datetime().nullable(),
  met: z.boolean().nullable(),
  breached: z.boolean(),
  pausedSecondsByReason: z.record(z.enum(pauseReasons), z.number()),
  milestones: z.array(milestoneSchema).readonly(),
});

export const ticketSlaSchema = z
  .object({
    ticketId: z.string(),
    policyId: z.string(),
    policyVersion: z.number().int(),
    priority: z.enum(priorities),
    computedAt: z.iso.datetime(),
    firstResponse: clockSchema,
    resolution: clockSchema,
    olas: z.array(clockSchema).readonly(),
  })
  .meta({ id: 'TicketSla' });

export const toTicketSlaResource = (ticketId: string, sla: TicketSla): z.infer<typeof ticketSlaSchema> => ({
  ticketId,
  ...sla,
});

const adminProblems = {
  ...standardProblems,
  403: { description: 'Tenant admins only', schema: problemSchema },
};

export const putSlaCalendarOperation = defineContract({
  summary: 'Create or replace a business calendar',
  description:
    'Time zone, weekly hours (several intervals a day), public holidays by country/region, closures and extra open days.',
  tags: ['SLA'],
  path: z.object({ calendarId: idSchema }).strict(),
  body: calendarBodySchema,
  responses: { 200: { description: 'The calendar', schema: calendarSchema }, ...adminProblems },
});

export const listSlaCalendarsOperation = defineContract({
  summary: "List the tenant's business calendars",
  description: 'The built-in `24x7` calendar is not listed.',
  tags: ['SLA'],
  responses: {
    200: {
      description: 'Calendars',
      schema: z.object({ items: z.array(calendarSchema) }).meta({ id: 'SlaCalendarList' }),
    },
    ...adminProblems,
  },
});

export const putSlaPolicyOperation = defineContract({
  summary: 'Create a new version of an SLA policy',
  description:
    'Each call stores a new version. Running clocks keep the version they started with; `POST /v1/tickets/{ticketId}/sla/recompute` can adopt the latest. The policy `default` applies to new tickets.',
  tags: ['SLA'],
  path: z.object({ policyId: idSchema }).strict(),
  body: policyBodySchema,
  responses: { 200: { description: 'The new version', schema: policySchema }, ...adminProblems },
});

export const listSlaPoliciesOperation = defineContract({
  summary: "List the tenant's SLA policies (latest versions)",
  description: 'One entry per policy: its latest version.',
  tags: ['SLA'],
  responses: {
    200: {
      description: 'Policies',
      schema: z.object({ items: z.array(policySchema) }).meta({ id: 'SlaPolicyList' }),
    },
    ...adminProblems,
  },
});

const ticketPathSchema = z.object({ ticketId: idSchema }).strict();

export const getTicketSlaOperation = defineContract({
  summary: "A ticket's SLA clocks",
  description:
    'First response, resolution and per-hop OLA clocks: target, due instant, elapsed and remaining business time, paused (and why), met or breached — computed from the ticket history as of now.',
  tags: ['SLA'],
  path: ticketPathSchema,
  responses: {
    200: { description: 'The clocks', schema: ticketSlaSchema },
    ...standardProblems,
    404: { description: 'No such ticket, or the ticket is not measured', schema: problemSchema },
  },
});

export const recomputeTicketSlaOperation = defineContract({
  summary: "Repair a ticket's SLA clocks",
  description:
    'Replays the ticket history against its policy version (or the latest with `adoptLatestPolicy`) and the calendars as they are now; pauses are kept, fired milestones stay fired, pending ones are rescheduled.',
  tags: ['SLA'],
  path: ticketPathSchema,
  body: z
    .object({ adoptLatestPolicy: z.boolean().default(false) })
    .strict()
    .meta({ id: 'RecomputeSlaRequest' }),
  responses: {
    200: { description: 'The recomputed clocks', schema: ticketSlaSchema },
    ...adminProblems,
    404: { description: 'No such ticket, or the ticket is not measured', schema: problemSchema },
  },
});
