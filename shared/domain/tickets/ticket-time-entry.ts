/**
 * Time entries: minutes an agent worked on a ticket, and when the work happened. They feed the
 * `agent.handling_minutes` billing meter, which bills by `workedAt` (the instant of the work),
 * so the rules here keep that instant honest: never in the future, never before the ticket
 * existed, at most one day of work per entry.
 */
import { ValidationFailed } from '../errors.ts';
import type { Ticket } from './ticket.ts';

export const MIN_ENTRY_MINUTES = 1;
/** One entry is at most a day of work: longer efforts are logged as several entries. */
export const MAX_ENTRY_MINUTES = 1440;
export const MAX_NOTE_LENGTH = 2000;

/** Who did the work: the tenant's own (in-house) agent, or an agent of an engaged provider. */
export type TimeEntryAgent =
  | { readonly kind: 'tenant'; readonly agentId: string }
  | { readonly kind: 'provider'; readonly agentId: string; readonly providerId: string };

export interface TicketTimeEntry {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly entryId: string;
  readonly agentId: string;
  /** The provider the agent works for; null for the tenant's own agents. */
  readonly providerId: string | null;
  readonly minutes: number;
  /** When the work happened (the billing instant). */
  readonly workedAt: string;
  readonly note: string | null;
  /** When the entry was recorded. */
  readonly loggedAt: string;
}

export interface LogTimeInput {
  readonly minutes: number;
  readonly workedAt: string;
  readonly note?: string | null | undefined;
}

export const logTimeEntry = (
  ticket: Ticket,
  input: LogTimeInput,
  context: { readonly agent: TimeEntryAgent; readonly entryId: string; readonly now: Date },
): TicketTimeEntry => {
  const problems: { location: string; message: string }[] = [];
  if (
    !Number.isInteger(input.minutes) ||
    input.minutes < MIN_ENTRY_MINUTES ||
    input.minutes > MAX_ENTRY_MINUTES
  ) {
    problems.push({
      location: 'body.minutes',
      message: `must be a whole number of minutes from ${MIN_ENTRY_MINUTES} to ${MAX_ENTRY_MINUTES}`,
    });
  }
  const workedAt = Date.parse(input.workedAt);
  if (Number.isNaN(workedAt)) {
    problems.push({ location: 'body.workedAt', message: 'must be an ISO 8601 instant' });
  } else if (workedAt > context.now.getTime()) {
    problems.push({ location: 'body.workedAt', message: 'must not be in the future' });
  } else if (workedAt < Date.parse(ticket.createdAt)) {
    problems.push({ location: 'body.workedAt', message: 'must not be before the ticket was created' });
  }
  const note = input.note?.trim() ?? '';
  if (note.length > MAX_NOTE_LENGTH) {
    problems.push({ location: 'body.note', message: `must be at most ${MAX_NOTE_LENGTH} characters` });
  }
  if (problems.length > 0) throw new ValidationFailed('The time entry is not valid', problems);
  return {
    tenantId: ticket.tenantId,
    ticketId: ticket.ticketId,
    entryId: context.entryId,
    agentId: context.agent.agentId,
    providerId: context.agent.kind === 'provider' ? context.agent.providerId : null,
    minutes: input.minutes,
    workedAt: new Date(workedAt).toISOString(),
    note: note === '' ? null : note,
    loggedAt: context.now.toISOString(),
  };
};
