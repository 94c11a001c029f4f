/** HTTP contracts of time tracking on tickets: agents log minutes of work, and list them. */
import { z } from 'zod';
import { ID_PATTERN } from '../domain/tenancy/principal.ts';
import {
  MAX_ENTRY_MINUTES,
  MAX_NOTE_LENGTH,
  MIN_ENTRY_MINUTES,
  type TicketTimeEntry,
} from '../domain/tickets/ticket-time-entry.ts';
import { defineContract } from './operation-contract.ts';
import { problemSchema, standardProblems } from './problem.ts';

const ticketPathSchema = z
  .object({ ticketId: z.string().regex(ID_PATTERN, 'must be 1-64 letters, digits, _ or -') })
  .strict();
const notFound = { 404: { description: 'No such ticket visible to the caller', schema: problemSchema } };

export const timeEntrySchema = z
  .object({
    id: z.string(),
    ticketId: z.string(),
    agentId: z.string(),
    providerId: z.string().nullable().describe("The agent's provider; null for the tenant's own agents"),
    minutes: z.number().int(),
    workedAt: z.iso.datetime().describe('When the work happened: billing uses this instant'),
    note: z.string().nullable(),
    loggedAt: z.iso.datetime(),
  })
  .meta({ id: 'TicketTimeEntry' });

export const logTimeBodySchema = z
  .object({
    minutes: z.number().int().min(MIN_ENTRY_MINUTES).max(MAX_ENTRY_MINUTES),
    workedAt: z.iso.datetime({ offset: true }).describe('When the work happened; not in the future'),
    note: z.string().max(MAX_NOTE_LENGTH).nullable().optional(),
  })
  .strict()
  .meta({ id: 'LogTimeRequest' });

export const logTicketTimeOperation = defineContract({
  summary: 'Log time worked on a ticket',
  description: `Agents only. ${MIN_ENTRY_MINUTES}-${MAX_ENTRY_MINUTES} minutes per entry, worked at an instant that is neither in the future nor before the ticket was raised. Billed as agent handling minutes in the month of workedAt.`,
  tags: ['Time tracking'],
  path: ticketPathSchema,
  body: logTimeBodySchema,
  responses: { 201: { description: 'Logged', schema: timeEntrySchema }, ...standardProblems, ...notFound },
});

export const listTicketTimeEntriesOperation = defineContract({
  summary: "List a ticket's time entries",
  description: 'In the order the work happened.',
  tags: ['Time tracking'],
  path: ticketPathSchema,
  responses: {
    200: {
      description: 'The time entries of the ticket',
      schema: z.object({ items: z.array(timeEntrySchema) }).meta({ id: 'TicketTimeEntries' }),
    },
    ...standardProblems,
    ...notFound,
  },
});

export const toTimeEntryResource = (entry: TicketTimeEntry): z.infer<typeof timeEntrySchema> => ({
  id: entry.entryId,
  ticketId: entry.ticketId,
  agentId: entry.agentId,
  providerId: entry.providerId,
  minutes: entry.minutes,
  workedAt: entry.workedAt,
  note: entry.note,
  loggedAt: entry.loggedAt,
});
