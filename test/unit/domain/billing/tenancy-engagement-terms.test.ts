/** Engagement terms from tenancy's engagements: price book by reference, precedence default, and the fallback. */
import { describe, expect, it } from 'vitest';
import type { EngagementTerms } from '../../../../shared/domain/billing/engagement-terms.ts';
import { parsePriceBook } from '../../../../shared/domain/billing/price-book.ts';
import {
  CombinedEngagementTerms,
  RecentEngagementTerms,
  type StoredPriceBook,
  TenancyEngagementTerms,
} from '../../../../shared/domain/billing/tenancy-engagement-terms.ts';
import type { Engagement } from '../../../../shared/domain/tenancy/engagement.ts';

const engagement = (overrides: Partial<Engagement> & Pick<Engagement, 'engagementId'>): Engagement => ({
  tenantId: 'acme',
  providerId: 'sdp',
  scope: { services: [], categories: [] },
  slaPolicyRef: 'sla',
  calendarRef: 'cal',
  priceBookRef: 'pb-sdp',
  startsAt: '2026-01-01T00:00:00.000Z',
  endsAt: null,
  status: 'active',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const book = (ref: string, providerId: string): StoredPriceBook => ({
  ref,
  providerId,
  priceBook: parsePriceBook({
    priceBookId: ref,
    currency: 'EUR',
    prices: { 'tickets.created': { model: 'flat', unitPrice: '1' } },
  }),
});

const directoryOf = (engagements: readonly Engagement[], books: StoredPriceBook[]) => {
  let reads = 0;
  const terms = new TenancyEngagementTerms({
    tenancy: {
      engagementsOfTenant: async (tenantId) => engagements.filter((e) => e.tenantId === tenantId),
      engagementsOfProvider: async (providerId) => engagements.filter((e) => e.providerId === providerId),
      tenantName: async (tenantId) => (tenantId === 'acme' ? 'Acme' : undefined),
      providerName: async (providerId) => `Provider ${providerId}`,
    },
    priceBooks: {
      put: async () => {},
      all: async () => {
        reads += 1;
        return books;
      },
      refresh: async () => {
        reads += 1;
        return books;
      },
    },
    now: () => 0,
  });
  return { terms, reads: () => reads };
};

describe('TenancyEngagementTerms', () => {
  it('maps an engagement to billing terms with its price book, names, validity and precedence (default 1)', async () => {
    const { terms } = directoryOf(
      [
        engagement({ engagementId: 'e1', endsAt: '2026-06-01T00:00:00.000Z' }),
        engagement({ engagementId: 'e2', precedence: 3 }),
      ],
      [book('pb-sdp', 'sdp')],
    );
    const result = await terms.forTenant('acme');
    expect(result.map((each) => [each.engagementId, each.precedence, each.validTo])).toEqual([
      ['e1', 1, '2026-06-01T00:00:00.000Z'],
      ['e2', 3, null],
    ]);
    expect(result[0]).toMatchObject({
      tenantName: 'Acme',
      providerName: 'Provider sdp',
      validFrom: '2026-01-01T00:00:00.000Z',
      priceBook: { priceBookId: 'pb-sdp' },
    });
  });

  it('bills nothing for an engagement whose book is missing or belongs to another provider', async () => {
    const { terms } = directoryOf(
      [
        engagement({ engagementId: 'no-book', priceBookRef: 'pb-none' }),
        engagement({ engagementId: 'borrowed', providerId: 'rival', priceBookRef: 'pb-sdp' }),
      ],
      [book('pb-sdp', 'sdp')],
    );
    expect(await terms.forTenant('acme')).toEqual([]);
  });

  it('answers platform finance with the engagements of every provider that owns a book', async () => {
    const { terms } = directoryOf(
      [
        engagement({ engagementId: 'a', tenantId: 'acme' }),
        engagement({ engagementId: 'g', tenantId: 'globex' }),
        engagement({ engagementId: 'x', providerId: 'bookless', priceBookRef: 'pb-x' }),
      ],
      [book('pb-sdp', 'sdp')],
    );
    expect((await terms.all()).map((each) => each.engagementId)).toEqual(['a', 'g']);
    expect((await terms.forProvider('sdp')).map((each) => each.tenantId)).toEqual(['acme', 'globex']);
  });
});

describe('CombinedEngagementTerms', () => {
  const fixed = (list: readonly Pick<EngagementTerms, 'engagementId' | 'providerId'>[]) => {
    const full: EngagementTerms[] = list.map((each) => ({
      ...each,
      tenantId: 'acme',
      tenantName: 'Acme',
      providerName: each.providerId,
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: null,
      precedence: 1,
      priceBook: book('pb', each.providerId).priceBook,
    }));
    return { forTenant: async () => full, forProvider: async () => full, all: async () => full };
  };

  it('prefers the first directory for an engagement id both answer, and keeps the others', async () => {
    const combined = new CombinedEngagementTerms([
      fixed([{ engagementId: 'e1', providerId: 'tenancy' }]),
      fixed([
        { engagementId: 'e1', providerId: 'legacy' },
        { engagementId: 'e2', providerId: 'legacy' },
      ]),
    ]);
    expect((await combined.forTenant('acme')).map((each) => [each.engagementId, each.providerId])).toEqual([
      ['e1', 'tenancy'],
      ['e2', 'legacy'],
    ]);
  });
});

describe("RecentEngagementTerms (the aggregator keeps a tenant's terms briefly)", () => {
  const termsOf = (tenantId: string): EngagementTerms => ({
    engagementId: `eng-${tenantId}`,
    tenantId,
    tenantName: tenantId,
    providerId: 'sdp',
    providerName: 'SDP',
    validFrom: '2026-01-01T00:00:00.000Z',
    validTo: null,
    precedence: 1,
    priceBook: parsePriceBook({
      priceBookId: 'pb',
      currency: 'EUR',
      prices: { 'tickets.created': { model: 'flat', unitPrice: '1' } },
    }),
  });

  const countingDirectory = () => {
    const reads: string[] = [];
    let failNext = false;
    return {
      reads,
      failOnce: () => {
        failNext = true;
      },
      directory: {
        forTenant: async (tenantId: string): Promise<readonly EngagementTerms[]> => {
          reads.push(tenantId);
          if (failNext) {
            failNext = false;
            throw new Error('throttled');
          }
          return tenantId === 'unengaged' ? [] : [termsOf(tenantId)];
        },
        forProvider: async () => [],
        all: async () => [],
      },
    };
  };

  it('answers a burst of one tenant with one read, and reads again once the terms are older than the TTL', async () => {
    const inner = countingDirectory();
    let now = 1_000;
    const recent = new RecentEngagementTerms({ inner: inner.directory, ttlMs: 2_000, now: () => now });
    await Promise.all([recent.forTenant('acme'), recent.forTenant('acme'), recent.forTenant('globex')]);
    now += 1_999;
    await recent.forTenant('acme');
    expect(inner.reads).toEqual(['acme', 'globex']);
    now += 1;
    await recent.forTenant('acme');
    expect(inner.reads).toEqual(['acme', 'globex', 'acme']);
  });

  it('does not keep a failed read', async () => {
    const inner = countingDirectory();
    const recent = new RecentEngagementTerms({ inner: inner.directory, ttlMs: 2_000, now: () => 0 });
    inner.failOnce();
    await expect(recent.forTenant('acme')).rejects.toThrow('throttled');
    await expect(recent.forTenant('acme')).resolves.toEqual([termsOf('acme')]);
    expect(inner.reads).toEqual(['acme', 'acme']);
  });

  it('never keeps "no engagement": uncovered usage is dropped, so that answer is always fresh', async () => {
    const inner = countingDirectory();
    const recent = new RecentEngagementTerms({ inner: inner.directory, ttlMs: 2_000, now: () => 0 });
    await expect(recent.forTenant('unengaged')).resolves.toEqual([]);
    await expect(recent.forTenant('unengaged')).resolves.toEqual([]);
    expect(inner.reads).toEqual(['unengaged', 'unengaged']);
  });
});
