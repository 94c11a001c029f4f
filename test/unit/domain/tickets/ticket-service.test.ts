/** The tickets use cases over an in-memory repository: idempotency and visibility rules. */
import { beforeEach, describe, expect, it } from 'vitest';
import { IdempotencyKeyReused, NotFound } from '../../../../shared/domain/errors.ts';
import type { OutgoingEvent, Page, PageRequest } from '../../../../shared/domain/shared/ports.ts';
import type { TenantPrincipal } from '../../../../shared/domain/tenancy/principal.ts';
import type { RaiseTicketInput, Ticket } from '../../../../shared/domain/tickets/ticket.ts';
import type {
  CreateTicketOutcome,
  IdempotencyClaim,
  IdempotencyRecord,
  TicketRepository,
} from '../../../../shared/domain/tickets/ticket-repository.ts';
import { TicketService } from '../../../../shared/domain/tickets/ticket-service.ts';

class InMemoryTickets implements TicketRepository {
  readonly tickets = new Map<string, Ticket>();
  readonly events: OutgoingEvent[] = [];
  readonly claims = new Map<string, IdempotencyRecord>();
  readonly counters = new Map<string, number>();
  /** Simulates a concurrent request that claims the key between our read and our write. */
  raceWinner: IdempotencyRecord | undefined;

  async nextTicketNumber(tenantId: string) {
    const next = (this.counters.get(tenantId) ?? 0) + 1;
    this.counters.set(tenantId, next);
    return next;
  }
  async findIdempotencyRecord(tenantId: string, principalId: string, key: string) {
    return this.claims.get(`${tenantId}|${principalId}|${key}`);
  }
  async createTicket(ticket: Ticket, events: readonly OutgoingEvent[], claim: IdempotencyClaim | undefined) {
    const claimKey = claim === undefined ? undefined : `${ticket.tenantId}|${claim.principalId}|${claim.key}`;
    if (claimKey !== undefined && this.raceWinner !== undefined) {
      this.claims.set(claimKey, this.raceWinner);
      return { kind: 'idempotency-key-taken', record: this.raceWinner } satisfies CreateTicketOutcome;
    }
    if (claim !== undefined && claimKey !== undefined) {
      this.claims.set(claimKey, { fingerprint: claim.fingerprint, ticketId: ticket.ticketId });
    }
    this.tickets.set(`${ticket.tenantId}|${ticket.ticketId}`, ticket);
    this.events.push(...events);
    return { kind: 'created' } satisfies CreateTicketOutcome;
  }
  async getTicket(tenantId: string, ticketId: string) {
    return this.tickets.get(`${tenantId}|${ticketId}`);
  }
  async listRequesterTickets(
    tenantId: string,
    requesterId: string,
    page: PageRequest,
  ): Promise<Page<Ticket>> {
    const items = [...this.tickets.values()].filter(
      (t) => t.tenantId === tenantId && t.requesterId === requesterId,
    );
    return { items: items.slice(0, page.limit), nextPosition: undefined };
  }
  async listTenantTickets(tenantId: string, page: PageRequest): Promise<Page<Ticket>> {
    const items = [...this.tickets.values()].filter((t) => t.tenantId === tenantId);
    return { items: items.slice(0, page.limit), nextPosition: undefined };
  }
  // The lifecycle operations are not exercised by these intake and visibility tests.
  saveTicketChange(): Promise<never> {
    return Promise.reject(new Error('not used by these tests'));
  }
  getRoutingRecord(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  saveTicketPair(): Promise<never> {
    return Promise.reject(new Error('not used by these tests'));
  }
  listTicketHistory(): Promise<readonly never[]> {
    return Promise.resolve([]);
  }
}

const principal = (userId: string, roles: TenantPrincipal['roles'], tenantId = 'acme'): TenantPrincipal => ({
  kind: 'tenant',
  tenantId,
  tier: 'standard',
  tenantStatus: 'active',
  userId,
  roles,
  credential: 'token',
});

const input: RaiseTicketInput = {
  subject: 'Laptop',
  description: '',
  channel: 'api',
  language: 'en',
  impact: 'medium',
  urgency: 'medium',
};

describe('TicketService', () => {
  let repository: InMemoryTickets;
  let service: TicketService;
  let sequence: number;

  beforeEach(() => {
    repository = new InMemoryTickets();
    sequence = 0;
    service = new TicketService({
      tickets: repository,
      clock: { now: () => new Date('2026-05-01T10:00:00Z') },
      ids: {
        next: () => {
          sequence += 1;
          return `ID${sequence.toString().padStart(4, '0')}`;
        },
      },
    });
  });

  it('raises a ticket and emits TicketCreated carrying the envelope and the summary, not the description', async () => {
    const { ticket, replayed } = await service.raise({
      principal: principal('alice', ['requester']),
      input: { ...input, description: 'secret details' },
      correlationId: 'corr-1',
      idempotency: undefined,
    });
    expect(replayed).toBe(false);
    expect(repository.events).toHaveLength(1);
    const event = repository.events[0];
    expect(event).toMatchObject({
      tenantId: 'acme',
      detailType: 'TicketCreated',
      detail: {
        tenantId: 'acme',
        correlationId: 'corr-1',
        aggregateId: ticket.ticketId,
        aggregateVersion: 1,
      },
    });
    expect(JSON.stringify(event?.detail)).not.toContain('secret details');
  });

  it('replays the first ticket for the same key and fingerprint, without a second event', async () => {
    const command = {
      principal: principal('alice', ['requester']),
      input,
      correlationId: 'c',
      idempotency: { key: 'key-0001', fingerprint: 'f1' },
    };
    const first = await service.raise(command);
    const second = await service.raise(command);
    expect(second).toEqual({ ticket: first.ticket, replayed: true });
    expect(repository.events).toHaveLength(1);
  });

  it('refuses the same key with another fingerprint', async () => {
    const base = { principal: principal('alice', ['requester']), input, correlationId: 'c' };
    await service.raise({ ...base, idempotency: { key: 'key-0001', fingerprint: 'f1' } });
    await expect(
      service.raise({ ...base, idempotency: { key: 'key-0001', fingerprint: 'f2' } }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReused);
  });

  it('answers with the winner when a concurrent request claimed the key first', async () => {
    const winner = await service.raise({
      principal: principal('alice', ['requester']),
      input,
      correlationId: 'c',
      idempotency: undefined,
    });
    repository.raceWinner = { fingerprint: 'f1', ticketId: winner.ticket.ticketId };
    const result = await service.raise({
      principal: principal('alice', ['requester']),
      input,
      correlationId: 'c',
      idempotency: { key: 'key-0002', fingerprint: 'f1' },
    });
    expect(result).toEqual({ ticket: winner.ticket, replayed: true });
  });

  it('keys idempotency per principal: the same key from two people creates two tickets', async () => {
    const idempotency = { key: 'shared-key', fingerprint: 'f' };
    const a = await service.raise({
      principal: principal('alice', ['requester']),
      input,
      correlationId: 'c',
      idempotency,
    });
    const b = await service.raise({
      principal: principal('bob', ['requester']),
      input,
      correlationId: 'c',
      idempotency,
    });
    expect(a.ticket.ticketId).not.toBe(b.ticket.ticketId);
  });

  it("hides other people's tickets from requesters, and every foreign-tenant ticket from everyone", async () => {
    const { ticket } = await service.raise({
      principal: principal('alice', ['requester']),
      input,
      correlationId: 'c',
      idempotency: undefined,
    });
    await expect(service.get(principal('bob', ['requester']), ticket.ticketId)).rejects.toBeInstanceOf(
      NotFound,
    );
    await expect(service.get(principal('carol', ['agent']), ticket.ticketId)).resolves.toEqual(ticket);
    await expect(service.get(principal('dave', ['agent'], 'globex'), ticket.ticketId)).rejects.toBeInstanceOf(
      NotFound,
    );
  });

  it('lists own tickets for requesters and the tenant queue for agents', async () => {
    await service.raise({
      principal: principal('alice', ['requester']),
      input,
      correlationId: 'c',
      idempotency: undefined,
    });
    await service.raise({
      principal: principal('bob', ['requester']),
      input,
      correlationId: 'c',
      idempotency: undefined,
    });
    const own = await service.list(principal('alice', ['requester']), { limit: 10, after: undefined });
    expect(own.items.map((t) => t.requesterId)).toEqual(['alice']);
    const queue = await service.list(principal('carol', ['agent']), { limit: 10, after: undefined });
    expect(queue.items).toHaveLength(2);
  });

  describe('delegated admins (sites and departments)', () => {
    const at = (userId: string, site: string | null, department: string | null = null) => ({
      ...principal(userId, ['requester']),
      orgUnit: { site, department },
    });
    const delegatedAdmin = (delegation: { sites: string[]; departments: string[] }) => ({
      ...principal('dana', ['delegated_admin']),
      orgUnit: { site: 'lyon', department: null },
      delegation,
    });
    const raiseAs = async (requester: TenantPrincipal) =>
      (await service.raise({ principal: requester, input, correlationId: 'c', idempotency: undefined }))
        .ticket;

    it("stamps the requester's site and department on the ticket at intake", async () => {
      const ticket = await raiseAs(at('alice', 'paris', 'finance'));
      expect(ticket).toMatchObject({ site: 'paris', department: 'finance' });
      const keyTicket = await raiseAs(principal('integration', ['requester']));
      expect(keyTicket).toMatchObject({ site: null, department: null });
    });

    it('sees tickets of their sites or departments, and nothing else but their own (404)', async () => {
      const paris = await raiseAs(at('alice', 'paris'));
      const finance = await raiseAs(at('bob', 'berlin', 'finance'));
      const berlin = await raiseAs(at('carl', 'berlin', 'sales'));
      const nowhere = await raiseAs(principal('integration', ['requester']));
      const own = await raiseAs({ ...delegatedAdmin({ sites: [], departments: [] }), roles: ['requester'] });
      const admin = delegatedAdmin({ sites: ['paris'], departments: ['finance'] });

      await expect(service.get(admin, paris.ticketId)).resolves.toEqual(paris);
      await expect(service.get(admin, finance.ticketId)).resolves.toEqual(finance);
      await expect(service.get(admin, own.ticketId)).resolves.toEqual(own);
      await expect(service.get(admin, berlin.ticketId)).rejects.toBeInstanceOf(NotFound);
      await expect(service.get(admin, nowhere.ticketId)).rejects.toBeInstanceOf(NotFound);

      const listed = await service.list(admin, { limit: 10, after: undefined });
      expect(listed.items.map((ticket) => ticket.ticketId).sort()).toEqual(
        [paris.ticketId, finance.ticketId, own.ticketId].sort(),
      );
    });

    it('administers nothing when the token names no delegation (fail closed)', async () => {
      const paris = await raiseAs(at('alice', 'paris'));
      const { delegation: _none, ...withoutDelegation } = delegatedAdmin({ sites: [], departments: [] });
      await expect(service.get(withoutDelegation, paris.ticketId)).rejects.toBeInstanceOf(NotFound);
      const listed = await service.list(withoutDelegation, { limit: 10, after: undefined });
      expect(listed.items).toEqual([]);
    });

    it('never reaches into another tenant, whatever the site', async () => {
      const paris = await raiseAs(at('alice', 'paris'));
      const foreign = { ...delegatedAdmin({ sites: ['paris'], departments: [] }), tenantId: 'globex' };
      await expect(service.get(foreign, paris.ticketId)).rejects.toBeInstanceOf(NotFound);
    });
  });
});
