/**
 * The lifecycle as a table: every (from, to) pair of statuses, legal or not, written out here
 * independently of the production table so that a change to either shows up.
 */
import { describe, expect, it } from 'vitest';
import { Forbidden, ValidationFailed } from '../../../../shared/domain/errors.ts';
import { raiseTicket, type Ticket, type TicketStatus } from '../../../../shared/domain/tickets/ticket.ts';
import {
  DEFAULT_REOPEN_WINDOW_MS,
  IllegalTransition,
  transitionTicket,
} from '../../../../shared/domain/tickets/ticket-lifecycle.ts';

const NOW = new Date('2026-03-02T10:00:00.000Z');

const ticketIn = (status: TicketStatus, overrides: Partial<Ticket> = {}): Ticket => ({
  ...raiseTicket(
    {
      subject: 'Printer jam',
      description: '',
      channel: 'portal',
      language: 'en',
      impact: 'low',
      urgency: 'low',
    },
    {
      tenantId: 'acme',
      ticketId: 'T1',
      number: 1,
      requesterId: 'alice',
      createdBy: 'alice',
      now: new Date('2026-03-01T09:00:00.000Z'),
    },
  ),
  status,
  version: 4,
  resolvedAt: status === 'resolved' ? '2026-03-02T09:00:00.000Z' : null,
  ...overrides,
});

// L = legal for an agent, R = legal and also open to the requester, . = illegal.
// Columns in this order:
const columns: readonly TicketStatus[] = [
  'new',
  'assigned',
  'in_progress',
  'awaiting_requester',
  'awaiting_vendor',
  'awaiting_change',
  'resolved',
  'closed',
];
const matrix: Readonly<Record<TicketStatus, string>> = {
  //                   n a i r v c s x
  new: '. L L . . . L L',
  assigned: 'L . L L L L L .',
  in_progress: '. L . L L L L .',
  awaiting_requester: '. . R . L L L .',
  awaiting_vendor: '. . L L . L L .',
  awaiting_change: '. . L L L . L .',
  resolved: '. . R . . . . R',
  closed: '. . . . . . . .',
};

const cases = columns.flatMap((from) => {
  const marks = matrix[from].split(' ');
  return columns.map((to, index) => ({ from, to, mark: marks[index] ?? '?' }));
});

describe('ticket lifecycle: every pair of statuses', () => {
  it('covers all 64 pairs', () => {
    expect(cases).toHaveLength(64);
    expect(cases.every((entry) => ['L', 'R', '.'].includes(entry.mark))).toBe(true);
  });

  it.each(cases)('$from → $to ($mark) for an agent', ({ from, to, mark }) => {
    const act = () =>
      transitionTicket(
        ticketIn(from),
        { to, reason: 'because' },
        { actorId: 'bob', actingAsRequester: false, now: NOW },
      );
    if (mark === '.') {
      expect(act).toThrow(IllegalTransition);
      return;
    }
    const { ticket, change } = act();
    expect(ticket.status).toBe(to);
    expect(ticket.version).toBe(5);
    expect(ticket.updatedAt).toBe(NOW.toISOString());
    expect(change).toMatchObject({ from, to, reason: 'because', actorId: 'bob', at: NOW.toISOString() });
  });

  it.each(cases.filter((entry) => entry.mark !== '.'))(
    '$from → $to ($mark) for the requester',
    ({ from, to, mark }) => {
      const act = () =>
        transitionTicket(
          ticketIn(from),
          { to, reason: 'because' },
          { actorId: 'alice', actingAsRequester: true, now: NOW },
        );
      if (mark === 'R') expect(act().ticket.status).toBe(to);
      else expect(act).toThrow(Forbidden);
    },
  );
});

describe('reasons', () => {
  const agent = { actorId: 'bob', actingAsRequester: false, now: NOW };

  it.each([
    ['in_progress', 'awaiting_requester'],
    ['in_progress', 'awaiting_vendor'],
    ['assigned', 'awaiting_change'],
    ['resolved', 'in_progress'],
    ['new', 'closed'],
  ] as const)('%s → %s needs a reason', (from, to) => {
    expect(() => transitionTicket(ticketIn(from), { to, reason: '  ' }, agent)).toThrow(ValidationFailed);
    expect(() => transitionTicket(ticketIn(from), { to, reason: undefined }, agent)).toThrow(
      ValidationFailed,
    );
  });

  it.each([
    ['new', 'assigned'],
    ['assigned', 'in_progress'],
    ['in_progress', 'resolved'],
    ['resolved', 'closed'],
  ] as const)('%s → %s does not', (from, to) => {
    const { change } = transitionTicket(ticketIn(from), { to, reason: undefined }, agent);
    expect(change.reason).toBeNull();
  });
});

describe('resolution and the reopen window', () => {
  const agent = { actorId: 'bob', actingAsRequester: false };

  it('stamps resolvedAt on resolution and closedAt on closure', () => {
    const resolved = transitionTicket(
      ticketIn('in_progress'),
      { to: 'resolved', reason: undefined },
      { ...agent, now: NOW },
    );
    expect(resolved.ticket.resolvedAt).toBe(NOW.toISOString());
    const later = new Date(NOW.getTime() + 1000);
    const closed = transitionTicket(
      resolved.ticket,
      { to: 'closed', reason: undefined },
      { ...agent, now: later },
    );
    expect(closed.ticket.closedAt).toBe(later.toISOString());
    expect(closed.ticket.resolvedAt).toBe(NOW.toISOString());
  });

  it('reopens within the default window of 7 days, counting reopens and clearing resolvedAt', () => {
    const resolvedAt = '2026-03-01T00:00:00.000Z';
    const justInside = new Date(Date.parse(resolvedAt) + DEFAULT_REOPEN_WINDOW_MS);
    const { ticket, change } = transitionTicket(
      ticketIn('resolved', { resolvedAt, reopenCount: 1 }),
      { to: 'in_progress', reason: 'still broken' },
      { ...agent, now: justInside },
    );
    expect(ticket).toMatchObject({ status: 'in_progress', resolvedAt: null, reopenCount: 2 });
    expect(change.reopen).toBe(true);
  });

  it('refuses a reopen after the window, default or configured', () => {
    const resolvedAt = '2026-03-01T00:00:00.000Z';
    const justOutside = new Date(Date.parse(resolvedAt) + DEFAULT_REOPEN_WINDOW_MS + 1);
    const reopen = { to: 'in_progress', reason: 'still broken' } as const;
    expect(() =>
      transitionTicket(ticketIn('resolved', { resolvedAt }), reopen, { ...agent, now: justOutside }),
    ).toThrow(/reopen window/);
    const oneHour = 60 * 60 * 1000;
    const twoHoursLater = new Date(Date.parse(resolvedAt) + 2 * oneHour);
    expect(() =>
      transitionTicket(ticketIn('resolved', { resolvedAt }), reopen, {
        ...agent,
        now: twoHoursLater,
        reopenWindowMs: oneHour,
      }),
    ).toThrow(IllegalTransition);
  });
});
