/**
 * The provider's merged, paged ticket list over in-memory tenant queues: walking every page
 * gives exactly the covered tickets, newest first, once each — whatever the page size, however
 * out-of-scope tickets are spread — and a tenant whose engagement ends drops out at once.
 */
import { describe, expect, it } from 'vitest';
import type { Page, PageRequest } from '../../../../shared/domain/shared/ports.ts';
import {
  MAX_PAGES_PER_TENANT,
  readProviderTicketFeed,
  type TenantQueueSource,
} from '../../../../shared/domain/tenancy/provider-ticket-feed.ts';
import { raiseTicket, type Ticket } from '../../../../shared/domain/tickets/ticket.ts';

const ticketAt = (tenantId: string, minute: number, service: string): Ticket =>
  raiseTicket(
    { subject: 's', description: '', channel: 'api', language: 'en', impact: 'low', urgency: 'low', service },
    {
      tenantId,
      ticketId: `${tenantId}-${String(minute).padStart(4, '0')}`,
      number: minute,
      requesterId: 'r',
      createdBy: 'r',
      now: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    },
  );

/** A tenant queue, newest first, paged by an opaque offset (as the repository pages by key). */
const queueOf = (tickets: readonly Ticket[]) => {
  const sorted = [...tickets].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  let reads = 0;
  return {
    reads: () => reads,
    read: async ({ limit, after }: PageRequest): Promise<Page<Ticket>> => {
      reads += 1;
      const start = after === undefined ? 0 : Number(after);
      const end = start + limit;
      return { items: sorted.slice(start, end), nextPosition: end < sorted.length ? String(end) : undefined };
    },
  };
};

const sourceOf = (tenantId: string, tickets: readonly Ticket[]): TenantQueueSource => ({
  tenantId,
  read: queueOf(tickets).read,
  covers: (ticket) => ticket.service === 'email',
});

const walk = async (sources: () => readonly TenantQueueSource[], limit: number) => {
  const pages: Ticket[][] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 500; guard += 1) {
    const page = await readProviderTicketFeed(sources(), { limit, after });
    pages.push([...page.items]);
    if (page.nextPosition === undefined) return pages;
    after = page.nextPosition;
  }
  throw new Error('the feed never ended');
};

// Two tenants interleaved in time; one has long runs of out-of-scope tickets.
const acme = Array.from({ length: 37 }, (_, index) =>
  ticketAt('acme', index * 2, index % 3 === 0 ? 'erp' : 'email'),
);
const globex = Array.from({ length: 60 }, (_, index) =>
  ticketAt('globex', index * 2 + 1, index % 20 < 15 ? 'erp' : 'email'),
);
const expected = [...acme, ...globex]
  .filter((ticket) => ticket.service === 'email')
  .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  .map((ticket) => ticket.ticketId);

describe('readProviderTicketFeed', () => {
  it.each([1, 2, 5, 7, 25, 100])(
    'walks every covered ticket once, newest first, at %i per page',
    async (limit) => {
      const pages = await walk(() => [sourceOf('acme', acme), sourceOf('globex', globex)], limit);
      expect(pages.flat().map((ticket) => ticket.ticketId)).toEqual(expected);
      expect(pages.every((page) => page.length <= limit)).toBe(true);
    },
  );

  it('bounds the storage reads of one request, even over a tenant with nothing in scope', async () => {
    const queue = queueOf(Array.from({ length: 200 }, (_, index) => ticketAt('noisy', index, 'erp')));
    const page = await readProviderTicketFeed(
      [{ tenantId: 'noisy', read: queue.read, covers: () => false }],
      {
        limit: 10,
        after: undefined,
      },
    );
    expect(page.items).toEqual([]);
    expect(queue.reads()).toBe(MAX_PAGES_PER_TENANT);
    expect(page.nextPosition).toBeDefined();
  });

  it('drops a tenant whose engagement ended between two pages, and ignores one engaged since', async () => {
    const first = await readProviderTicketFeed([sourceOf('acme', acme), sourceOf('globex', globex)], {
      limit: 5,
      after: undefined,
    });
    const second = await readProviderTicketFeed([sourceOf('globex', globex), sourceOf('initech', acme)], {
      limit: 100,
      after: first.nextPosition,
    });
    expect(second.items.every((ticket) => ticket.tenantId === 'globex')).toBe(true);
    expect(second.items.length).toBeGreaterThan(0);
  });

  it('ends at once when no tenant engages the provider', async () => {
    expect(await readProviderTicketFeed([], { limit: 10, after: undefined })).toEqual({
      items: [],
      nextPosition: undefined,
    });
  });
});
