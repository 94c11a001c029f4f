/** Time entries: the rules that keep the billed instant and quantity honest. */
import { describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../../../shared/domain/errors.ts';
import { raiseTicket } from '../../../../shared/domain/tickets/ticket.ts';
import { logTimeEntry } from '../../../../shared/domain/tickets/ticket-time-entry.ts';

const createdAt = new Date('2026-03-02T10:00:00.000Z');
const now = new Date('2026-03-05T16:00:00.000Z');
const ticket = raiseTicket(
  { subject: 'VPN', description: '', channel: 'portal', language: 'en', impact: 'low', urgency: 'low' },
  { tenantId: 'acme', ticketId: 'T1', number: 1, requesterId: 'alice', createdBy: 'alice', now: createdAt },
);
const inHouse = { agent: { kind: 'tenant', agentId: 'bob' }, entryId: 'E1', now } as const;

describe('logTimeEntry', () => {
  it('records who, how long, when the work happened and when it was logged', () => {
    expect(
      logTimeEntry(
        ticket,
        { minutes: 45, workedAt: '2026-03-04T09:30:00+01:00', note: '  Swapped the disk ' },
        inHouse,
      ),
    ).toEqual({
      tenantId: 'acme',
      ticketId: 'T1',
      entryId: 'E1',
      agentId: 'bob',
      providerId: null,
      minutes: 45,
      workedAt: '2026-03-04T08:30:00.000Z',
      note: 'Swapped the disk',
      loggedAt: now.toISOString(),
    });
  });

  it("carries a provider agent's provider", () => {
    const entry = logTimeEntry(
      ticket,
      { minutes: 1, workedAt: now.toISOString() },
      { ...inHouse, agent: { kind: 'provider', agentId: 'carol', providerId: 'servicedesk-pro' } },
    );
    expect(entry).toMatchObject({ agentId: 'carol', providerId: 'servicedesk-pro', note: null });
  });

  it.each([
    ['no minutes', { minutes: 0, workedAt: now.toISOString() }, 'body.minutes'],
    ['more than a day', { minutes: 1441, workedAt: now.toISOString() }, 'body.minutes'],
    ['a fraction of a minute', { minutes: 1.5, workedAt: now.toISOString() }, 'body.minutes'],
    ['work in the future', { minutes: 5, workedAt: '2026-03-05T16:00:00.001Z' }, 'body.workedAt'],
    ['work before the ticket existed', { minutes: 5, workedAt: '2026-03-02T09:59:59.999Z' }, 'body.workedAt'],
    ['not an instant', { minutes: 5, workedAt: 'last tuesday' }, 'body.workedAt'],
    ['a note too long', { minutes: 5, workedAt: now.toISOString(), note: 'x'.repeat(2001) }, 'body.note'],
  ] as const)('refuses %s', (_name, input, location) => {
    try {
      logTimeEntry(ticket, input, inHouse);
      expect.unreachable('accepted an invalid entry');
    } catch (error) {
      if (!(error instanceof ValidationFailed)) throw error;
      expect(error.fields.map((field) => field.location)).toEqual([location]);
    }
  });

  it('accepts the bounds: one minute, a whole day, work at the very instant of logging', () => {
    expect(logTimeEntry(ticket, { minutes: 1, workedAt: createdAt.toISOString() }, inHouse).minutes).toBe(1);
    expect(logTimeEntry(ticket, { minutes: 1440, workedAt: now.toISOString() }, inHouse).minutes).toBe(1440);
  });
});
