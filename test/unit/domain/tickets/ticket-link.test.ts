/**
 * Linking sends no version, so a ticket that changes between the service's read and its write
 * (the router assigning a ticket just raised) is the server's race to retry, not the client's.
 */
import { describe, expect, it } from 'vitest';
import { PreconditionFailed } from '../../../../shared/domain/errors.ts';
import type { TenantPrincipal } from '../../../../shared/domain/tenancy/principal.ts';
import { raiseTicket, type Ticket } from '../../../../shared/domain/tickets/ticket.ts';
import { TicketLifecycleService } from '../../../../shared/domain/tickets/ticket-lifecycle-service.ts';
import type {
  TicketPairChange,
  TicketRepository,
} from '../../../../shared/domain/tickets/ticket-repository.ts';

const agent: TenantPrincipal = {
  kind: 'tenant',
  tenantId: 'acme',
  tier: 'standard',
  tenantStatus: 'active',
  userId: 'agent-1',
  roles: ['agent'],
  credential: 'token',
};

const ticketNumbered = (ticketId: string, number: number): Ticket =>
  raiseTicket(
    {
      subject: `Ticket ${number}`,
      description: '',
      channel: 'api',
      language: 'en',
      impact: 'low',
      urgency: 'low',
    },
    {
      tenantId: 'acme',
      ticketId,
      number,
      requesterId: 'alice',
      createdBy: 'alice',
      now: new Date('2026-11-02T09:00:00Z'),
    },
  );

/** Tickets whose pair writes lose to a concurrent change `staleWrites` times; each loss bumps a version. */
const repositoryLosing = (staleWrites: number) => {
  const tickets = new Map<string, Ticket>([
    ['T1', ticketNumbered('T1', 1)],
    ['T2', ticketNumbered('T2', 2)],
  ]);
  let losses = staleWrites;
  const writes: (readonly TicketPairChange[])[] = [];
  const repository: Pick<TicketRepository, 'getTicket' | 'saveTicketPair'> = {
    getTicket: async (_tenantId, ticketId) => tickets.get(ticketId),
    saveTicketPair: async (changes) => {
      writes.push(changes);
      if (losses > 0) {
        losses -= 1;
        // Someone else (the router) changed T2 meanwhile.
        const other = tickets.get('T2');
        if (other !== undefined) tickets.set('T2', { ...other, version: other.version + 1 });
        return 'stale';
      }
      for (const change of changes) {
        if (tickets.get(change.ticket.ticketId)?.version !== change.expectedVersion) return 'stale';
        tickets.set(change.ticket.ticketId, change.ticket);
      }
      return 'saved';
    },
  };
  const service = new TicketLifecycleService({
    tickets: repository as TicketRepository,
    clock: { now: () => new Date('2026-11-02T10:00:00Z') },
    ids: { next: () => 'id' },
  });
  return { service, tickets, writes };
};

const link = { principal: agent, ticketId: 'T1', kind: 'related', otherTicketId: 'T2' } as const;

describe('linking tickets', () => {
  it('reads again and links when the other ticket changed between the read and the write', async () => {
    const { service, tickets, writes } = repositoryLosing(2);
    const linked = await service.link(link);
    expect(linked.links).toEqual([{ kind: 'related', ticketId: 'T2' }]);
    expect(tickets.get('T2')?.links).toEqual([{ kind: 'related', ticketId: 'T1' }]);
    expect(writes).toHaveLength(3);
    // The last write was planned on the version the concurrent change left.
    expect(writes[2]?.[1]?.expectedVersion).toBe(3);
  });

  it('tells the caller to retry after three lost races, having written nothing', async () => {
    const { service, tickets, writes } = repositoryLosing(3);
    await expect(service.link(link)).rejects.toBeInstanceOf(PreconditionFailed);
    expect(writes).toHaveLength(3);
    expect(tickets.get('T1')?.links).toEqual([]);
  });
});
