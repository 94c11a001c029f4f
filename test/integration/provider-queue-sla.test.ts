/**
 * The provider queue in the SLA engine's order: once globex has an SLA policy whose LOW target is
 * shorter than its CRITICAL one, servicedesk-pro's queue puts the low ticket first (a
 * priority-based placeholder would not), shows each entry's SLA state, moves a paused ticket
 * after the running ones, and the tracker's writes never make an agent's If-Match fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providerQueueItemSchema } from '../../shared/api/provider-queue.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, eventually, localStack } from '../support/local-stack.ts';

const pageSchema = z.object({ items: z.array(providerQueueItemSchema), nextCursor: z.string().nullable() });
type QueueItem = z.infer<typeof providerQueueItemSchema>;

const tokenOfDemo = (kind: 'tenants' | 'providers', id: string, role: string): string => {
  const token = localStack()[kind].find((entry) => entry.id === id)?.tokens[role];
  if (token === undefined) throw new Error(`no ${id} ${role} token`);
  return token;
};

const readAll = async (token: string, query: string): Promise<QueueItem[]> => {
  const items: QueueItem[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const response = await api('GET', `/v1/provider/queue?limit=50${query}${suffix}`, { token });
    expect(response.status, response.text).toBe(200);
    const page = pageSchema.parse(response.body);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
};

// Long targets (hours): nothing fires during the test run; low is deliberately the most urgent.
const HOUR = 3600;
const policy = {
  name: 'Queue order test',
  calendarId: '24x7',
  targets: {
    critical: { firstResponseSeconds: 40 * HOUR, resolutionSeconds: 80 * HOUR },
    high: { firstResponseSeconds: 30 * HOUR, resolutionSeconds: 60 * HOUR },
    medium: { firstResponseSeconds: 20 * HOUR, resolutionSeconds: 40 * HOUR },
    low: { firstResponseSeconds: 10 * HOUR, resolutionSeconds: 20 * HOUR },
  },
};

describe('provider queue sorted by SLA due', () => {
  const provider = () => tokenOfDemo('providers', 'servicedesk-pro', 'provider_agent');
  const requester = () => tokenOfDemo('tenants', 'globex', 'requester');
  const agent = () => tokenOfDemo('tenants', 'globex', 'agent');
  let critical: string;
  let low: string;

  beforeAll(async () => {
    const put = await api('PUT', '/v1/sla/policies/default', {
      token: tokenOfDemo('tenants', 'globex', 'tenant_admin'),
      body: policy,
    });
    expect(put.status, put.text).toBe(200);
    const raise = async (level: 'high' | 'low') =>
      ticketSchema.parse(
        (
          await api('POST', '/v1/tickets', {
            token: requester(),
            body: { subject: `SLA order ${level} ${Date.now()}`, impact: level, urgency: level },
          })
        ).body,
      ).id;
    critical = await raise('high');
    low = await raise('low');
    // Routed, and the SLA tracker has published the standing of both.
    await eventually(async () => {
      const items = await readAll(provider(), '&tenant=globex');
      const ours = items.filter((item) => item.id === critical || item.id === low);
      return ours.length === 2 && ours.every((item) => item.sla !== null) ? true : undefined;
    }, 20_000);
  });

  it('orders by the earliest running clock and shows its SLA state', async () => {
    const items = await readAll(provider(), '&tenant=globex');
    const lowItem = items.find((item) => item.id === low);
    const criticalItem = items.find((item) => item.id === critical);
    expect(lowItem?.priority).toBe('low');
    expect(criticalItem?.priority).toBe('critical');
    expect(items.findIndex((item) => item.id === low)).toBeLessThan(
      items.findIndex((item) => item.id === critical),
    );
    // The earliest running clock is first response: created + 10 h for low.
    expect(lowItem?.sla).toMatchObject({
      clock: 'first_response',
      targetSeconds: 10 * HOUR,
      paused: false,
      pausedReason: null,
      breached: false,
    });
    expect(lowItem?.dueAt).toBe(
      new Date(Date.parse(lowItem?.createdAt ?? '') + 10 * HOUR * 1000).toISOString(),
    );
    expect(lowItem?.sla?.dueAt).toBe(lowItem?.dueAt);
    expect(criticalItem?.sla?.targetSeconds).toBe(40 * HOUR);
  });

  it("moves a paused ticket after the running ones, without touching the agent's If-Match", async () => {
    const read = await api('GET', `/v1/tickets/${low}`, { token: agent() });
    const before = ticketSchema.parse(read.body);
    const start = await api('POST', `/v1/tickets/${low}/transitions`, {
      token: agent(),
      body: { to: 'in_progress' },
      headers: { 'if-match': `"${before.version}"` },
    });
    expect(start.status, start.text).toBe(200);
    const inProgress = ticketSchema.parse(start.body);
    const pause = await api('POST', `/v1/tickets/${low}/transitions`, {
      token: agent(),
      body: { to: 'awaiting_requester', reason: 'Which printer?' },
      headers: { 'if-match': `"${inProgress.version}"` },
    });
    expect(pause.status, pause.text).toBe(200);
    const paused = ticketSchema.parse(pause.body);

    const entry = await eventually(async () => {
      const items = await readAll(provider(), '&tenant=globex');
      const found = items.find((item) => item.id === low);
      return found?.sla?.paused === true ? { found, items } : undefined;
    });
    expect(entry.found.sla).toMatchObject({ paused: true, pausedReason: 'awaiting_requester', dueAt: null });
    expect(entry.found.dueAt).toBeNull();
    const running = entry.items.filter((item) => item.dueAt !== null);
    const position = entry.items.findIndex((item) => item.id === low);
    expect(running.every((item) => entry.items.indexOf(item) < position)).toBe(true);

    // The tracker wrote the standing after the pause: the version the agent read is still current.
    const again = ticketSchema.parse((await api('GET', `/v1/tickets/${low}`, { token: agent() })).body);
    expect(again.version).toBe(paused.version);
    const resume = await api('POST', `/v1/tickets/${low}/transitions`, {
      token: agent(),
      body: { to: 'in_progress' },
      headers: { 'if-match': `"${paused.version}"` },
    });
    expect(resume.status, resume.text).toBe(200);
    const resumed = await eventually(async () => {
      const items = await readAll(provider(), '&tenant=globex');
      const found = items.find((item) => item.id === low);
      return found?.sla?.paused === false ? found : undefined;
    });
    expect(resumed.dueAt).not.toBeNull();
  });
});
