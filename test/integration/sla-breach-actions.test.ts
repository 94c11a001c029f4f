/**
 * Breach action `raise_priority` on the local stack: a 4-second 24x7 policy breaches a low
 * ticket's resolution clock; the breach raises it to medium once (history by the SLA engine,
 * one `TicketPriorityChanged`), and the SLA tracker re-targets the clocks at the new priority.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketPriorityChangedDetailSchema } from '../../events/ticket-priority-changed.ts';
import { ticketSlaSchema } from '../../shared/api/sla.ts';
import { historyEntrySchema } from '../../shared/api/ticket-lifecycle.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});
const eventsOf = async () => stateSchema.parse((await api('GET', '/_local/state')).body).events;
const targets = { firstResponseSeconds: 3600, resolutionSeconds: 4 };

describe('SLA breach action raise_priority', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await createTestTenant('sla-raise');
    const put = await api('PUT', '/v1/sla/policies/default', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: {
        name: 'Raise on breach',
        calendarId: '24x7',
        targets: { critical: targets, high: targets, medium: targets, low: targets },
        breachActions: ['raise_priority'],
      },
    });
    expect(put.status, put.text).toBe(200);
  });

  it('raises the priority one step, once, in history, and the clocks follow', async () => {
    const created = await api('POST', '/v1/tickets', {
      token: tokenOf(tenant, 'requester'),
      body: { subject: 'Slow laptop', impact: 'low', urgency: 'low' },
    });
    const ticket = ticketSchema.parse(created.body);
    expect(ticket.priority).toBe('low');
    const agent = tokenOf(tenant, 'agent');

    const raised = await eventually(async () => {
      const read = ticketSchema.parse((await api('GET', `/v1/tickets/${ticket.id}`, { token: agent })).body);
      return read.priority === 'low' ? undefined : read;
    }, 15_000);
    expect(raised.priority).toBe('medium');

    const history = z
      .object({ items: z.array(historyEntrySchema) })
      .parse((await api('GET', `/v1/tickets/${ticket.id}/history`, { token: agent })).body);
    expect(history.items.filter((entry) => entry.change === 'priority_changed')).toEqual([
      expect.objectContaining({
        actorId: 'sla-engine',
        fromPriority: 'low',
        toPriority: 'medium',
        sequence: raised.version,
      }),
    ]);

    const sla = await eventually(async () => {
      const response = await api('GET', `/v1/tickets/${ticket.id}/sla`, { token: agent });
      const parsed = ticketSlaSchema.parse(response.body);
      return parsed.priority === 'medium' ? parsed : undefined;
    });
    expect(sla.resolution.breached).toBe(true);

    // A few more sweeps: still exactly one raise for the one breached milestone.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const changes = (await eventsOf())
      .filter(
        (event) => event.detailType === 'TicketPriorityChanged' && event.detail.aggregateId === ticket.id,
      )
      .map((event) => ticketPriorityChangedDetailSchema.parse(event.detail));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ from: 'low', to: 'medium', aggregateVersion: raised.version });
    const final = ticketSchema.parse((await api('GET', `/v1/tickets/${ticket.id}`, { token: agent })).body);
    expect(final.priority).toBe('medium');
  });
});
