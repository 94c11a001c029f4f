/** Usage carried by lifecycle events: agent minutes (attribution, billing instant) and active seats. */
import { describe, expect, it } from 'vitest';
import { BillingService } from '../../../../shared/domain/billing/billing-service.ts';
import type { EngagementTerms } from '../../../../shared/domain/billing/engagement-terms.ts';
import {
  InMemoryStatementStore,
  InMemoryUsageLedger,
} from '../../../../shared/domain/billing/in-memory-billing-stores.ts';
import { parsePriceBook } from '../../../../shared/domain/billing/price-book.ts';
import {
  activeSeat,
  activityOf,
  usageFromTicketStatusChanged,
  usageFromTicketTimeLogged,
} from '../../../../shared/domain/billing/usage-from-events.ts';

const envelope = {
  eventId: 'evt-1',
  tenantId: 'acme',
  occurredAt: '2026-04-01T00:00:05.000Z',
  version: 1 as const,
  correlationId: 'c',
  aggregateId: 'T1',
  aggregateVersion: 3,
};
const ticket = { ticketId: 'T1', number: 1, requesterId: 'alice' };

const timeLogged = (providerId: string | null) => ({
  ...envelope,
  ticket,
  entryId: 'E1',
  agentId: 'bob',
  providerId,
  minutes: 40,
  workedAt: '2026-03-31T23:30:00.000Z',
  loggedAt: '2026-04-01T00:00:05.000Z',
});

describe('usageFromTicketTimeLogged', () => {
  it('bills the minutes at the instant of the work, not of the logging', () => {
    expect(usageFromTicketTimeLogged(timeLogged(null))).toEqual([
      {
        factId: 'evt-1.agent.handling_minutes',
        tenantId: 'acme',
        meter: 'agent.handling_minutes',
        dimension: 'bob',
        quantity: '40',
        occurredAt: '2026-03-31T23:30:00.000Z',
      },
    ]);
  });

  it("attributes a provider agent's minutes to that provider", () => {
    expect(usageFromTicketTimeLogged(timeLogged('sdp'))[0]?.attributedTo).toBe('sdp');
  });

  it("bills a provider agent's minutes to its provider's engagement even when another has precedence", async () => {
    const book = parsePriceBook({
      priceBookId: 'pb',
      currency: 'EUR',
      prices: { 'agent.handling_minutes': { model: 'flat', unitPrice: '1' } },
    });
    const terms = (engagementId: string, providerId: string, precedence: number): EngagementTerms => ({
      engagementId,
      tenantId: 'acme',
      tenantName: 'Acme',
      providerId,
      providerName: providerId,
      validFrom: '2025-01-01T00:00:00.000Z',
      validTo: null,
      precedence,
      priceBook: book,
    });
    const engagements = [terms('eng-in-house', 'acme-it', 1), terms('eng-sdp', 'sdp', 2)];
    const ledger = new InMemoryUsageLedger();
    const service = new BillingService({
      engagements: {
        forTenant: async () => engagements,
        forProvider: async () => engagements,
        all: async () => engagements,
      },
      ledger,
      statements: new InMemoryStatementStore(),
      clock: { now: () => new Date('2026-04-15T00:00:00.000Z') },
    });
    const [byProvider] = usageFromTicketTimeLogged(timeLogged('sdp'));
    const [inHouse] = usageFromTicketTimeLogged({ ...timeLogged(null), eventId: 'evt-2' });
    if (byProvider === undefined || inHouse === undefined) throw new Error('no usage');
    await service.record(byProvider);
    await service.record(inHouse);
    const sdp = await ledger.counters('acme', 'eng-sdp', '2026-03');
    const own = await ledger.counters('acme', 'eng-in-house', '2026-03');
    expect(sdp.map((counter) => String(counter.quantity))).toEqual(['40']);
    expect(own.map((counter) => String(counter.quantity))).toEqual(['40']);
    // A provider with no engagement of the tenant bills nothing, rather than another's book.
    expect(await service.record({ ...byProvider, factId: 'x', attributedTo: 'stranger' })).toEqual({
      outcome: 'uncovered',
    });
  });
});

describe('active seats', () => {
  it('names the seat by tenant month and person, so all of a month of activity is one fact', () => {
    expect(activeSeat('acme', 'bob', '2026-03-01T00:00:00.000Z').factId).toBe('seat.2026-03.bob');
    expect(activeSeat('acme', 'bob', '2026-03-31T23:59:59.999Z').factId).toBe('seat.2026-03.bob');
    expect(activeSeat('acme', 'bob', '2026-04-01T00:00:00.000Z').factId).toBe('seat.2026-04.bob');
  });

  it('takes the actor of each lifecycle event', () => {
    const created = {
      'detail-type': 'TicketCreated' as const,
      detail: {
        ...envelope,
        ticket: {
          ...ticket,
          type: 'incident',
          channel: 'portal',
          language: 'en',
          priority: 'low',
          status: 'new',
          subject: 's',
          category: null,
          service: null,
          createdAt: '2026-03-03T00:00:00.000Z',
        },
      },
    };
    const changed = {
      'detail-type': 'TicketStatusChanged' as const,
      detail: {
        ...envelope,
        ticket: { ...ticket, priority: 'low' },
        from: 'new',
        to: 'assigned',
        reason: null,
        at: '2026-03-04T00:00:00.000Z',
        actorId: 'dave',
        reopen: false,
      },
    };
    const commented = {
      'detail-type': 'TicketCommentAdded' as const,
      detail: {
        ...envelope,
        ticket,
        commentId: 'C1',
        visibility: 'public' as const,
        authorId: 'erin',
        at: '2026-03-05T00:00:00.000Z',
      },
    };
    const logged = { 'detail-type': 'TicketTimeLogged' as const, detail: timeLogged(null) };
    expect([created, changed, commented, logged].map((event) => activityOf(event))).toEqual([
      activeSeat('acme', 'alice', '2026-03-03T00:00:00.000Z'),
      activeSeat('acme', 'dave', '2026-03-04T00:00:00.000Z'),
      activeSeat('acme', 'erin', '2026-03-05T00:00:00.000Z'),
      activeSeat('acme', 'bob', '2026-04-01T00:00:05.000Z'),
    ]);
  });
});

describe('usageFromTicketStatusChanged', () => {
  const change = (to: string, catalogueItemId?: string, eventId = 'evt-9') => ({
    ...envelope,
    eventId,
    ticket: { ...ticket, priority: 'low', ...(catalogueItemId === undefined ? {} : { catalogueItemId }) },
    from: 'in_progress',
    to,
    reason: null,
    at: '2026-03-09T12:00:00.000Z',
    actorId: 'bob',
    reopen: false,
  });

  it('counts a resolved catalogue order as one fulfilment of its item, keyed by the ticket', () => {
    expect(usageFromTicketStatusChanged(change('resolved', 'laptop'))).toEqual([
      {
        factId: 'fulfilment.T1',
        tenantId: 'acme',
        meter: 'catalogue.fulfilments',
        dimension: 'laptop',
        quantity: '1',
        occurredAt: '2026-03-09T12:00:00.000Z',
      },
    ]);
    // A second resolution (after a reopen) is another event but the same fact: counted once.
    expect(usageFromTicketStatusChanged(change('resolved', 'laptop', 'evt-10'))[0]?.factId).toBe(
      'fulfilment.T1',
    );
  });

  it('counts nothing for other moves or for tickets that order nothing', () => {
    expect(usageFromTicketStatusChanged(change('closed', 'laptop'))).toEqual([]);
    expect(usageFromTicketStatusChanged(change('resolved'))).toEqual([]);
  });
});
