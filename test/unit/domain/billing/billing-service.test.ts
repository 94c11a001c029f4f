/** Billing use cases over in-memory stores: precedence, idempotent counting, close, corrections, exports, client mix. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvRecord,
  focusColumns,
  focusRows,
  statementCsvRows,
} from '../../../../shared/domain/billing/billing-export.ts';
import { BillingService, clientMixOf } from '../../../../shared/domain/billing/billing-service.ts';
import {
  type EngagementTerms,
  selectCoveringEngagement,
} from '../../../../shared/domain/billing/engagement-terms.ts';
import {
  InMemoryStatementStore,
  InMemoryUsageLedger,
} from '../../../../shared/domain/billing/in-memory-billing-stores.ts';
import { parsePriceBook } from '../../../../shared/domain/billing/price-book.ts';
import type { UsageObservation } from '../../../../shared/domain/billing/usage-fact.ts';

const book = (priceBookId: string, minimum = '0') =>
  parsePriceBook({
    priceBookId,
    currency: 'EUR',
    minimumMonthlyCommitment: minimum,
    prices: {
      'tickets.created': {
        model: 'graduated',
        includedQuantity: '2',
        tiers: [
          { upTo: '3', unitPrice: '10' },
          { upTo: null, unitPrice: '5' },
        ],
      },
    },
  });

const terms = (
  overrides: Partial<EngagementTerms> & Pick<EngagementTerms, 'engagementId'>,
): EngagementTerms => ({
  tenantId: 'acme',
  tenantName: 'Acme',
  providerId: 'sdp',
  providerName: 'SDP',
  validFrom: '2025-01-01T00:00:00.000Z',
  validTo: null,
  precedence: 1,
  priceBook: book('pb'),
  ...overrides,
});

describe('selectCoveringEngagement', () => {
  const at = '2026-03-10T10:00:00.000Z';
  it.each([
    [
      'lower precedence number wins',
      [terms({ engagementId: 'b', precedence: 2 }), terms({ engagementId: 'a', precedence: 1 })],
      'a',
    ],
    [
      'then the most recent start',
      [terms({ engagementId: 'old' }), terms({ engagementId: 'new', validFrom: '2026-01-01T00:00:00.000Z' })],
      'new',
    ],
    ['then the smallest id', [terms({ engagementId: 'zeta' }), terms({ engagementId: 'alpha' })], 'alpha'],
    [
      'an ended engagement is no candidate',
      [
        terms({ engagementId: 'a', validTo: '2026-03-01T00:00:00.000Z' }),
        terms({ engagementId: 'b', precedence: 5 }),
      ],
      'b',
    ],
    [
      'an engagement that does not price the meter is no candidate',
      [
        terms({
          engagementId: 'a',
          priceBook: parsePriceBook({ priceBookId: 'x', currency: 'EUR', prices: {} }),
        }),
        terms({ engagementId: 'b', precedence: 9 }),
      ],
      'b',
    ],
    ['another tenant is no candidate', [terms({ engagementId: 'a', tenantId: 'globex' })], undefined],
  ] as const)('%s', (_name, candidates, expected) => {
    expect(selectCoveringEngagement(candidates, 'acme', 'tickets.created', at)?.engagementId).toBe(expected);
  });

  it('does not depend on the order candidates are listed in', () => {
    const list = [
      terms({ engagementId: 'a', precedence: 2 }),
      terms({ engagementId: 'b', precedence: 1 }),
      terms({ engagementId: 'c', precedence: 1, validFrom: '2025-06-01T00:00:00.000Z' }),
      terms({ engagementId: 'd', precedence: 1, validFrom: '2025-06-01T00:00:00.000Z' }),
    ];
    fc.assert(
      fc.property(fc.shuffledSubarray(list, { minLength: list.length }), (order) => {
        expect(
          selectCoveringEngagement(order, 'acme', 'tickets.created', '2026-01-01T00:00:00.000Z')
            ?.engagementId,
        ).toBe('c');
      }),
    );
  });
});

const ticket = (index: number, at: string): UsageObservation => ({
  factId: `f${index}`,
  tenantId: 'acme',
  meter: 'tickets.created',
  dimension: 'incident',
  quantity: '1',
  occurredAt: at,
});

const serviceWith = (engagements: readonly EngagementTerms[], now = '2026-04-15T00:00:00.000Z') => {
  const clock = { current: new Date(now), now: () => clock.current };
  const service = new BillingService({
    engagements: {
      forTenant: async (tenantId) => engagements.filter((e) => e.tenantId === tenantId),
      forProvider: async (providerId) => engagements.filter((e) => e.providerId === providerId),
      all: async () => engagements,
    },
    ledger: new InMemoryUsageLedger(),
    statements: new InMemoryStatementStore(),
    clock,
  });
  return { service, clock };
};

describe('BillingService', () => {
  it('counts each fact once whatever the duplicates and order, and rates it at close', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 19 }), { minLength: 1, maxLength: 60 }),
        async (deliveries) => {
          const { service } = serviceWith([terms({ engagementId: 'e1' })]);
          for (const index of deliveries) await service.record(ticket(index, '2026-03-05T00:00:00.000Z'));
          const [statement] = await service.closePeriod({ kind: 'tenant', tenantId: 'acme' }, '2026-03');
          const distinct = new Set(deliveries).size;
          expect(statement?.lines[0]?.consumedQuantity).toBe(String(distinct));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('freezes the statement: re-closing returns it unchanged, later usage becomes a correction', async () => {
    const { service, clock } = serviceWith([terms({ engagementId: 'e1', priceBook: book('pb', '40') })]);
    for (let index = 0; index < 4; index += 1)
      await service.record(ticket(index, '2026-03-05T00:00:00.000Z'));
    const [first] = await service.closePeriod({ kind: 'tenant', tenantId: 'acme' }, '2026-03');
    // 4 consumed, 2 free, 2 billable at 10 = 20.00; commitment 40 → shortfall 20.00.
    expect(first).toMatchObject({ regularTotal: '20.00', commitmentShortfall: '20.00', total: '40.00' });
    clock.current = new Date('2026-04-20T00:00:00.000Z');
    const late = await service.record(ticket(100, '2026-03-30T00:00:00.000Z'));
    expect(late).toEqual({ outcome: 'counted', period: '2026-04', correction: true });
    const [again] = await service.closePeriod({ kind: 'tenant', tenantId: 'acme' }, '2026-03');
    expect(again).toEqual(first);
    const [april] = (await service.liveUsage({ kind: 'tenant', tenantId: 'acme' }, '2026-04')).map(
      (u) => u.statement,
    );
    // The 5th ticket of March falls in the 10 € band (billable 3); priced as the difference it makes.
    expect(april?.lines).toEqual([
      expect.objectContaining({
        chargeClass: 'Correction',
        correctsPeriod: '2026-03',
        consumedQuantity: '1',
        amount: '10.00',
      }),
    ]);
    // Corrections do not count towards the commitment of the period they land in.
    expect(april).toMatchObject({ correctionsTotal: '10.00', commitmentShortfall: '40.00', total: '50.00' });
  });

  it('refuses to close a period that has not ended', async () => {
    const { service } = serviceWith([terms({ engagementId: 'e1' })]);
    await expect(service.closePeriod({ kind: 'tenant', tenantId: 'acme' }, '2026-04')).rejects.toThrow(
      /not ended/,
    );
  });

  it("closes a provider's book across its clients only, and reports the client mix", async () => {
    const { service } = serviceWith([
      terms({ engagementId: 'e-acme' }),
      terms({ engagementId: 'e-globex', tenantId: 'globex', tenantName: 'Globex' }),
      terms({ engagementId: 'e-inhouse', providerId: 'acme-it', precedence: 2 }),
    ]);
    for (let index = 0; index < 6; index += 1)
      await service.record(ticket(index, '2026-03-05T00:00:00.000Z'));
    await service.record({ ...ticket(50, '2026-03-05T00:00:00.000Z'), tenantId: 'globex' });
    await service.record({ ...ticket(51, '2026-03-05T00:00:00.000Z'), tenantId: 'globex' });
    await service.record({ ...ticket(52, '2026-03-05T00:00:00.000Z'), tenantId: 'globex' });
    const statements = await service.closePeriod({ kind: 'provider', providerId: 'sdp' }, '2026-03');
    expect(statements.map((s) => s.engagementId)).toEqual(['e-acme', 'e-globex']);
    // acme: 6 - 2 free = 4 billable: 3×10 + 1×5 = 35; globex: 1 billable × 10 = 10.
    expect(statements.map((s) => s.total)).toEqual(['35.00', '10.00']);
    expect(clientMixOf(statements)).toEqual([
      {
        tenantId: 'acme',
        tenantName: 'Acme',
        currency: 'EUR',
        billed: '35.00',
        share: '0.7778',
        role: 'primary',
      },
      {
        tenantId: 'globex',
        tenantName: 'Globex',
        currency: 'EUR',
        billed: '10.00',
        share: '0.2222',
        role: 'secondary',
      },
    ]);
    // The in-house engagement stays open: its statement is not part of the provider's book.
    expect(await service.statements({ kind: 'provider', providerId: 'acme-it' }, '2026-03')).toEqual([]);
  });
});

describe('exports', () => {
  it('quotes CSV fields that need it (RFC 4180)', () => {
    expect(csvRecord(['a', 'b,c', 'say "hi"', 'line\nbreak'])).toBe('a,"b,c","say ""hi""","line\nbreak"\r\n');
  });

  it('writes the FOCUS header and one row per line, identical across runs', async () => {
    const { service } = serviceWith([terms({ engagementId: 'e1', tenantName: 'Acme, Inc.' })]);
    for (let index = 0; index < 5; index += 1)
      await service.record(ticket(index, '2026-03-05T00:00:00.000Z'));
    const statements = await service.closePeriod({ kind: 'tenant', tenantId: 'acme' }, '2026-03');
    const render = () => [...focusRows(statements)].map(csvRecord).join('');
    expect(render()).toBe(render());
    const rows = [...focusRows(statements)];
    expect(rows[0]).toEqual(focusColumns);
    const line = rows[1] ?? [];
    const column = (name: (typeof focusColumns)[number]) => line[focusColumns.indexOf(name)];
    expect(column('BilledCost')).toBe('30.00');
    expect(column('ConsumedQuantity')).toBe('5');
    expect(column('PricingQuantity')).toBe('3');
    expect(column('ListCost')).toBe('30.00');
    expect(column('SubAccountName')).toBe('Acme, Inc.');
    expect(column('BillingPeriodStart')).toBe('2026-03-01T00:00:00.000Z');
    expect([...statementCsvRows(statements)]).toHaveLength(2);
  });
});
