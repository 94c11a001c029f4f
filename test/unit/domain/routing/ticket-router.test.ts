/**
 * The router over in-memory fakes of its stores (the real cached directory adapter on top):
 * many routers at once in one team stay fair, least loaded never double-counts, and a tenant
 * without rules is routed by its engagements, explained.
 */
import { describe, expect, it } from 'vitest';
import { OrganisationRoutingDirectory } from '../../../../shared/adapters/routing/organisation-routing-directory.ts';
import type {
  AssignmentStateStore,
  TeamAssignmentState,
} from '../../../../shared/domain/routing/routing-directory.ts';
import { type RoutingRecord, TicketRouter } from '../../../../shared/domain/routing/ticket-router.ts';
import type { Engagement } from '../../../../shared/domain/tenancy/engagement.ts';
import type { Agent, Team } from '../../../../shared/domain/tenancy/organisations.ts';
import { raiseTicket, type Ticket } from '../../../../shared/domain/tickets/ticket.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
/** Lets every pending router run up to its next await, so concurrent calls really interleave. */
const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

class InMemoryAssignmentState implements AssignmentStateStore {
  readonly states = new Map<string, { loads: Record<string, number>; turn: number }>();
  #of(providerId: string, teamId: string) {
    const key = `${providerId}/${teamId}`;
    const state = this.states.get(key) ?? { loads: {}, turn: 0 };
    this.states.set(key, state);
    return state;
  }
  async read(providerId: string, teamId: string): Promise<TeamAssignmentState> {
    await yieldToOthers();
    const state = this.#of(providerId, teamId);
    return { loads: { ...state.loads }, turn: state.turn };
  }
  async takeTurn(providerId: string, teamId: string): Promise<TeamAssignmentState> {
    await yieldToOthers();
    const state = this.#of(providerId, teamId);
    state.turn += 1;
    return { loads: { ...state.loads }, turn: state.turn - 1 };
  }
  async adjustLoad(providerId: string, teamId: string, agentId: string, delta: 1 | -1, ifLoadIs?: number) {
    await yieldToOthers();
    const state = this.#of(providerId, teamId);
    const load = state.loads[agentId] ?? 0;
    if (ifLoadIs !== undefined && load !== ifLoadIs) return false;
    if (delta < 0 && load <= 0) return false;
    state.loads[agentId] = load + delta;
    return true;
  }
}

class InMemoryTickets {
  readonly tickets = new Map<string, Ticket>();
  readonly records = new Map<string, RoutingRecord>();
  async getTicket(_tenantId: string, ticketId: string) {
    await yieldToOthers();
    return this.tickets.get(ticketId);
  }
  async saveTicketChange(
    ticket: Ticket,
    expectedVersion: number,
    _entry: unknown,
    _events: unknown,
    routing?: RoutingRecord,
  ): Promise<'saved' | 'stale'> {
    await yieldToOthers();
    if (this.tickets.get(ticket.ticketId)?.version !== expectedVersion) return 'stale';
    this.tickets.set(ticket.ticketId, ticket);
    if (routing !== undefined) this.records.set(ticket.ticketId, routing);
    return 'saved';
  }
}

const allWeek = {
  timeZone: 'UTC',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
    day,
    from: '00:00',
    to: '24:00',
  })),
};
const team = (providerId: string, teamId: string, strategy: Team['strategy']): Team => ({
  providerId,
  teamId,
  name: teamId,
  tier: 'L1',
  strategy,
  nextTierTeamId: null,
});
const agent = (providerId: string, teamId: string, agentId: string): Agent => ({
  agentId,
  providerId,
  displayName: agentId,
  teamIds: [teamId],
  skills: [],
  languages: ['en'],
  schedule: allWeek,
  available: true,
  userId: null,
});
const engagement = (engagementId: string, providerId: string, services: string[] = []): Engagement => ({
  engagementId,
  tenantId: 'acme',
  providerId,
  scope: { services, categories: [] },
  slaPolicyRef: 'sla',
  calendarRef: 'cal',
  priceBookRef: 'pb',
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: null,
  status: 'active',
  updatedAt: '2026-01-01T00:00:00Z',
});

const world = (strategy: Team['strategy']) => {
  const desks: Record<string, { teams: Team[]; agents: Agent[] }> = {
    sdp: {
      teams: [team('sdp', 'sdp-l1', strategy)],
      agents: ['a', 'b', 'c'].map((id) => agent('sdp', 'sdp-l1', id)),
    },
    erp: { teams: [team('erp', 'erp-desk', 'least_loaded')], agents: [agent('erp', 'erp-desk', 'e')] },
  };
  const tickets = new InMemoryTickets();
  const assignmentState = new InMemoryAssignmentState();
  let counter = 0;
  const nextId = () => {
    counter += 1;
    return counter;
  };
  const router = new TicketRouter({
    tickets,
    rulesOf: async () => [],
    calendarOf: async () => undefined,
    directory: new OrganisationRoutingDirectory({
      organisations: {
        teamsOf: async (providerId) => desks[providerId]?.teams ?? [],
        agentsOf: async (providerId) => desks[providerId]?.agents ?? [],
        engagementsOfTenant: async () => [engagement('e-sdp', 'sdp'), engagement('e-erp', 'erp', ['erp'])],
      },
    }),
    assignmentState,
    clock: { now: () => NOW },
    ids: { next: () => `id-${nextId()}` },
  });
  const raise = (fields: { service?: string } = {}) => {
    const number = nextId();
    const ticketId = `t-${number}`;
    const ticket = raiseTicket(
      {
        subject: 's',
        description: '',
        channel: 'portal',
        language: 'en',
        impact: 'low',
        urgency: 'low',
        ...fields,
      },
      { tenantId: 'acme', ticketId, number, requesterId: 'r', createdBy: 'r', now: NOW },
    );
    tickets.tickets.set(ticketId, ticket);
    return ticketId;
  };
  const loadsOf = (providerId: string, teamId: string) =>
    assignmentState.states.get(`${providerId}/${teamId}`)?.loads ?? {};
  return { router, tickets, raise, loadsOf };
};

const countBy = (values: readonly (string | null)[]) =>
  values.reduce<Record<string, number>>((counts, value) => {
    counts[value ?? 'nobody'] = (counts[value ?? 'nobody'] ?? 0) + 1;
    return counts;
  }, {});

describe('TicketRouter', () => {
  it('keeps round robin fair with 30 routings at once in one team', async () => {
    const { router, tickets, raise, loadsOf } = world('round_robin');
    const ids = Array.from({ length: 30 }, () => raise());
    expect(await Promise.all(ids.map((id) => router.route('acme', id, 'c')))).toEqual(
      ids.map(() => 'routed'),
    );
    const assignees = ids.map((id) => tickets.tickets.get(id)?.assigneeId ?? null);
    expect(countBy(assignees)).toEqual({ a: 10, b: 10, c: 10 });
    expect(loadsOf('sdp', 'sdp-l1')).toEqual({ a: 10, b: 10, c: 10 });
  });

  it('never gives two concurrent least-loaded picks the same free agent', async () => {
    const { router, tickets, raise, loadsOf } = world('least_loaded');
    const first = Array.from({ length: 3 }, () => raise());
    await Promise.all(first.map((id) => router.route('acme', id, 'c')));
    expect(countBy(first.map((id) => tickets.tickets.get(id)?.assigneeId ?? null))).toEqual({
      a: 1,
      b: 1,
      c: 1,
    });
    for (const id of Array.from({ length: 6 }, () => raise())) await router.route('acme', id, 'c');
    expect(loadsOf('sdp', 'sdp-l1')).toEqual({ a: 3, b: 3, c: 3 });
  });

  it('routes a tenant without rules by its engagements, the most specific first, explained', async () => {
    const { router, tickets, raise } = world('round_robin');
    const erp = raise({ service: 'erp' });
    const other = raise({ service: 'email' });
    await router.route('acme', erp, 'c');
    await router.route('acme', other, 'c');
    expect(tickets.tickets.get(erp)).toMatchObject({
      providerId: 'erp',
      teamId: 'erp-desk',
      assigneeId: 'e',
    });
    expect(tickets.records.get(erp)).toMatchObject({
      rulesSource: 'directory_default',
      rules: { matchedRuleId: 'engagement:e-erp' },
      entitled: true,
      engagementId: 'e-erp',
    });
    expect(tickets.tickets.get(other)).toMatchObject({
      providerId: 'sdp',
      teamId: 'sdp-l1',
      status: 'assigned',
    });
    expect(tickets.records.get(other)?.rules.verdicts.map((verdict) => verdict.ruleId)).toEqual([
      'engagement:e-erp',
      'engagement:e-sdp',
    ]);
  });

  // Agents' loads (#4): a reassignment that loses the race on the ticket's version moves no load.
  it('leaves loads as they were when a concurrent reassignment of the same version loses', async () => {
    const { router, tickets, raise, loadsOf } = world('least_loaded');
    const ticketId = raise();
    await router.route('acme', ticketId, 'c');
    const held = tickets.tickets.get(ticketId);
    if (held === undefined) throw new Error('no ticket');
    expect(held.assigneeId).toBe('a');
    const reassignTo = (agentId: string) =>
      router.reassign({
        tenantId: 'acme',
        ticketId,
        expectedVersion: held.version,
        actorId: 'lead',
        correlationId: 'c',
        to: { kind: 'agent', agentId },
      });
    const outcomes = await Promise.allSettled([reassignTo('b'), reassignTo('c')]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = tickets.tickets.get(ticketId)?.assigneeId;
    expect(loadsOf('sdp', 'sdp-l1')).toEqual({
      a: 0,
      b: winner === 'b' ? 1 : 0,
      c: winner === 'c' ? 1 : 0,
    });
  });

  // Transfer to another team (#4)
  describe('transfer', () => {
    const transferOf =
      (router: TicketRouter, ticketId: string, version: number) => (providerId: string, teamId: string) =>
        router.transfer({
          tenantId: 'acme',
          ticketId,
          expectedVersion: version,
          actorId: 'lead',
          correlationId: 'c',
          providerId,
          teamId,
          reason: 'wrong desk',
        });

    it("moves the ticket to the team, assigned by its strategy, and releases the holder's load", async () => {
      const { router, tickets, raise, loadsOf } = world('least_loaded');
      const ticketId = raise({ service: 'erp' });
      await router.route('acme', ticketId, 'c');
      const held = tickets.tickets.get(ticketId);
      expect(held).toMatchObject({ providerId: 'erp', teamId: 'erp-desk', assigneeId: 'e' });
      expect(loadsOf('erp', 'erp-desk')).toEqual({ e: 1 });

      const moved = await transferOf(router, ticketId, held?.version ?? 0)('sdp', 'sdp-l1');
      expect(moved).toMatchObject({
        providerId: 'sdp',
        teamId: 'sdp-l1',
        assigneeId: 'a',
        status: 'assigned',
        reassignmentCount: 1,
      });
      expect(tickets.tickets.get(ticketId)?.version).toBe((held?.version ?? 0) + 1);
      expect(loadsOf('erp', 'erp-desk')).toEqual({ e: 0 });
      expect(loadsOf('sdp', 'sdp-l1')).toEqual({ a: 1 });
      expect(tickets.records.get(ticketId)).toMatchObject({
        rules: { matchedRuleId: 'manual:transfer' },
        engagementId: 'e-sdp',
        assignment: { agentId: 'a' },
      });
    });

    it('refuses a team no engagement in force covers for the ticket (409), or that does not exist (404)', async () => {
      const { router, tickets, raise, loadsOf } = world('least_loaded');
      const ticketId = raise();
      await router.route('acme', ticketId, 'c');
      const version = tickets.tickets.get(ticketId)?.version ?? 0;
      const transfer = transferOf(router, ticketId, version);
      await expect(transfer('erp', 'erp-desk')).rejects.toMatchObject({ name: 'Conflict' });
      await expect(transfer('sdp', 'sdp-l9')).rejects.toMatchObject({ name: 'NotFound' });
      await expect(transfer('sdp', 'sdp-l1')).rejects.toMatchObject({ name: 'Conflict' });
      await expect(transferOf(router, ticketId, version - 1)('erp', 'erp-desk')).rejects.toMatchObject({
        name: 'PreconditionFailed',
      });
      expect(tickets.tickets.get(ticketId)?.version).toBe(version);
      expect(loadsOf('sdp', 'sdp-l1')).toEqual({ a: 1 });
      expect(loadsOf('erp', 'erp-desk')).toEqual({});
    });
  });
});
