/**
 * The provider's cross-tenant ticket list, paged: a k-way merge, newest first, of the queues of
 * every tenant that engages the provider, each read with that tenant's scoped credentials and
 * filtered by the engagement's scope.
 *
 * The position handed back (signed into a cursor by the HTTP layer) holds, per tenant, where
 * its queue was left: the storage position of the page holding the last ticket shown and how
 * many raw items of that page were consumed. Sort keys never change and new tickets sort before
 * every position, so re-reading a page from its position and skipping gives the same items.
 * A page stops early rather than break the order: when a tenant's look-ahead runs out (at most
 * MAX_PAGES_PER_TENANT storage pages per request) before the page is full, the page ends there.
 * Tenants whose engagement ended since the first page drop out at once; tenants engaged since
 * appear in the next fresh listing.
 */
import { z } from 'zod';
import type { Page, PageRequest } from '../shared/ports.ts';
import type { Ticket } from '../tickets/ticket.ts';

/** Storage pages read per tenant and request, at most: bounds a request over scope-heavy queues. */
export const MAX_PAGES_PER_TENANT = 3;

export interface TenantQueueSource {
  readonly tenantId: string;
  /** The tenant's queue, newest first, through its scoped credentials. */
  readonly read: (page: PageRequest) => Promise<Page<Ticket>>;
  /** Whether the provider may see this ticket (its engagement covers it). */
  readonly covers: (ticket: Ticket) => boolean;
}

/** Where one tenant's queue was left: before `skip` raw items of the page starting at `after`. */
type QueueMark = readonly [after: string | null, skip: number];

const positionSchema = z.object({
  queues: z.record(z.string(), z.tuple([z.string().nullable(), z.number().int().min(0)])),
});
type FeedPosition = z.infer<typeof positionSchema>;

const parsePosition = (position: string): FeedPosition => {
  // The HTTP layer verified the signature: a malformed payload is a bug, not an attack.
  return positionSchema.parse(JSON.parse(position));
};

interface Candidate {
  readonly ticket: Ticket;
  /** The mark of the queue just after this ticket. */
  readonly markAfter: QueueMark;
}

interface Lookahead {
  readonly tenantId: string;
  readonly candidates: Candidate[];
  /** No more tickets after the candidates. */
  readonly exhausted: boolean;
  /** Where the look-ahead stopped reading (everything before it is a candidate or out of scope). */
  readonly scannedTo: QueueMark;
}

const newestFirst = (left: Ticket, right: Ticket): number =>
  right.createdAt.localeCompare(left.createdAt) || right.ticketId.localeCompare(left.ticketId);

const lookahead = async (source: TenantQueueSource, start: QueueMark, limit: number): Promise<Lookahead> => {
  const candidates: Candidate[] = [];
  let [after, skip] = start;
  for (let pages = 0; pages < MAX_PAGES_PER_TENANT && candidates.length < limit; pages += 1) {
    const page = await source.read({ limit, after: after ?? undefined });
    page.items.forEach((ticket, index) => {
      if (index < skip || !source.covers(ticket)) return;
      const consumedWholePage = index + 1 === page.items.length && page.nextPosition !== undefined;
      candidates.push({
        ticket,
        markAfter: consumedWholePage ? [page.nextPosition ?? null, 0] : [after, index + 1],
      });
    });
    if (page.nextPosition === undefined) {
      return {
        tenantId: source.tenantId,
        candidates,
        exhausted: true,
        scannedTo: [after, page.items.length],
      };
    }
    after = page.nextPosition;
    skip = 0;
  }
  return { tenantId: source.tenantId, candidates, exhausted: false, scannedTo: [after, skip] };
};

/** One page of the merged feed; `position` undefined reads from the newest ticket of each tenant. */
export const readProviderTicketFeed = async (
  sources: readonly TenantQueueSource[],
  request: PageRequest,
): Promise<Page<Ticket>> => {
  const previous = request.after === undefined ? undefined : parsePosition(request.after).queues;
  // A cursor names the tenants of its first page: later engagements wait for a fresh listing.
  const live = sources.flatMap((source) => {
    const mark: QueueMark | undefined = previous === undefined ? [null, 0] : previous[source.tenantId];
    return mark === undefined ? [] : [{ source, mark }];
  });

  const lookaheads = await Promise.all(
    live.map(({ source, mark }) => lookahead(source, mark, request.limit)),
  );
  const marks = new Map<string, QueueMark>(live.map(({ source, mark }) => [source.tenantId, mark]));
  const finished = new Set(
    lookaheads
      .filter((entry) => entry.exhausted && entry.candidates.length === 0)
      .map((entry) => entry.tenantId),
  );
  const cursors = new Map(lookaheads.map((entry) => [entry.tenantId, 0]));
  const items: Ticket[] = [];
  while (items.length < request.limit) {
    let best: { entry: Lookahead; candidate: Candidate } | undefined;
    const blocking: Lookahead[] = [];
    for (const entry of lookaheads) {
      const next = entry.candidates[cursors.get(entry.tenantId) ?? 0];
      if (next === undefined) {
        // A tenant not read to its end might hold the next-newest ticket: stop here.
        if (!entry.exhausted) blocking.push(entry);
        continue;
      }
      if (best === undefined || newestFirst(next.ticket, best.candidate.ticket) < 0)
        best = { entry, candidate: next };
    }
    if (blocking.length > 0) {
      // Everything such a tenant's look-ahead read was shown or out of scope: resume after it,
      // so a run of out-of-scope tickets costs pages, never an endless loop of empty ones.
      for (const entry of blocking) marks.set(entry.tenantId, entry.scannedTo);
      break;
    }
    if (best === undefined) break;
    items.push(best.candidate.ticket);
    cursors.set(best.entry.tenantId, (cursors.get(best.entry.tenantId) ?? 0) + 1);
    marks.set(best.entry.tenantId, best.candidate.markAfter);
    const consumedAll = (cursors.get(best.entry.tenantId) ?? 0) === best.entry.candidates.length;
    if (consumedAll && best.entry.exhausted) finished.add(best.entry.tenantId);
  }
  const open = [...marks].filter(([tenantId]) => !finished.has(tenantId));
  return {
    items,
    nextPosition: open.length === 0 ? undefined : JSON.stringify({ queues: Object.fromEntries(open) }),
  };
};
