/**
 * Agents' loads follow their tickets, end to end on the local stack: in a least-loaded team of
 * two, resolving an agent's tickets releases their load (the next ticket goes to them again),
 * resolve → close does not release twice, a reopen counts the ticket again, and a redelivered
 * `TicketStatusChanged` (published again on the bus) changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routingExplanationSchema } from '../../shared/api/routing.ts';
import { agentSchema, teamSchema } from '../../shared/api/tenancy.ts';
import { type TicketResource, ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';
import { createTestProvider, engage, type TestProvider } from '../support/tenancy-fixtures.ts';

const allWeek = {
  timeZone: 'UTC',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
    day,
    from: '00:00',
    to: '24:00',
  })),
};

const stateSchema = z.object({
  bus: z.object({ delivered: z.number() }),
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

describe("agents' loads released by the lifecycle", () => {
  let tenant: TestTenant;
  let provider: TestProvider;
  let teamId: string;
  /** The two agents in id order: ties in load go to `first`. */
  let first: string;
  let second: string;
  /** Second line (transfer target) and its only agent. */
  let secondLine: string;
  let secondLineAgent: string;

  const must = async (method: string, path: string, token: string, body?: unknown, ifMatch?: number) => {
    const response = await api(method, path, {
      token,
      ...(body === undefined ? {} : { body }),
      ...(ifMatch === undefined ? {} : { headers: { 'if-match': `"${ifMatch}"` } }),
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response.body;
  };

  const providerAdmin = () => {
    const token = provider.tokens.provider_admin;
    if (token === undefined) throw new Error('no provider_admin token');
    return token;
  };

  /** The loads the router sees now, from a dry run (changes nothing). */
  const loads = async (): Promise<Record<string, number>> => {
    const explanation = routingExplanationSchema.parse(
      await must('POST', '/v1/routing/dry-run', tokenOf(tenant, 'agent'), {}),
    );
    return Object.fromEntries(
      (explanation.assignment?.candidates ?? []).map((candidate) => [candidate.agentId, candidate.load]),
    );
  };

  const loadsBecome = (expected: Record<string, number>) =>
    eventually(async () => {
      const seen = await loads();
      return seen[first] === expected[first] && seen[second] === expected[second] ? seen : undefined;
    });

  /** Raises a ticket and waits until the router has assigned it. */
  const routeOne = async (): Promise<TicketResource> => {
    const created = ticketSchema.parse(
      await must('POST', '/v1/tickets', tokenOf(tenant, 'requester'), { subject: `Load ${Date.now()}` }),
    );
    return eventually(async () => {
      const ticket = ticketSchema.parse(
        await must('GET', `/v1/tickets/${created.id}`, tokenOf(tenant, 'agent')),
      );
      return ticket.assigneeId === null || ticket.assigneeId === undefined ? undefined : ticket;
    });
  };

  const move = async (ticketId: string, to: string, reason?: string): Promise<TicketResource> => {
    const current = ticketSchema.parse(
      await must('GET', `/v1/tickets/${ticketId}`, tokenOf(tenant, 'agent')),
    );
    return ticketSchema.parse(
      await must(
        'POST',
        `/v1/tickets/${ticketId}/transitions`,
        tokenOf(tenant, 'agent'),
        { to, ...(reason === undefined ? {} : { reason }) },
        current.version,
      ),
    );
  };

  beforeAll(async () => {
    tenant = await createTestTenant('loads');
    provider = await createTestProvider('loads-desk');
    teamId = teamSchema.parse(
      await must('POST', '/v1/provider/teams', providerAdmin(), {
        name: 'First line',
        tier: 'L1',
        strategy: 'least_loaded',
      }),
    ).teamId;
    const agentIds: string[] = [];
    for (const displayName of ['Agent one', 'Agent two']) {
      const agent = agentSchema.parse(
        await must('POST', '/v1/provider/agents', providerAdmin(), {
          displayName,
          teamIds: [teamId],
          languages: ['en'],
          schedule: allWeek,
        }),
      );
      agentIds.push(agent.agentId);
    }
    [first, second] = agentIds.sort() as [string, string];
    secondLine = teamSchema.parse(
      await must('POST', '/v1/provider/teams', providerAdmin(), { name: 'Second line', tier: 'L2' }),
    ).teamId;
    secondLineAgent = agentSchema.parse(
      await must('POST', '/v1/provider/agents', providerAdmin(), {
        displayName: 'Second-line agent',
        teamIds: [secondLine],
        languages: ['en'],
        schedule: allWeek,
      }),
    ).agentId;
    await engage(tenant, provider.id);
  });

  it('gives an agent new tickets again once theirs are resolved; closing does not release twice', async () => {
    const t1 = await routeOne();
    const t2 = await routeOne();
    const t3 = await routeOne();
    expect([t1.assigneeId, t2.assigneeId, t3.assigneeId]).toEqual([first, second, first]);
    expect(await loads()).toEqual({ [first]: 2, [second]: 1 });

    await move(t1.id, 'resolved');
    await move(t3.id, 'resolved');
    await loadsBecome({ [first]: 0, [second]: 1 });
    await move(t1.id, 'closed');

    // Without the release `first` would still carry 2 and the next ticket would go to `second`.
    const t4 = await routeOne();
    expect(t4.assigneeId).toBe(first);
    const t5 = await routeOne();
    expect(t5.assigneeId).toBe(first);
    // t1's close (after its resolve) took nothing more away: first holds t4 and t5.
    expect(await loads()).toEqual({ [first]: 2, [second]: 1 });
  });

  it('counts a reopened ticket again, and a redelivered status change changes nothing', async () => {
    const held = await routeOne();
    const holder = held.assigneeId;
    if (holder === null || holder === undefined) throw new Error('not assigned');
    const before = await loads();
    const heldLoad = before[holder] ?? 0;

    await move(held.id, 'resolved');
    await loadsBecome({ ...before, [holder]: heldLoad - 1 });
    await move(held.id, 'in_progress', 'The fix did not hold');
    await loadsBecome({ ...before, [holder]: heldLoad });

    // The lifecycle's own events name the holder; publish the release again, twice, as a redelivery.
    const state = stateSchema.parse((await api('GET', '/_local/state')).body);
    const moves = state.events.filter(
      (event) =>
        event.detailType === 'TicketStatusChanged' &&
        z.object({ aggregateId: z.string() }).parse(event.detail).aggregateId === held.id,
    );
    expect(
      moves.map((event) =>
        z.object({ to: z.string(), ticket: z.object({ assigneeId: z.string() }) }).parse(event.detail),
      ),
    ).toEqual([
      expect.objectContaining({ to: 'resolved', ticket: expect.objectContaining({ assigneeId: holder }) }),
      expect.objectContaining({ to: 'in_progress', ticket: expect.objectContaining({ assigneeId: holder }) }),
    ]);
    // Only the release: a broken idempotency would take two units away, with nothing to offset it.
    const release = moves.filter((event) => event.detail.to === 'resolved');
    const entries = [...release, ...release].map((event) => ({
      detailType: event.detailType,
      detail: event.detail,
    }));
    const published = await api('POST', '/_local/events', { body: { entries } });
    expect(published.status, published.text).toBe(200);
    // Each copy reaches three targets (SLA, billing usage, loads): wait until at least that many
    // deliveries happened since, and a little more for the last handler to commit.
    await eventually(async () => {
      const now = stateSchema.parse((await api('GET', '/_local/state')).body);
      return now.bus.delivered >= state.bus.delivered + entries.length * 3 ? true : undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await loads()).toEqual(before);
  });

  it("transfers a ticket to another team of an engaged provider, releasing the holder's load", async () => {
    const ticket = await routeOne();
    const holder = ticket.assigneeId;
    if (holder === null || holder === undefined) throw new Error('not assigned');
    const before = await loads();
    const transfer = (body: unknown, version: number) =>
      api('POST', `/v1/tickets/${ticket.id}/transfer`, {
        token: tokenOf(tenant, 'agent'),
        body,
        headers: { 'if-match': `"${version}"` },
      });
    const reason = 'ERP finance module: second line';

    const notEngaged = await transfer(
      { providerId: 'servicedesk-pro', teamId: 'sdp-l1', reason },
      ticket.version,
    );
    expect(notEngaged.status, notEngaged.text).toBe(409);
    const noTeam = await transfer(
      { providerId: provider.id, teamId: 'no-such-team', reason },
      ticket.version,
    );
    expect(noTeam.status, noTeam.text).toBe(404);
    const stale = await transfer({ providerId: provider.id, teamId: secondLine, reason }, ticket.version - 1);
    expect(stale.status, stale.text).toBe(412);
    const byRequester = await api('POST', `/v1/tickets/${ticket.id}/transfer`, {
      token: tokenOf(tenant, 'requester'),
      body: { providerId: provider.id, teamId: secondLine, reason },
      headers: { 'if-match': `"${ticket.version}"` },
    });
    expect(byRequester.status).toBe(403);

    const moved = await transfer({ providerId: provider.id, teamId: secondLine, reason }, ticket.version);
    expect(moved.status, moved.text).toBe(200);
    expect(ticketSchema.parse(moved.body)).toMatchObject({
      teamId: secondLine,
      assigneeId: secondLineAgent,
      reassignmentCount: 1,
      version: ticket.version + 1,
    });
    expect(moved.headers.get('etag')).toBe(`"${ticket.version + 1}"`);
    expect(await loads()).toEqual({ ...before, [holder]: (before[holder] ?? 0) - 1 });

    const history = z
      .object({ items: z.array(z.record(z.string(), z.unknown())) })
      .parse(await must('GET', `/v1/tickets/${ticket.id}/history`, tokenOf(tenant, 'agent')));
    expect(history.items).toContainEqual(
      expect.objectContaining({ change: 'routed', ruleId: 'manual:transfer', teamId: secondLine, reason }),
    );
  });
});
