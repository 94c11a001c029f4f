/**
 * Breach action `notify` on the local stack: a provider admin names a team lead; a tenant's
 * 4-second 24x7 policy with `notify` breaches the resolution clock of a ticket routed to that
 * team; the lead's provider inbox (`GET /v1/provider/notifications`, provider-scoped reads)
 * shows exactly one notification, even after more sweeps, and a team member who is not the lead
 * is told nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { providerNotificationSchema } from '../../shared/api/provider-notifications.ts';
import { agentSchema, teamSchema } from '../../shared/api/tenancy.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';
import { createTestProvider, engage, freshToken, type TestProvider } from '../support/tenancy-fixtures.ts';

const targets = { firstResponseSeconds: 3600, resolutionSeconds: 4 };
const allWeek = {
  timeZone: 'UTC',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
    day,
    from: '00:00',
    to: '24:00',
  })),
};
const inboxSchema = z.object({
  items: z.array(providerNotificationSchema),
  nextCursor: z.string().nullable(),
});

describe('SLA breach action notify', () => {
  let tenant: TestTenant;
  let provider: TestProvider;
  let teamId: string;
  let memberUser: string;

  const providerToken = (role: string) => {
    const token = provider.tokens[role];
    if (token === undefined) throw new Error(`no ${role} token`);
    return token;
  };
  const must = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await api(method, path, { token, ...(body === undefined ? {} : { body }) });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response.body;
  };
  const inboxOf = async (token: string) => {
    const response = await api('GET', '/v1/provider/notifications', { token });
    expect(response.status, response.text).toBe(200);
    return inboxSchema.parse(response.body).items;
  };

  beforeAll(async () => {
    tenant = await createTestTenant('sla-notify');
    provider = await createTestProvider('sla-notify-desk');
    const admin = providerToken('provider_admin');
    // The lead signs in as the provider's agent user (its IdP subject is `<provider>-provider_agent`).
    const lead = agentSchema.parse(
      await must('POST', '/v1/provider/agents', admin, {
        displayName: 'Team lead',
        schedule: allWeek,
        userId: `${provider.id}-provider_agent`,
      }),
    );
    const unknownLead = await api('POST', '/v1/provider/teams', {
      token: admin,
      body: { name: 'No such lead', tier: 'L1', leadAgentId: 'no-such-agent' },
    });
    expect(unknownLead.status).toBe(400);
    const team = teamSchema.parse(
      await must('POST', '/v1/provider/teams', admin, {
        name: 'First line',
        tier: 'L1',
        leadAgentId: lead.agentId,
      }),
    );
    expect(team.leadAgentId).toBe(lead.agentId);
    teamId = team.teamId;
    memberUser = `${provider.id}-member`;
    await must('POST', '/v1/provider/agents', admin, {
      displayName: 'Team member',
      teamIds: [teamId],
      languages: ['en'],
      schedule: allWeek,
      userId: memberUser,
    });
    await engage(tenant, provider.id);
    const put = await api('PUT', '/v1/sla/policies/default', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: {
        name: 'Notify on breach',
        calendarId: '24x7',
        targets: { critical: targets, high: targets, medium: targets, low: targets },
        breachActions: ['notify'],
      },
    });
    expect(put.status, put.text).toBe(200);
  });

  it("tells the team lead once, in the provider inbox, about a breach of the team's ticket", async () => {
    const lead = providerToken('provider_agent');
    const before = await inboxOf(lead);
    const created = await api('POST', '/v1/tickets', {
      token: tokenOf(tenant, 'requester'),
      body: { subject: 'VPN down', impact: 'low', urgency: 'low' },
    });
    expect(created.status, created.text).toBe(201);
    const ticket = ticketSchema.parse(created.body);
    const routed = await eventually(async () => {
      const read = ticketSchema.parse(
        (await api('GET', `/v1/tickets/${ticket.id}`, { token: tokenOf(tenant, 'agent') })).body,
      );
      return read.teamId === null ? undefined : read;
    });
    expect(routed).toMatchObject({ providerId: provider.id, teamId });

    const notified = await eventually(async () => {
      const items = (await inboxOf(lead)).filter((item) => item.ticketId === ticket.id);
      return items.length > 0 ? items : undefined;
    }, 15_000);
    expect(notified).toEqual([
      expect.objectContaining({
        kind: 'sla_breached',
        tenantId: tenant.id,
        ticketId: ticket.id,
        read: false,
      }),
    ]);

    // A few more sweeps (and any redelivery): still exactly one notification for the one breach.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const after = await inboxOf(lead);
    expect(after.filter((item) => item.ticketId === ticket.id)).toHaveLength(1);
    expect(after).toHaveLength(before.length + 1);

    // The team's other agent is not the lead: their inbox stays empty.
    const member = await freshToken(provider.id, memberUser, ['provider_agent']);
    expect(await inboxOf(member)).toEqual([]);
  }, 40_000);
});
