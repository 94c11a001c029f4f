/**
 * Routing end to end on the local stack: `TicketCreated` leaves through the outbox, the
 * EventBridge rule invokes the router, which routes by the tenant's rules to a provider team,
 * assigns an agent, and keeps an explanation with the ticket.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routingExplanationSchema } from '../../shared/api/routing.ts';
import { type TicketResource, ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, localStack, tokenOf } from '../support/local-stack.ts';

const stateSchema = z.object({
  events: z.array(z.object({ detailType: z.string(), detail: z.record(z.string(), z.unknown()) })),
});

const acmeToken = (role: string): string => {
  const token = localStack().tenants.find((tenant) => tenant.id === 'acme')?.tokens[role];
  if (token === undefined) throw new Error(`no acme ${role} token`);
  return token;
};

const routedTicket = (token: string, ticketId: string) =>
  eventually(async () => {
    const ticket = ticketSchema.parse((await api('GET', `/v1/tickets/${ticketId}`, { token })).body);
    return ticket.version > 1 ? ticket : undefined;
  });

describe('routing through EventBridge', () => {
  let requester: string;
  let agent: string;

  beforeAll(() => {
    requester = acmeToken('requester');
    agent = acmeToken('agent');
  });

  const raise = async (body: Record<string, unknown>): Promise<TicketResource> =>
    ticketSchema.parse((await api('POST', '/v1/tickets', { token: requester, body })).body);

  it('routes a new ticket of the demo tenant to servicedesk-pro L1 and assigns an agent, explained', async () => {
    const started = Date.now();
    const ticket = await raise({ subject: `Cannot open shared drive ${started}` });
    const routed = await routedTicket(agent, ticket.id);
    const elapsed = Date.now() - started;
    expect(routed).toMatchObject({ providerId: 'servicedesk-pro', teamId: 'sdp-l1', status: 'assigned' });
    expect(['sdp-ana', 'sdp-ben', 'sdp-chloe']).toContain(routed.assigneeId);
    console.info(`routed and assigned ${elapsed} ms after the create request`);

    const explanation = routingExplanationSchema.parse(
      (await api('GET', `/v1/tickets/${ticket.id}/routing`, { token: agent })).body,
    );
    expect(explanation.rules.matchedRuleId).toBe('everything-else');
    expect(explanation.rules.verdicts.map((verdict) => [verdict.ruleId, verdict.matched])).toEqual([
      ['erp-in-house', false],
      ['network-specialists', false],
      ['everything-else', true],
    ]);
    expect(explanation.rules.verdicts[0]?.failed).toEqual(['service: (none) not in [erp]']);
    expect(explanation).toMatchObject({
      // The demo's rules are acme's own, written through the rules store at seeding.
      rulesSource: 'tenant',
      entitled: true,
      team: { tier: 1 },
    });
    expect(explanation.assignment?.candidates).toHaveLength(3);
    expect(explanation.assignment?.candidates.filter((candidate) => candidate.picked)).toEqual([
      expect.objectContaining({ agentId: routed.assigneeId }),
    ]);

    const history = await api('GET', `/v1/tickets/${ticket.id}/history`, { token: agent });
    expect(JSON.stringify(history.body)).toContain('"change":"routed"');
    const state = stateSchema.parse((await api('GET', '/_local/state')).body);
    const routedEvents = state.events.filter(
      (event) => event.detailType === 'TicketRouted' && event.detail.aggregateId === ticket.id,
    );
    expect(routedEvents).toHaveLength(1);
    expect(routedEvents[0]?.detail).toMatchObject({ teamId: 'sdp-l1', ruleId: 'everything-else' });
    // Requesters do not see the explanation (it names agents).
    expect((await api('GET', `/v1/tickets/${ticket.id}/routing`, { token: requester })).status).toBe(403);
  });

  it('rotates L1 tickets round robin between its agents', async () => {
    const assignees: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const ticket = await raise({ subject: `Rotation ${index} ${Date.now()}` });
      assignees.push((await routedTicket(agent, ticket.id)).assigneeId ?? 'nobody');
    }
    expect(new Set(assignees).size).toBe(3);
  });

  it('sends ERP tickets to the in-house team and network ones to L2 specialists by skill', async () => {
    const erp = await routedTicket(
      agent,
      (await raise({ subject: 'Invoice screen frozen', service: 'erp' })).id,
    );
    expect(erp).toMatchObject({ providerId: 'acme-it', teamId: 'acme-it-desk' });
    const network = await routedTicket(
      agent,
      (await raise({ subject: 'Wi-Fi down', category: 'network', language: 'fr' })).id,
    );
    // Only sdp-dev has the network skill and speaks French.
    expect(network).toMatchObject({ teamId: 'sdp-l2', assigneeId: 'sdp-dev', status: 'assigned' });
  });

  it('answers a dry run without assigning anyone', async () => {
    const response = await api('POST', '/v1/routing/dry-run', { token: agent, body: { service: 'erp' } });
    expect(response.status, response.text).toBe(200);
    const explanation = routingExplanationSchema.parse(response.body);
    expect(explanation.team).toMatchObject({ providerId: 'acme-it', teamId: 'acme-it-desk' });
    expect(explanation.assignment?.agentId).not.toBeNull();
  });

  it("follows a tenant's own rules, and refuses a provider it has no engagement with", async () => {
    const tenant = await createTestTenant('routing');
    const rules = [
      { ruleId: 'to-sdp', when: {}, target: { providerId: 'servicedesk-pro', teamId: 'sdp-l1' } },
    ];
    const saved = await api('PUT', '/v1/routing/rules', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { rules },
    });
    expect(saved.status, saved.text).toBe(200);
    const created = ticketSchema.parse(
      (await api('POST', '/v1/tickets', { token: tokenOf(tenant, 'requester'), body: { subject: 'Help' } }))
        .body,
    );
    const explanation = await eventually(async () => {
      const response = await api('GET', `/v1/tickets/${created.id}/routing`, {
        token: tokenOf(tenant, 'agent'),
      });
      return response.status === 200 ? routingExplanationSchema.parse(response.body) : undefined;
    });
    expect(explanation).toMatchObject({ rulesSource: 'tenant', entitled: false, team: null });
    const ticket = ticketSchema.parse(
      (await api('GET', `/v1/tickets/${created.id}`, { token: tokenOf(tenant, 'agent') })).body,
    );
    expect(ticket).toMatchObject({ providerId: null, assigneeId: null, status: 'new' });
  });

  it('reassigns by hand within the team and escalates tier by tier, counting reassignments', async () => {
    const routed = await routedTicket(agent, (await raise({ subject: `Escalate me ${Date.now()}` })).id);
    const other =
      ['sdp-ana', 'sdp-ben', 'sdp-chloe'].find((agentId) => agentId !== routed.assigneeId) ?? 'sdp-ana';
    const assign = (version: number, body: Record<string, unknown>) =>
      api('POST', `/v1/tickets/${routed.id}/assignment`, {
        token: agent,
        body,
        headers: { 'if-match': `"${version}"` },
      });

    expect((await assign(routed.version, { assigneeId: 'sdp-dev' })).status).toBe(400);
    const reassigned = await assign(routed.version, { assigneeId: other });
    expect(reassigned.status, reassigned.text).toBe(200);
    const afterReassign = ticketSchema.parse(reassigned.body);
    expect(afterReassign).toMatchObject({ teamId: 'sdp-l1', assigneeId: other, reassignmentCount: 1 });
    expect((await assign(routed.version, { escalate: true })).status).toBe(412);

    const toL2 = ticketSchema.parse((await assign(afterReassign.version, { escalate: true })).body);
    expect(toL2).toMatchObject({ teamId: 'sdp-l2', reassignmentCount: 2 });
    expect(['sdp-dev', 'sdp-eli']).toContain(toL2.assigneeId);
    const toL3 = ticketSchema.parse((await assign(toL2.version, { escalate: true })).body);
    expect(toL3).toMatchObject({ teamId: 'sdp-l3', assigneeId: 'sdp-fay', reassignmentCount: 3 });
    const beyond = await assign(toL3.version, { escalate: true });
    expect(beyond.status).toBe(409);

    const explanation = routingExplanationSchema.parse(
      (await api('GET', `/v1/tickets/${routed.id}/routing`, { token: agent })).body,
    );
    expect(explanation).toMatchObject({
      rules: { matchedRuleId: 'manual:escalate' },
      team: { teamId: 'sdp-l3', tier: 3 },
    });
  });
});
