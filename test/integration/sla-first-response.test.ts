/**
 * First public response through the API: the first PUBLIC comment by an agent emits
 * `TicketFirstResponded` once per ticket, with the comment, and the SLA engine stops the
 * first-response clock on it. Requester comments and internal notes never count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ticketFirstRespondedDetailSchema } from '../../events/ticket-first-responded.ts';
import { ticketSlaSchema } from '../../shared/api/sla.ts';
import { commentSchema } from '../../shared/api/ticket-conversation.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';

const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});
const eventsOf = async () => stateSchema.parse((await api('GET', '/_local/state')).body).events;
const firstResponsesOf = async (ticketId: string) =>
  (await eventsOf())
    .filter((event) => event.detailType === 'TicketFirstResponded' && event.detail.aggregateId === ticketId)
    .map((event) => ticketFirstRespondedDetailSchema.parse(event.detail));
const commentsAddedOf = async (ticketId: string) =>
  (await eventsOf()).filter(
    (event) => event.detailType === 'TicketCommentAdded' && event.detail.aggregateId === ticketId,
  );

const targets = { firstResponseSeconds: 3600, resolutionSeconds: 36000 };

describe('first public response', () => {
  let tenant: TestTenant;
  beforeAll(async () => {
    tenant = await createTestTenant('first-response');
    const put = await api('PUT', '/v1/sla/policies/default', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: {
        name: 'Hour to respond',
        calendarId: '24x7',
        targets: { critical: targets, high: targets, medium: targets, low: targets },
      },
    });
    expect(put.status).toBe(200);
  });

  const raise = async (subject: string) =>
    ticketSchema.parse(
      (await api('POST', '/v1/tickets', { token: tokenOf(tenant, 'requester'), body: { subject } })).body,
    );
  const comment = async (ticketId: string, role: 'agent' | 'requester', body: object) => {
    const response = await api('POST', `/v1/tickets/${ticketId}/comments`, {
      token: tokenOf(tenant, role),
      body,
    });
    expect(response.status, response.text).toBe(201);
    return commentSchema.parse(response.body);
  };
  const slaOf = async (ticketId: string) =>
    eventually(async () => {
      const response = await api('GET', `/v1/tickets/${ticketId}/sla`, { token: tokenOf(tenant, 'agent') });
      return response.status === 200 ? ticketSlaSchema.parse(response.body) : undefined;
    });

  it('is the first public agent comment: emitted once, and it stops the first-response clock', async () => {
    const ticket = await raise('VPN drops every hour');
    expect((await slaOf(ticket.id)).firstResponse.status).toBe('running');

    await comment(ticket.id, 'requester', { body: 'It happened again' });
    await comment(ticket.id, 'agent', { body: 'Checking the logs', visibility: 'internal' });
    const first = await comment(ticket.id, 'agent', { body: 'We are on it' });
    await comment(ticket.id, 'agent', { body: 'Please try again now' });

    // Every comment has left through the outbox; only one first response among them.
    await eventually(async () => ((await commentsAddedOf(ticket.id)).length === 4 ? true : undefined));
    const responses = await eventually(async () => {
      const found = await firstResponsesOf(ticket.id);
      return found.length > 0 ? found : undefined;
    });
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({
      commentId: first.id,
      authorKind: 'tenant',
      providerId: null,
      at: first.createdAt,
    });

    const stopped = await eventually(async () => {
      const sla = await slaOf(ticket.id);
      return sla.firstResponse.status === 'stopped' ? sla : undefined;
    });
    expect(stopped.firstResponse).toMatchObject({ stoppedAt: first.createdAt, met: true, breached: false });
    expect(stopped.resolution.status).toBe('running');
    expect(await firstResponsesOf(ticket.id)).toHaveLength(1);
  });

  it('never counts requester comments nor internal notes', async () => {
    const ticket = await raise('Screen flickers');
    await comment(ticket.id, 'requester', { body: 'Any news?' });
    await comment(ticket.id, 'agent', { body: 'Probably the cable', visibility: 'internal' });
    await eventually(async () => ((await commentsAddedOf(ticket.id)).length === 2 ? true : undefined));
    expect(await firstResponsesOf(ticket.id)).toEqual([]);
    expect((await slaOf(ticket.id)).firstResponse.status).toBe('running');
  });

  it('keeps exactly one first response when agents answer at the same moment', async () => {
    const ticket = await raise('Mailbox full');
    const answers = await Promise.all(
      ['One', 'Two', 'Three', 'Four'].map((body) => comment(ticket.id, 'agent', { body })),
    );
    await eventually(async () => ((await commentsAddedOf(ticket.id)).length === 4 ? true : undefined));
    const responses = await firstResponsesOf(ticket.id);
    expect(responses).toHaveLength(1);
    expect(answers.map((answer) => answer.id)).toContain(responses[0]?.commentId);
  });
});
