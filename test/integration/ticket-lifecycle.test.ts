/**
 * The lifecycle over HTTP: transitions with If-Match, 412 on a stale version, 409 on an illegal
 * move, the history, and `TicketStatusChanged` leaving through the outbox.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { historyEntrySchema } from '../../shared/api/ticket-lifecycle.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

const historySchema = z.object({ items: z.array(historyEntrySchema) });
const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

const move = (token: string, ticketId: string, version: number | string, body: Record<string, unknown>) =>
  api('POST', `/v1/tickets/${ticketId}/transitions`, {
    token,
    body,
    headers: { 'if-match': typeof version === 'number' ? `"${version}"` : version },
  });

describe('ticket lifecycle over HTTP', () => {
  let tenant: TestTenant;
  let agent: string;
  let requester: string;

  beforeAll(async () => {
    tenant = await createTestTenant('lifecycle');
    agent = tokenOf(tenant, 'agent');
    requester = tokenOf(tenant, 'requester');
  });

  /**
   * Raises a ticket and waits for the router (TicketCreated → routeTicket) to record its
   * decision, which bumps the version: the lifecycle steps then start from a settled ticket.
   */
  const raise = async (subject: string) => {
    const created = ticketSchema.parse(
      (await api('POST', '/v1/tickets', { token: requester, body: { subject } })).body,
    );
    await eventually(async () => {
      const routing = await api('GET', `/v1/tickets/${created.id}/routing`, { token: agent });
      return routing.status === 200 ? true : undefined;
    }, 15_000);
    return ticketSchema.parse((await api('GET', `/v1/tickets/${created.id}`, { token: agent })).body);
  };

  it('walks a ticket from new to closed, with history and events', async () => {
    const ticket = await raise('Laptop will not boot');
    const steps = [
      { to: 'assigned' },
      { to: 'in_progress' },
      { to: 'awaiting_vendor', reason: 'Part ordered from Dell' },
      { to: 'in_progress' },
      { to: 'resolved' },
    ];
    let version = ticket.version;
    for (const step of steps) {
      const response = await move(agent, ticket.id, version, step);
      expect(response.status, response.text).toBe(200);
      const moved = ticketSchema.parse(response.body);
      expect(moved.status).toBe(step.to);
      expect(moved.version).toBe(version + 1);
      expect(response.headers.get('etag')).toBe(`"${moved.version}"`);
      version = moved.version;
    }
    // The requester accepts the resolution.
    const closed = await move(requester, ticket.id, version, { to: 'closed' });
    expect(closed.status, closed.text).toBe(200);
    expect(ticketSchema.parse(closed.body)).toMatchObject({ status: 'closed', version: ticket.version + 6 });

    const history = historySchema.parse(
      (await api('GET', `/v1/tickets/${ticket.id}/history`, { token: requester })).body,
    );
    // created, routed (by the router, before any move), then the six moves.
    expect(history.items.map((entry) => entry.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(history.items[0]).toMatchObject({ change: 'created', status: 'new' });
    expect(history.items[1]).toMatchObject({ change: 'routed', actorId: 'system:router' });
    expect(history.items[4]).toMatchObject({
      change: 'status_changed',
      from: 'in_progress',
      to: 'awaiting_vendor',
      reason: 'Part ordered from Dell',
      actorId: `${tenant.id}-agent`,
    });
    expect(history.items[7]).toMatchObject({
      from: 'resolved',
      to: 'closed',
      actorId: `${tenant.id}-requester`,
    });

    const changes = await eventually(async () => {
      const state = stateSchema.parse((await api('GET', '/_local/state')).body);
      const mine = state.events.filter(
        (event) => event.detailType === 'TicketStatusChanged' && event.detail.aggregateId === ticket.id,
      );
      return mine.length === 6 ? mine : undefined;
    });
    const vendorWait = changes.find((event) => event.detail.to === 'awaiting_vendor');
    expect(vendorWait?.detail).toMatchObject({
      tenantId: tenant.id,
      from: 'in_progress',
      reason: 'Part ordered from Dell',
      aggregateVersion: ticket.version + 3,
    });
    expect(new Set(changes.map((event) => event.detail.aggregateVersion))).toEqual(
      new Set([1, 2, 3, 4, 5, 6].map((step) => ticket.version + step)),
    );
  });

  it('answers 412 on a stale If-Match and leaves the ticket as it was', async () => {
    const ticket = await raise('Stale edit');
    expect((await move(agent, ticket.id, ticket.version, { to: 'assigned' })).status).toBe(200);
    const stale = await move(agent, ticket.id, ticket.version, { to: 'in_progress' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    const read = await api('GET', `/v1/tickets/${ticket.id}`, { token: agent });
    expect(ticketSchema.parse(read.body)).toMatchObject({ status: 'assigned', version: ticket.version + 1 });
  });

  it('lets only one of two concurrent moves on the same version win', async () => {
    const ticket = await raise('Race');
    const [first, second] = await Promise.all([
      move(agent, ticket.id, ticket.version, { to: 'assigned' }),
      move(agent, ticket.id, ticket.version, { to: 'in_progress' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 412]);
    const history = historySchema.parse(
      (await api('GET', `/v1/tickets/${ticket.id}/history`, { token: agent })).body,
    );
    // created, routed, and the one move that won.
    expect(history.items).toHaveLength(3);
  });

  it('answers 409 on an illegal move, 400 without a reason where one is owed or without If-Match', async () => {
    const ticket = await raise('Illegal moves');
    const illegal = await move(agent, ticket.id, ticket.version, { to: 'awaiting_requester', reason: 'x' });
    expect(illegal.status).toBe(409);
    expect(z.object({ type: z.string() }).parse(illegal.body).type).toContain('conflict');
    expect((await move(agent, ticket.id, ticket.version, { to: 'closed' })).status).toBe(400);
    const withoutIfMatch = await api('POST', `/v1/tickets/${ticket.id}/transitions`, {
      token: agent,
      body: { to: 'assigned' },
    });
    expect(withoutIfMatch.status).toBe(400);
    expect((await move(agent, ticket.id, `W/"${ticket.version}"`, { to: 'assigned' })).status).toBe(400);
  });

  it("refuses agents' moves to requesters, and hides other tenants' tickets", async () => {
    const ticket = await raise('Requester overreach');
    expect((await move(requester, ticket.id, ticket.version, { to: 'in_progress' })).status).toBe(403);
    const neighbour = await createTestTenant('lifecycle-neighbour');
    expect(
      (await move(tokenOf(neighbour, 'agent'), ticket.id, ticket.version, { to: 'assigned' })).status,
    ).toBe(404);
    expect(
      (await api('GET', `/v1/tickets/${ticket.id}/history`, { token: tokenOf(neighbour, 'agent') })).status,
    ).toBe(404);
  });

  it('reopens a resolved ticket within the window, counting it', async () => {
    const ticket = await raise('Comes back');
    let version = ticket.version;
    for (const to of ['in_progress', 'resolved']) {
      const response = await move(agent, ticket.id, version, { to });
      version = ticketSchema.parse(response.body).version;
    }
    const reopened = await move(requester, ticket.id, version, { to: 'in_progress', reason: 'Still broken' });
    expect(reopened.status, reopened.text).toBe(200);
    expect(ticketSchema.parse(reopened.body)).toMatchObject({
      status: 'in_progress',
      reopenCount: 1,
      resolvedAt: null,
    });
  });
});
