/**
 * Events without loss: a ticket write's `TicketCreated` leaves through the outbox and the
 * stream, crosses the bus, the rule and the notifications queue, and lands in the requester's
 * inbox exactly once — even when publishing to the bus fails for a while.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { notificationSchema } from '../../shared/api/notifications.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

const inboxSchema = z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() });
const stateSchema = z.object({
  relay: z.object({ published: z.number(), failedAttempts: z.number() }),
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

const inboxOf = async (token: string) =>
  inboxSchema.parse((await api('GET', '/v1/me/notifications', { token })).body);

describe('TicketCreated through the outbox, the bus and the notifications queue', () => {
  let tenant: TestTenant;

  beforeAll(async () => {
    tenant = await createTestTenant('events');
  });

  it('puts a "received" notification in the requester inbox, once', async () => {
    const token = tokenOf(tenant, 'requester');
    const ticket = ticketSchema.parse(
      (await api('POST', '/v1/tickets', { token, body: { subject: 'Badge broken' } })).body,
    );
    const notification = await eventually(async () =>
      (await inboxOf(token)).items.find((item) => item.ticketId === ticket.id),
    );
    expect(notification.message).toContain(ticket.reference);
    expect(notification.read).toBe(false);
    const state = stateSchema.parse((await api('GET', '/_local/state')).body);
    const created = state.events.filter(
      (event) => event.detailType === 'TicketCreated' && event.detail.aggregateId === ticket.id,
    );
    expect(created).toHaveLength(1);
    expect(created[0]?.detail).toMatchObject({ tenantId: tenant.id, version: 1 });
    // Only the requester is told: the agent's inbox stays empty.
    expect((await inboxOf(tokenOf(tenant, 'agent'))).items).toHaveLength(0);
  });

  it('still delivers the event when the bus refuses the first publications (outbox + stream retry)', async () => {
    const token = tokenOf(tenant, 'requester');
    const before = stateSchema.parse((await api('GET', '/_local/state')).body).relay.failedAttempts;
    expect((await api('POST', '/_local/faults/put-events', { body: { count: 3 } })).status).toBe(200);
    const created = await api('POST', '/v1/tickets', {
      token,
      body: { subject: 'Written while the bus is down' },
    });
    expect(created.status).toBe(201);
    const ticket = ticketSchema.parse(created.body);
    await eventually(
      async () => (await inboxOf(token)).items.find((item) => item.ticketId === ticket.id),
      15_000,
    );
    const after = stateSchema.parse((await api('GET', '/_local/state')).body);
    expect(after.relay.failedAttempts).toBeGreaterThanOrEqual(before + 3);
    const notifications = (await inboxOf(token)).items.filter((item) => item.ticketId === ticket.id);
    expect(notifications).toHaveLength(1);
  });

  it('keeps an inbox of many notifications in pages', async () => {
    const busy = await createTestTenant('inbox');
    const token = tokenOf(busy, 'requester');
    for (let index = 0; index < 5; index += 1) {
      await api('POST', '/v1/tickets', { token, body: { subject: `request ${index}` } });
    }
    await eventually(async () => ((await inboxOf(token)).items.length === 5 ? true : undefined), 15_000);
    const first = inboxSchema.parse((await api('GET', '/v1/me/notifications?limit=2', { token })).body);
    expect(first.items).toHaveLength(2);
    const ids = [...first.items.map((item) => item.id)];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = inboxSchema.parse(
        (await api('GET', `/v1/me/notifications?limit=2&cursor=${encodeURIComponent(cursor)}`, { token }))
          .body,
      );
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    }
    expect(ids).toHaveLength(5);
    expect(new Set(ids).size).toBe(5);
  });
});
