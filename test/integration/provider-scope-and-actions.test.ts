/**
 * An engaged provider within its engagement's scope, over HTTP. A fresh tenant engages a fresh
 * provider desk for every ERP ticket; its tickets (category `sap` and `payroll`) are routed to
 * the desk; then the tenant narrows the engagement to `sap` (a new engagement, the broad one
 * ended). The desk's queue shows the in-scope tickets, in full pages, and never an out-of-scope
 * one; its agents move and comment on in-scope tickets (history with the provider as actor,
 * audit entries, first response) and get 404 on anything else; once the engagement is
 * suspended, nothing at all. Fresh organisations, so no other test's demo data moves under it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketFirstRespondedDetailSchema } from '../../events/ticket-first-responded.ts';
import { providerQueueItemSchema } from '../../shared/api/provider-queue.ts';
import { teamSchema } from '../../shared/api/tenancy.ts';
import { commentSchema } from '../../shared/api/ticket-conversation.ts';
import { historyEntrySchema } from '../../shared/api/ticket-lifecycle.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import {
  api,
  createTestTenant,
  eventually,
  localStack,
  type TestTenant,
  tokenOf,
} from '../support/local-stack.ts';
import { createTestProvider, engage, type TestProvider } from '../support/tenancy-fixtures.ts';

const pageSchema = z.object({ items: z.array(providerQueueItemSchema), nextCursor: z.string().nullable() });
const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

const allWeek = {
  timeZone: 'UTC',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
    day,
    from: '00:00',
    to: '24:00',
  })),
};

let tenant: TestTenant;
let provider: TestProvider;
const client = (role: string) => tokenOf(tenant, role);
const desk = (role = 'provider_agent'): string => {
  const token = provider.tokens[role];
  if (token === undefined) throw new Error(`no ${provider.id} ${role} token`);
  return token;
};
const demoProviderToken = (id: string, role: string): string => {
  const token = localStack().providers.find((entry) => entry.id === id)?.tokens[role];
  if (token === undefined) throw new Error(`no ${id} ${role} token`);
  return token;
};

/** Every page of the queue; asserts that each page but the last is full (no short pages). */
const readPages = async (query: string, limit: number) => {
  const pages: z.infer<typeof pageSchema>[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api('GET', `/v1/provider/queue?limit=${limit}${query}${suffix}`, {
      token: desk(),
    });
    expect(response.status, response.text).toBe(200);
    const page = pageSchema.parse(response.body);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  pages.slice(0, -1).forEach((page) => {
    expect(page.items).toHaveLength(limit);
  });
  return pages.flatMap((page) => page.items);
};

describe('engaged provider, within its engagement scope', () => {
  let scopedEngagementId: string;
  const inScope: string[] = [];
  const outOfScope: string[] = [];

  const setStatus = async (engagementId: string, status: string) => {
    const response = await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: client('tenant_admin'),
      body: { status },
    });
    expect(response.status, response.text).toBe(200);
  };

  beforeAll(async () => {
    tenant = await createTestTenant('scope');
    provider = await createTestProvider('scope-desk');
    const team = await api('POST', '/v1/provider/teams', {
      token: desk('provider_admin'),
      body: { name: 'ERP desk', tier: 'L1', strategy: 'round_robin' },
    });
    expect(team.status, team.text).toBe(201);
    const agent = await api('POST', '/v1/provider/agents', {
      token: desk('provider_admin'),
      body: {
        displayName: 'Erin ERP',
        teamIds: [teamSchema.parse(team.body).teamId],
        languages: ['en'],
        schedule: allWeek,
      },
    });
    expect(agent.status, agent.text).toBe(201);
    const broadEngagementId = await engage(tenant, provider.id, { services: ['erp'] });

    for (let index = 0; index < 5; index += 1) {
      for (const [category, into] of [
        ['sap', inScope],
        ['payroll', outOfScope],
      ] as const) {
        const created = await api('POST', '/v1/tickets', {
          token: client('requester'),
          body: { subject: `Scope ${category} ${index} ${Date.now()}`, service: 'erp', category },
        });
        expect(created.status, created.text).toBe(201);
        into.push(ticketSchema.parse(created.body).id);
      }
    }
    // The rule derived from the broad engagement sends every ERP ticket to the desk, assigned.
    await eventually(async () => {
      const routed = await Promise.all(
        [...inScope, ...outOfScope].map(async (id) =>
          ticketSchema.parse((await api('GET', `/v1/tickets/${id}`, { token: client('agent') })).body),
        ),
      );
      return routed.every((ticket) => ticket.providerId === provider.id && ticket.status === 'assigned')
        ? true
        : undefined;
    }, 20_000);
    // The tenant narrows the desk to SAP: a new engagement, the broad one ended.
    scopedEngagementId = await engage(tenant, provider.id, { services: ['erp'], categories: ['sap'] });
    await setStatus(broadEngagementId, 'ended');
  });

  it('queues only in-scope tickets, in full pages, with filters', async () => {
    for (const limit of [1, 2, 3]) {
      const items = await readPages('', limit);
      const ids = items.map((item) => item.id);
      expect(ids).toEqual(expect.arrayContaining(inScope));
      expect(ids.filter((id) => outOfScope.includes(id))).toEqual([]);
      expect(items.every((item) => item.category === 'sap' && item.service === 'erp')).toBe(true);
    }
    const filtered = await readPages(`&tenant=${tenant.id}&status=assigned`, 2);
    expect(filtered.filter((item) => outOfScope.includes(item.id))).toEqual([]);
    expect(await readPages('&tenant=globex', 2)).toEqual([]);
  });

  it('lets its agents move and comment on in-scope tickets, as the provider, audited', async () => {
    const [ticketId] = inScope;
    if (ticketId === undefined) throw new Error('no ticket');
    const path = `/v1/provider/tenants/${tenant.id}/tickets/${ticketId}`;
    const read = ticketSchema.parse((await api('GET', path, { token: desk() })).body);

    const stale = await api('POST', `${path}/transitions`, {
      token: desk(),
      body: { to: 'in_progress' },
      headers: { 'if-match': `"${read.version + 7}"` },
    });
    expect(stale.status).toBe(412);
    const moved = await api('POST', `${path}/transitions`, {
      token: desk(),
      body: { to: 'in_progress' },
      headers: { 'if-match': `"${read.version}"` },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.headers.get('etag')).toBe(`"${read.version + 1}"`);
    expect(ticketSchema.parse(moved.body).status).toBe('in_progress');

    const history = z
      .object({ items: z.array(historyEntrySchema) })
      .parse((await api('GET', `/v1/tickets/${ticketId}/history`, { token: client('agent') })).body);
    expect(history.items.at(-1)).toMatchObject({
      change: 'status_changed',
      to: 'in_progress',
      actorProviderId: provider.id,
    });

    const reply = await api('POST', `${path}/comments`, {
      token: desk(),
      body: { body: 'We are restarting the SAP gateway' },
    });
    expect(reply.status, reply.text).toBe(201);
    const comment = commentSchema.parse(reply.body);
    const seen = await api('GET', `/v1/tickets/${ticketId}/comments`, { token: client('requester') });
    expect(JSON.stringify(seen.body)).toContain('We are restarting the SAP gateway');

    const firstResponse = await eventually(async () => {
      const events = stateSchema.parse((await api('GET', '/_local/state')).body).events;
      const found = events.find(
        (event) => event.detailType === 'TicketFirstResponded' && event.detail.aggregateId === ticketId,
      );
      return found === undefined ? undefined : ticketFirstRespondedDetailSchema.parse(found.detail);
    });
    expect(firstResponse).toMatchObject({
      commentId: comment.id,
      authorKind: 'provider',
      providerId: provider.id,
    });

    const audit = await api('GET', '/v1/audit?limit=50', { token: client('tenant_admin') });
    expect(audit.status, audit.text).toBe(200);
    const entries = z
      .object({
        items: z.array(
          z.object({
            action: z.string(),
            target: z.string(),
            actor: z.object({ organisationId: z.string().nullable() }),
          }),
        ),
      })
      .parse(audit.body)
      .items.filter((entry) => entry.target === `ticket/${ticketId}`);
    expect(entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['provider.ticket_transitioned', 'provider.ticket_commented']),
    );
    expect(entries.every((entry) => entry.actor.organisationId === provider.id)).toBe(true);
  });

  it('answers 404 outside the scope, to another provider, and once the engagement is suspended', async () => {
    const [outside] = outOfScope;
    const [inside] = inScope;
    if (outside === undefined || inside === undefined) throw new Error('no ticket');
    const version = ticketSchema.parse(
      (await api('GET', `/v1/tickets/${outside}`, { token: client('agent') })).body,
    ).version;
    const attempts = async (ticketId: string, token: string) => [
      (await api('GET', `/v1/provider/tenants/${tenant.id}/tickets/${ticketId}`, { token })).status,
      (
        await api('POST', `/v1/provider/tenants/${tenant.id}/tickets/${ticketId}/transitions`, {
          token,
          body: { to: 'in_progress' },
          headers: { 'if-match': `"${version}"` },
        })
      ).status,
      (
        await api('POST', `/v1/provider/tenants/${tenant.id}/tickets/${ticketId}/comments`, {
          token,
          body: { body: 'x' },
        })
      ).status,
    ];
    expect(await attempts(outside, desk())).toEqual([404, 404, 404]);
    expect(await attempts(outside, desk('provider_admin'))).toEqual([404, 404, 404]);
    // A tenant that does not engage the provider at all (initech, for servicedesk-pro): 404 too.
    expect(
      (
        await api('GET', `/v1/provider/tenants/initech/tickets/${inside}`, {
          token: demoProviderToken('servicedesk-pro', 'provider_agent'),
        })
      ).status,
    ).toBe(404);

    await setStatus(scopedEngagementId, 'suspended');
    try {
      expect(await readPages('', 5)).toEqual([]);
      expect(await attempts(inside, desk())).toEqual([404, 404, 404]);
    } finally {
      await setStatus(scopedEngagementId, 'active');
    }
  });
});
