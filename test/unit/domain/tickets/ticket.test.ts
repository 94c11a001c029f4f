import { describe, expect, it } from 'vitest';
import {
  computePriority,
  defaultPriorityMatrix,
  type Level,
  type Priority,
  raiseTicket,
} from '../../../../shared/domain/tickets/ticket.ts';

describe('computePriority (ITIL impact × urgency matrix)', () => {
  const table: ReadonlyArray<readonly [Level, Level, Priority]> = [
    ['high', 'high', 'critical'],
    ['high', 'medium', 'high'],
    ['high', 'low', 'medium'],
    ['medium', 'high', 'high'],
    ['medium', 'medium', 'medium'],
    ['medium', 'low', 'low'],
    ['low', 'high', 'medium'],
    ['low', 'medium', 'low'],
    ['low', 'low', 'low'],
  ];

  it.each(table)('impact %s × urgency %s → %s', (impact, urgency, expected) => {
    expect(computePriority(impact, urgency)).toBe(expected);
  });

  it("uses the tenant's own matrix when given", () => {
    const strict = {
      ...defaultPriorityMatrix,
      low: { high: 'critical', medium: 'high', low: 'low' },
    } as const;
    expect(computePriority('low', 'high', strict)).toBe('critical');
  });
});

describe('raiseTicket', () => {
  const context = {
    tenantId: 'acme',
    ticketId: '01TICKET',
    number: 7,
    requesterId: 'alice',
    createdBy: 'alice',
    now: new Date('2026-03-02T09:30:00Z'),
  };

  it('starts new, at version 1, with the priority from the matrix and trimmed subject', () => {
    const ticket = raiseTicket(
      {
        subject: '  Printer jam ',
        description: '',
        channel: 'email',
        language: 'en',
        impact: 'low',
        urgency: 'high',
      },
      context,
    );
    expect(ticket).toMatchObject({
      status: 'new',
      version: 1,
      priority: 'medium',
      subject: 'Printer jam',
      type: 'incident',
      category: null,
      service: null,
      createdAt: '2026-03-02T09:30:00.000Z',
      updatedAt: '2026-03-02T09:30:00.000Z',
    });
  });

  it('keeps the type, category and service the requester chose', () => {
    const ticket = raiseTicket(
      {
        subject: 'New hire laptop',
        description: 'For Monday',
        type: 'service_request',
        channel: 'portal',
        language: 'fr',
        category: 'hardware',
        service: 'onboarding',
        impact: 'medium',
        urgency: 'medium',
      },
      context,
    );
    expect(ticket).toMatchObject({ type: 'service_request', category: 'hardware', service: 'onboarding' });
  });
});
