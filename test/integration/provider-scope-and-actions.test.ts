/**
 * An engaged provider within its engagement's scope, over HTTP. acme engages its in-house desk
 * acme-it for ERP tickets of category `sap` only (the demo's unrestricted engagement is
 * suspended meanwhile): acme-it's queue shows the in-scope tickets, in full pages, and never an
 * out-of-scope one; its agents move and comment on in-scope tickets (history with the provider
 * as actor, audit entries, first response) and get 404 on anything else; once the engagement is
 * suspended, nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketFirstRespondedDetailSchema } from '../../events/ticket-first-responded.ts';
import { providerQueueItemSchema } from '../../shared/api/provider-queue.ts';
import { engagementSchema } from '../../shared/api/tenancy.ts';
import { commentSchema } from '../../shared/api/ticket-conversation.ts';
import { historyEntrySchema } from '../../shared/api/ticket-lifecycle.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, eventually, localStack } from '../support/local-stack.ts';

const pageSchema = z.object({ items: z.array(providerQueueItemSchema), nextCursor: z.string().nullable() });
const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

const tokenOfDemo = (kind: 'tenants' | 'providers', id: string, role: string): string => {
  const token = localStack()[kind].find((entry) => entry.id === id)?.tokens[role];
  if (token === undefined) throw new Error(`no ${id} ${role} token`);
  return token;
};
const acme = (role: string) => tokenOfDemo('tenants', 'acme', role);
const acmeIt = (role = 'provider_agent') => tokenOfDemo('providers', 'acme-it', role);

/** Every page of the queue; asserts that each page but the last is full (no short pages). */
const readPages = async (query: string, limit: number) => {
  const pages: z.infer<typeof pageSchema>[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api('GET', `/v1/provider/queue?limit=${limit}${query}${suffix}`, {
      token: acmeIt(),
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
  let demoEngagementId: string;
  let scopedEngagementId: string;
  const inScope: string[] = [];
  const outOfScope: string[] = [];

  const setStatus = async (engagementId: string, status: string) => {
    const response = await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: acme('tenant_admin'),
      body: { status },
    });
    expect(response.status, response.text).toBe(200);
  };

  beforeAll(async () => {
    const listed = z
      .object({ items: z.array(engagementSchema) })
      .parse((await api('GET', '/v1/tenant/engagements', { token: acme('tenant_admin') })).body);
    const demo = listed.items.find((e) => e.providerId === 'acme-it' && e.status === 'active');
    if (demo === undefined) throw new Error('acme has no active engagement of acme-it');
    demoEngagementId = demo.engagementId;
    const scoped = await api('POST', '/v1/tenant/engagements', {
      token: acme('tenant_admin'),
      body: {
        providerId: 'acme-it',
        scope: { services: ['erp'], categories: ['sap'] },
        slaPolicyRef: 'sla',
        calendarRef: 'cal',
        priceBookRef: 'pb',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
      },
    });
    expect(scoped.status, scoped.text).toBe(201);
    scopedEngagementId = engagementSchema.parse(scoped.body).engagementId;
    await setStatus(demoEngagementId, 'suspended');

    for (let index = 0; index < 5; index += 1) {
      for (const [category, into] of [
        ['sap', inScope],
        ['payroll', outOfScope],
      ] as const) {
        const created = await api('POST', '/v1/tickets', {
          token: acme('requester'),
          body: { subject: `Scope ${category} ${index} ${Date.now()}`, service: 'erp', category },
        });
        expect(created.status, created.text).toBe(201);
        into.push(ticketSchema.parse(created.body).id);
      }
    }
    // The router (seeded) sends every ERP ticket to acme-it, in scope or not.
    await eventually(async () => {
      const routed = await Promise.all(
        [...inScope, ...outOfScope].map(async (id) =>
          ticketSchema.parse((await api('GET', `/v1/tickets/${id}`, { token: acme('agent') })).body),
        ),
      );
      return routed.every((ticket) => ticket.providerId === 'acme-it') ? true : undefined;
    }, 20_000);
  });

  afterAll(async () => {
    await setStatus(demoEngagementId, 'active');
    await setStatus(scopedEngagementId, 'ended');
  });

  it('queues only in-scope tickets, in full pages, with filters', async () => {
    for (const limit of [1, 2, 3]) {
      const items = await readPages('', limit);
      const ids = items.map((item) => item.id);
      expect(ids).toEqual(expect.arrayContaining(inScope));
      expect(ids.filter((id) => outOfScope.includes(id))).toEqual([]);
      expect(items.every((item) => item.category === 'sap' && item.service === 'erp')).toBe(true);
    }
    const filtered = await readPages('&tenant=acme&status=assigned', 2);
    expect(filtered.filter((item) => outOfScope.includes(item.id))).toEqual([]);
    expect(await readPages('&tenant=globex', 2)).toEqual([]);
  });

  it('lets its agents move and comment on in-scope tickets, as the provider, audited', async () => {
    const [ticketId] = inScope;
    if (ticketId === undefined) throw new Error('no ticket');
    const path = `/v1/provider/tenants/acme/tickets/${ticketId}`;
    const read = ticketSchema.parse((await api('GET', path, { token: acmeIt() })).body);

    const stale = await api('POST', `${path}/transitions`, {
      token: acmeIt(),
      body: { to: 'in_progress' },
      headers: { 'if-match': `"${read.version + 7}"` },
    });
    expect(stale.status).toBe(412);
    const moved = await api('POST', `${path}/transitions`, {
      token: acmeIt(),
      body: { to: 'in_progress' },
      headers: { 'if-match': `"${read.version}"` },
    });
    expect(moved.status, moved.text).toBe(200);
    expect(moved.headers.get('etag')).toBe(`"${read.version + 1}"`);
    expect(ticketSchema.parse(moved.body).status).toBe('in_progress');

    const history = z
      .object({ items: z.array(historyEntrySchema) })
      .parse((await api('GET', `/v1/tickets/${ticketId}/history`, { token: acme('agent') })).body);
    expect(history.items.at(-1)).toMatchObject({
      change: 'status_changed',
      to: 'in_progress',
      actorProviderId: 'acme-it',
    });

    const reply = await api('POST', `${path}/comments`, {
      token: acmeIt(),
      body: { body: 'We are restarting the SAP gateway' },
    });
    expect(reply.status, reply.text).toBe(201);
    const comment = commentSchema.parse(reply.body);
    const seen = await api('GET', `/v1/tickets/${ticketId}/comments`, { token: acme('requester') });
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
      providerId: 'acme-it',
    });

    const audit = await api('GET', '/v1/audit?limit=50', { token: acme('tenant_admin') });
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
    expect(entries.every((entry) => entry.actor.organisationId === 'acme-it')).toBe(true);
  });

  it('answers 404 outside the scope, to another provider, and once the engagement is suspended', async () => {
    const [outside] = outOfScope;
    const [inside] = inScope;
    if (outside === undefined || inside === undefined) throw new Error('no ticket');
    const version = ticketSchema.parse(
      (await api('GET', `/v1/tickets/${outside}`, { token: acme('agent') })).body,
    ).version;
    const attempts = async (ticketId: string, token: string) => [
      (await api('GET', `/v1/provider/tenants/acme/tickets/${ticketId}`, { token })).status,
      (
        await api('POST', `/v1/provider/tenants/acme/tickets/${ticketId}/transitions`, {
          token,
          body: { to: 'in_progress' },
          headers: { 'if-match': `"${version}"` },
        })
      ).status,
      (
        await api('POST', `/v1/provider/tenants/acme/tickets/${ticketId}/comments`, {
          token,
          body: { body: 'x' },
        })
      ).status,
    ];
    expect(await attempts(outside, acmeIt())).toEqual([404, 404, 404]);
    expect(await attempts(outside, acmeIt('provider_admin'))).toEqual([404, 404, 404]);
    // A tenant that does not engage the provider at all (initech, for servicedesk-pro): 404 too.
    expect(
      (
        await api('GET', `/v1/provider/tenants/initech/tickets/${inside}`, {
          token: tokenOfDemo('providers', 'servicedesk-pro', 'provider_agent'),
        })
      ).status,
    ).toBe(404);

    await setStatus(scopedEngagementId, 'suspended');
    try {
      expect(await readPages('', 5)).toEqual([]);
      expect(await attempts(inside, acmeIt())).toEqual([404, 404, 404]);
    } finally {
      await setStatus(scopedEngagementId, 'active');
    }
  });
});
