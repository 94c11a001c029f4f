/**
 * The provider's queue over HTTP: tickets of two tenants engaging servicedesk-pro, routed by the
 * router, read back from GSI3 in working order, page by page with no duplicates and no gaps,
 * filtered, and leaving the queue when resolved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providerQueueItemSchema } from '../../shared/api/provider-queue.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, eventually, localStack } from '../support/local-stack.ts';

const pageSchema = z.object({ items: z.array(providerQueueItemSchema), nextCursor: z.string().nullable() });
type QueueItem = z.infer<typeof providerQueueItemSchema>;
const rank = { critical: 0, high: 1, medium: 2, low: 3 } as const;

const tokenOfDemo = (kind: 'tenants' | 'providers', id: string, role: string): string => {
  const token = localStack()[kind].find((entry) => entry.id === id)?.tokens[role];
  if (token === undefined) throw new Error(`no ${id} ${role} token`);
  return token;
};

const readAll = async (token: string, query: string, limit: number): Promise<QueueItem[]> => {
  const items: QueueItem[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api('GET', `/v1/provider/queue?limit=${limit}${query}${suffix}`, { token });
    expect(response.status, response.text).toBe(200);
    const page = pageSchema.parse(response.body);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
};

describe('provider queue', () => {
  let providerToken: string;
  const mine: { id: string; tenant: string }[] = [];
  const levels = ['high', 'medium', 'low'] as const;

  beforeAll(async () => {
    providerToken = tokenOfDemo('providers', 'servicedesk-pro', 'provider_agent');
    for (const tenant of ['acme', 'globex']) {
      const token = tokenOfDemo('tenants', tenant, 'requester');
      for (let index = 0; index < 6; index += 1) {
        const level = levels[index % 3] ?? 'medium';
        const created = await api('POST', '/v1/tickets', {
          token,
          body: { subject: `Queue ${tenant} ${index} ${Date.now()}`, impact: level, urgency: level },
        });
        mine.push({ id: ticketSchema.parse(created.body).id, tenant });
      }
    }
    // Wait until the router has put every one of them in the queue.
    await eventually(async () => {
      const all = await readAll(providerToken, '', 100);
      const ids = new Set(all.map((item) => item.id));
      return mine.every((ticket) => ids.has(ticket.id)) ? true : undefined;
    }, 20_000);
  });

  it('pages through one queue across tenants in working order, without duplicates or gaps', async () => {
    const whole = await readAll(providerToken, '', 100);
    const paged = await readAll(providerToken, '', 3);
    expect(paged.map((item) => item.id)).toEqual(whole.map((item) => item.id));
    expect(new Set(paged.map((item) => item.id)).size).toBe(paged.length);
    const tenants = new Set(
      paged.filter((item) => mine.some((ticket) => ticket.id === item.id)).map((item) => item.tenantId),
    );
    expect(tenants).toEqual(new Set(['acme', 'globex']));
    for (let index = 1; index < paged.length; index += 1) {
      const before = paged[index - 1];
      const after = paged[index];
      if (before === undefined || after === undefined) continue;
      // Running clocks by due instant; paused ones after them, least business time left first.
      const dueOf = (item: QueueItem) =>
        item.dueAt ?? `~PAUSED${String(Math.round(item.sla?.remainingSeconds ?? 0)).padStart(12, '0')}`;
      const keyOf = (item: QueueItem) => `${dueOf(item)}#${rank[item.priority]}#${item.createdAt}#${item.id}`;
      expect(keyOf(before) < keyOf(after), `${before.id} before ${after.id}`).toBe(true);
    }
    expect(paged.every((item) => item.providerId === 'servicedesk-pro')).toBe(true);
  });

  it('filters by tenant, priority and team', async () => {
    const globex = await readAll(providerToken, '&tenant=globex', 2);
    expect(globex.length).toBeGreaterThanOrEqual(6);
    expect(globex.every((item) => item.tenantId === 'globex')).toBe(true);
    const high = await readAll(providerToken, '&priority=critical', 2);
    expect(high.every((item) => item.priority === 'critical')).toBe(true);
    expect(high.filter((item) => mine.some((ticket) => ticket.id === item.id))).toHaveLength(4);
    const team = await readAll(providerToken, '&team=sdp-l1&tenant=acme', 5);
    expect(team.every((item) => item.teamId === 'sdp-l1' && item.tenantId === 'acme')).toBe(true);
  });

  it('drops resolved tickets, refuses tenant users and foreign cursors', async () => {
    const first = mine[0];
    if (first === undefined) throw new Error('no ticket');
    const agent = tokenOfDemo('tenants', first.tenant, 'agent');
    const current = ticketSchema.parse((await api('GET', `/v1/tickets/${first.id}`, { token: agent })).body);
    const resolved = await api('POST', `/v1/tickets/${first.id}/transitions`, {
      token: agent,
      body: { to: 'resolved' },
      headers: { 'if-match': `"${current.version}"` },
    });
    expect(resolved.status, resolved.text).toBe(200);
    const after = await readAll(providerToken, '', 100);
    expect(after.map((item) => item.id)).not.toContain(first.id);

    expect((await api('GET', '/v1/provider/queue', { token: agent })).status).toBe(403);
    const page = pageSchema.parse(
      (await api('GET', '/v1/provider/queue?limit=1', { token: providerToken })).body,
    );
    expect(page.nextCursor).not.toBeNull();
    const otherFilters = await api(
      'GET',
      `/v1/provider/queue?limit=1&tenant=acme&cursor=${encodeURIComponent(page.nextCursor ?? '')}`,
      { token: providerToken },
    );
    expect(otherFilters.status).toBe(400);
  });
});
