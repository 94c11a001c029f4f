/**
 * The first slice, end to end over HTTP against the local stack: raise, read and list tickets,
 * with idempotent creates and cursor pagination.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, type TestTenant, tokenOf } from '../support/local-stack.ts';

const pageSchema = z.object({ items: z.array(ticketSchema), nextCursor: z.string().nullable() });

const raise = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  api('POST', '/v1/tickets', { token, body, headers });

describe('tickets', () => {
  let tenant: TestTenant;
  let neighbour: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant('tickets');
    neighbour = await createTestTenant('neighbour');
  });

  it('raises a ticket with priority from the impact × urgency matrix, and reads it back', async () => {
    const created = await raise(tokenOf(tenant, 'requester'), {
      subject: 'VPN drops every ten minutes',
      description: 'Since the update on Monday',
      impact: 'high',
      urgency: 'high',
      channel: 'portal',
      language: 'fr-BE',
    });
    expect(created.status).toBe(201);
    const ticket = ticketSchema.parse(created.body);
    expect(ticket).toMatchObject({
      subject: 'VPN drops every ten minutes',
      priority: 'critical',
      status: 'new',
      channel: 'portal',
      language: 'fr-BE',
      requesterId: `${tenant.id}-requester`,
      version: 1,
    });
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/v1/tickets/${ticket.id}`);
    expect(created.headers.get('x-correlation-id')).toBeTruthy();

    const read = await api('GET', `/v1/tickets/${ticket.id}`, { token: tokenOf(tenant, 'requester') });
    expect(read.status).toBe(200);
    // The router (TicketCreated → routeTicket) may already have recorded its decision, which
    // moves version and updatedAt on; what the requester raised reads back unchanged.
    const { version: _v1, updatedAt: _u1, ...raised } = ticket;
    const { version: readVersion, updatedAt: _u2, ...readBack } = ticketSchema.parse(read.body);
    expect(readBack).toEqual(raised);
    expect(readVersion).toBeGreaterThanOrEqual(ticket.version);
    const byAgent = await api('GET', `/v1/tickets/${ticket.id}`, { token: tokenOf(tenant, 'agent') });
    expect(byAgent.status).toBe(200);
  });

  it('numbers tickets per tenant in increasing order', async () => {
    const first = ticketSchema.parse((await raise(tokenOf(tenant, 'requester'), { subject: 'one' })).body);
    const second = ticketSchema.parse((await raise(tokenOf(tenant, 'requester'), { subject: 'two' })).body);
    expect(second.number).toBeGreaterThan(first.number);
    expect(second.reference).toBe(`T-${second.number.toString().padStart(6, '0')}`);
  });

  it('answers a retried create with the same Idempotency-Key with the first ticket, and creates nothing else', async () => {
    const token = tokenOf(tenant, 'requester');
    const key = `retry-${Date.now()}`;
    const body = { subject: 'Printer on floor 3 is jammed', urgency: 'low' };
    const first = await raise(token, body, { 'Idempotency-Key': key });
    const again = await raise(token, body, { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(ticketSchema.parse(again.body).id).toBe(ticketSchema.parse(first.body).id);

    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        raise(token, { subject: 'Concurrent retry' }, { 'Idempotency-Key': `${key}-c` }),
      ),
    );
    const ids = new Set(concurrent.map((response) => ticketSchema.parse(response.body).id));
    expect(ids.size).toBe(1);
    expect(concurrent.filter((response) => response.status === 201)).toHaveLength(1);
  });

  it('refuses an Idempotency-Key reused with a different body (422), creating nothing', async () => {
    const token = tokenOf(tenant, 'requester');
    const key = `reuse-${Date.now()}`;
    expect((await raise(token, { subject: 'original' }, { 'Idempotency-Key': key })).status).toBe(201);
    const before = pageSchema.parse((await api('GET', '/v1/tickets?limit=100', { token })).body).items.length;
    const reused = await raise(token, { subject: 'something else' }, { 'Idempotency-Key': key });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toBe('application/problem+json');
    expect(reused.body).toMatchObject({ type: 'https://guichet.dev/problems/idempotency-key-reused' });
    const after = pageSchema.parse((await api('GET', '/v1/tickets?limit=100', { token })).body).items.length;
    expect(after).toBe(before);
  });

  it("lists a requester's own tickets only, and the whole tenant queue for agents", async () => {
    const colleague = await createTestTenant('colleagues');
    const requester = tokenOf(colleague, 'requester');
    await raise(requester, { subject: 'mine' });
    await raise(tokenOf(colleague, 'agent'), { subject: 'raised by the agent for themselves' });
    const own = pageSchema.parse((await api('GET', '/v1/tickets', { token: requester })).body);
    expect(own.items.map((ticket) => ticket.subject)).toEqual(['mine']);
    const queue = pageSchema.parse(
      (await api('GET', '/v1/tickets', { token: tokenOf(colleague, 'agent') })).body,
    );
    expect(queue.items.map((ticket) => ticket.subject).sort()).toEqual([
      'mine',
      'raised by the agent for themselves',
    ]);
  });

  it('pages through the tenant queue with cursors: newest first, no duplicates, no gaps', async () => {
    const paged = await createTestTenant('paging');
    const subjects = Array.from({ length: 11 }, (_, index) => `ticket ${index}`);
    for (const subject of subjects) await raise(tokenOf(paged, 'requester'), { subject });
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=4' : `?limit=4&cursor=${encodeURIComponent(cursor)}`;
      const page = pageSchema.parse(
        (await api('GET', `/v1/tickets${query}`, { token: tokenOf(paged, 'agent') })).body,
      );
      seen.push(...page.items.map((ticket) => ticket.subject));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...subjects].reverse());
  });

  it('refuses a tampered cursor and a cursor issued to someone else', async () => {
    const token = tokenOf(tenant, 'agent');
    const page = pageSchema.parse((await api('GET', '/v1/tickets?limit=1', { token })).body);
    expect(page.nextCursor).not.toBeNull();
    const cursor = page.nextCursor ?? '';
    const tampered = `${cursor.slice(0, -2)}xx`;
    const refused = await api('GET', `/v1/tickets?cursor=${encodeURIComponent(tampered)}`, { token });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errors: [{ location: 'query.cursor' }] });
    const foreign = await api('GET', `/v1/tickets?cursor=${encodeURIComponent(cursor)}`, {
      token: tokenOf(neighbour, 'agent'),
    });
    expect(foreign.status).toBe(400);
  });

  it("answers 404 for another requester's ticket and for another tenant's ticket", async () => {
    const ticket = ticketSchema.parse(
      (await raise(tokenOf(tenant, 'requester'), { subject: 'private' })).body,
    );
    const otherRequester = await api('GET', `/v1/tickets/${ticket.id}`, {
      token: tokenOf(tenant, 'delegated_admin'),
    });
    expect(otherRequester.status).toBe(200);
    const foreignAgent = await api('GET', `/v1/tickets/${ticket.id}`, { token: tokenOf(neighbour, 'agent') });
    expect(foreignAgent.status).toBe(404);
    expect(foreignAgent.headers.get('content-type')).toBe('application/problem+json');
    const foreignAdmin = await api('GET', `/v1/tickets/${ticket.id}`, {
      token: tokenOf(neighbour, 'tenant_admin'),
    });
    expect(foreignAdmin.status).toBe(404);
    const neighbourRequester = await api('GET', `/v1/tickets/${ticket.id}`, {
      token: tokenOf(neighbour, 'requester'),
    });
    expect(neighbourRequester.status).toBe(404);
  });

  it('refuses roles the permission table does not allow (finance cannot raise tickets)', async () => {
    const response = await raise(tokenOf(tenant, 'finance'), { subject: 'not allowed' });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ type: 'https://guichet.dev/problems/forbidden' });
  });
});
