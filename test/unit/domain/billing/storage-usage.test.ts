/** Storage GB-month: byte-time within the month over the month's length, decimal, carried whole into later months. */
import { describe, expect, it } from 'vitest';
import { BillingService } from '../../../../shared/domain/billing/billing-service.ts';
import type { EngagementTerms } from '../../../../shared/domain/billing/engagement-terms.ts';
import {
  InMemoryStatementStore,
  InMemoryUsageLedger,
} from '../../../../shared/domain/billing/in-memory-billing-stores.ts';
import { parsePriceBook } from '../../../../shared/domain/billing/price-book.ts';
import {
  gbMonthsForWholeMonth,
  gbMonthsUntilPeriodEnd,
  InMemoryStorageInventory,
  usageFromAttachmentStored,
} from '../../../../shared/domain/billing/storage-usage.ts';

describe('gbMonthsUntilPeriodEnd', () => {
  it.each([
    // 1 GB from the first instant of a month: the whole month.
    [1_000_000_000, '2026-02-01T00:00:00.000Z', '1'],
    // Half of February (14 of 28 days).
    [1_000_000_000, '2026-02-15T00:00:00.000Z', '0.5'],
    // A 31-day month: 10 of 31 days of 3.1 GB = 1 GB-month.
    [3_100_000_000, '2026-03-22T00:00:00.000Z', '1'],
    // One byte for the whole month: the smallest quantity kept.
    [1, '2026-04-01T00:00:00.000Z', '0.000000001'],
    // A third of a month of 1 GB: 9 decimals, half-even.
    [1_000_000_000, '2026-04-21T00:00:00.000Z', '0.333333333'],
    // Stored at the last millisecond: rounds to nothing.
    [1_000, '2026-04-30T23:59:59.999Z', '0'],
  ] as const)('%d bytes from %s → %s GB-month', (bytes, from, expected) => {
    expect(gbMonthsUntilPeriodEnd(bytes, from)).toBe(expected);
  });

  it('counts a whole month of bytes in decimal GB', () => {
    expect(gbMonthsForWholeMonth(2_500_000_000)).toBe('2.5');
  });
});

describe('storage in statements', () => {
  const terms = (
    engagementId: string,
    precedence: number,
    prices: Record<string, unknown>,
  ): EngagementTerms => ({
    engagementId,
    tenantId: 'acme',
    tenantName: 'Acme',
    providerId: engagementId,
    providerName: engagementId,
    validFrom: '2025-01-01T00:00:00.000Z',
    validTo: null,
    precedence,
    priceBook: parsePriceBook({ priceBookId: engagementId, currency: 'EUR', prices }),
  });
  const storagePrice = { 'storage.gb_month': { model: 'flat', unitPrice: '0.10' } };
  const engagements = [
    terms('eng-desk', 1, { 'tickets.created': { model: 'flat', unitPrice: '1' } }),
    terms('eng-storage', 2, storagePrice),
  ];

  const service = () => {
    const storage = new InMemoryStorageInventory();
    return {
      storage,
      billing: new BillingService({
        engagements: {
          forTenant: async () => engagements,
          forProvider: async () => engagements,
          all: async () => engagements,
        },
        ledger: new InMemoryUsageLedger(),
        statements: new InMemoryStatementStore(),
        clock: { now: () => new Date('2026-06-15T00:00:00.000Z') },
        storage,
      }),
    };
  };

  it('bills the upload month pro rata and every later month whole, to the engagement that prices storage', async () => {
    const { billing } = service();
    const detail = {
      eventId: 'evt-1',
      tenantId: 'acme',
      occurredAt: '2026-04-16T00:00:00.000Z',
      version: 1 as const,
      correlationId: 'c',
      aggregateId: 'T1',
      aggregateVersion: 1,
      ticket: { ticketId: 'T1', number: 1, requesterId: 'alice' },
      attachmentId: 'A1',
      bytes: 3_000_000_000,
      storedAt: '2026-04-16T00:00:00.000Z',
    };
    for (let delivery = 0; delivery < 2; delivery += 1) {
      await billing.recordStoredObject('acme', 'A1', detail.bytes, detail.storedAt);
      for (const observation of usageFromAttachmentStored(detail)) await billing.record(observation);
    }
    const storageLine = async (period: string) => {
      const usage = await billing.liveUsage({ kind: 'tenant', tenantId: 'acme' }, period);
      const own = usage.find((entry) => entry.statement.engagementId === 'eng-storage');
      const other = usage.find((entry) => entry.statement.engagementId === 'eng-desk');
      expect(other?.statement.lines.some((line) => line.meter === 'storage.gb_month')).toBe(false);
      return own?.statement.lines.find((line) => line.meter === 'storage.gb_month');
    };
    // April: 15 of 30 days of 3 GB.
    expect(await storageLine('2026-04')).toMatchObject({ consumedQuantity: '1.5', amount: '0.15' });
    // May and June: the 3 GB held all month.
    expect(await storageLine('2026-05')).toMatchObject({ consumedQuantity: '3', amount: '0.30' });
    expect(await storageLine('2026-06')).toMatchObject({ consumedQuantity: '3' });
    // March: nothing stored yet.
    expect(await storageLine('2026-03')).toBeUndefined();
  });
});
