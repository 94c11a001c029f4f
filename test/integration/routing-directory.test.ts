/**
 * Routing reads tenancy's organisation directory, end to end on the local stack: a provider
 * admin staffs a desk through the API, a tenant with no rules of its own is routed by the rule
 * derived from its engagement, desk changes (a new agent, an agent away) show in the next
 * routed ticket's explanation once the container's short directory cache has expired, and an
 * ended engagement stops routing to the provider, explained. Business hours come from a
 * calendar the tenant manages.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routingExplanationSchema } from '../../shared/api/routing.ts';
import { agentSchema, teamSchema } from '../../shared/api/tenancy.ts';
import { type TicketResource, ticketSchema } from '../../shared/api/tickets.ts';
import { api, createTestTenant, eventually, type TestTenant, tokenOf } from '../support/local-stack.ts';
import { createTestProvider, engage, type TestProvider } from '../support/tenancy-fixtures.ts';

const CACHE_TTL_MS = Number(process.env.GUICHET_DIRECTORY_CACHE_TTL_SECONDS ?? '1') * 1000;
const afterDirectoryCache = () => new Promise((resolve) => setTimeout(resolve, CACHE_TTL_MS + 300));

const allWeek = {
  timeZone: 'UTC',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
    day,
    from: '00:00',
    to: '24:00',
  })),
};

describe('routing over the organisation directory', () => {
  let tenant: TestTenant;
  let provider: TestProvider;
  let engagementId: string;
  let teamId: string;
  let firstAgentId: string;

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

  const addAgent = async (displayName: string, userId: string | null = null) =>
    agentSchema.parse(
      await must('POST', '/v1/provider/agents', providerToken('provider_admin'), {
        displayName,
        teamIds: [teamId],
        languages: ['en'],
        schedule: allWeek,
        ...(userId === null ? {} : { userId }),
      }),
    );

  /** Raises a ticket and waits for the router's explanation of it. */
  const routeOne = async (): Promise<{
    ticket: TicketResource;
    explanation: z.infer<typeof routingExplanationSchema>;
  }> => {
    const created = ticketSchema.parse(
      await must('POST', '/v1/tickets', tokenOf(tenant, 'requester'), { subject: `Help ${Date.now()}` }),
    );
    const explanation = await eventually(async () => {
      const response = await api('GET', `/v1/tickets/${created.id}/routing`, {
        token: tokenOf(tenant, 'agent'),
      });
      return response.status === 200 ? routingExplanationSchema.parse(response.body) : undefined;
    });
    const ticket = ticketSchema.parse(
      await must('GET', `/v1/tickets/${created.id}`, tokenOf(tenant, 'agent')),
    );
    return { ticket, explanation };
  };

  beforeAll(async () => {
    tenant = await createTestTenant('directory');
    provider = await createTestProvider('directory-desk');
    const l2 = teamSchema.parse(
      await must('POST', '/v1/provider/teams', providerToken('provider_admin'), {
        name: 'Second line',
        tier: 'L2',
      }),
    );
    const l1 = teamSchema.parse(
      await must('POST', '/v1/provider/teams', providerToken('provider_admin'), {
        name: 'First line',
        tier: 'L1',
        strategy: 'least_loaded',
      }),
    );
    expect(l2).toMatchObject({ strategy: 'round_robin', nextTierTeamId: null });
    teamId = l1.teamId;
    firstAgentId = (await addAgent('First agent')).agentId;
    engagementId = await engage(tenant, provider.id);
  });

  it('routes a tenant without rules by the rule derived from its engagement, to the L1 team', async () => {
    const { ticket, explanation } = await routeOne();
    expect(ticket).toMatchObject({
      providerId: provider.id,
      teamId,
      assigneeId: firstAgentId,
      status: 'assigned',
    });
    expect(explanation).toMatchObject({
      rulesSource: 'directory_default',
      rules: { matchedRuleId: `engagement:${engagementId}` },
      entitled: true,
      engagementId,
      team: { providerId: provider.id, teamId, tier: 1 },
      assignment: { strategy: 'least_loaded', agentId: firstAgentId },
    });
  });

  it('sees an agent the provider admin adds, and skips one set unavailable (audited)', async () => {
    const second = await addAgent('Second agent');
    await afterDirectoryCache();
    const withSecond = await routeOne();
    expect(
      withSecond.explanation.assignment?.candidates.map((candidate) => candidate.agentId).sort(),
    ).toEqual([firstAgentId, second.agentId].sort());

    const away = await api('PUT', `/v1/provider/agents/${firstAgentId}/availability`, {
      token: providerToken('provider_admin'),
      body: { available: false, reason: 'on leave' },
    });
    expect(away.status, away.text).toBe(200);
    expect(agentSchema.parse(away.body)).toMatchObject({ agentId: firstAgentId, available: false });
    await afterDirectoryCache();
    const { ticket, explanation } = await routeOne();
    expect(ticket.assigneeId).toBe(second.agentId);
    expect(explanation.assignment?.candidates).toContainEqual(
      expect.objectContaining({ agentId: firstAgentId, eligible: false, reasons: ['unavailable'] }),
    );

    const audit = z
      .object({ items: z.array(z.object({ action: z.string(), target: z.string() })) })
      .parse(
        await must(
          'GET',
          '/v1/audit?action=provider.agent_availability_changed',
          tokenOf(tenant, 'tenant_admin'),
        ),
      );
    expect(audit.items).toContainEqual(
      expect.objectContaining({
        action: 'provider.agent_availability_changed',
        target: `agent/${firstAgentId}`,
      }),
    );
  });

  it('lets a provider agent set their own availability, and nobody else’s', async () => {
    const own = await addAgent('Self-service agent', `${provider.id}-provider_agent`);
    const self = await api('PUT', `/v1/provider/agents/${own.agentId}/availability`, {
      token: providerToken('provider_agent'),
      body: { available: false },
    });
    expect(self.status, self.text).toBe(200);
    const other = await api('PUT', `/v1/provider/agents/${firstAgentId}/availability`, {
      token: providerToken('provider_agent'),
      body: { available: true },
    });
    expect(other.status).toBe(403);
    const missing = await api('PUT', '/v1/provider/agents/no-such-agent/availability', {
      token: providerToken('provider_admin'),
      body: { available: true },
    });
    expect(missing.status).toBe(404);
  });

  it('takes business hours from a calendar the tenant manages', async () => {
    const admin = tokenOf(tenant, 'tenant_admin');
    const closed = await api('PUT', '/v1/sla/calendars/never-open', {
      token: admin,
      body: { name: 'Never open', timeZone: 'Europe/Brussels', weeklyHours: {} },
    });
    expect(closed.status, closed.text).toBeLessThan(300);
    const unknown = await api('PUT', '/v1/routing/rules', {
      token: admin,
      body: {
        rules: [
          {
            ruleId: 'x',
            when: { businessHours: 'inside', calendarId: 'no-such' },
            target: { providerId: provider.id, teamId },
          },
        ],
      },
    });
    expect(unknown.status).toBe(400);
    const rules = [
      {
        ruleId: 'office',
        when: { businessHours: 'inside', calendarId: 'never-open' },
        target: { providerId: provider.id, teamId },
      },
      {
        ruleId: 'after-hours',
        when: { businessHours: 'outside', calendarId: 'never-open' },
        target: { providerId: provider.id, teamId },
      },
    ];
    expect((await api('PUT', '/v1/routing/rules', { token: admin, body: { rules } })).status).toBe(200);
    const dryRun = routingExplanationSchema.parse(
      await must('POST', '/v1/routing/dry-run', tokenOf(tenant, 'agent'), {}),
    );
    expect(dryRun.rules.matchedRuleId).toBe('after-hours');
    expect(dryRun.rules.verdicts[0]?.failed).toEqual([
      'businessHours: outside never-open, rule wants inside',
    ]);
    const assumed = routingExplanationSchema.parse(
      await must('POST', '/v1/routing/dry-run', tokenOf(tenant, 'agent'), { insideBusinessHours: true }),
    );
    expect(assumed.rules.matchedRuleId).toBe('office');
    // Back to no rules of its own, for the next test.
    expect((await api('PUT', '/v1/routing/rules', { token: admin, body: { rules: [] } })).status).toBe(200);
  });

  it('stops routing to the provider once the engagement ends, and says why', async () => {
    const ended = await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { status: 'ended' },
    });
    expect(ended.status, ended.text).toBe(200);
    await afterDirectoryCache();
    const fallback = await routeOne();
    expect(fallback.ticket).toMatchObject({ providerId: null, assigneeId: null, status: 'new' });
    expect(fallback.explanation).toMatchObject({
      rulesSource: 'directory_default',
      rules: { matchedRuleId: null, verdicts: [] },
      team: null,
    });

    const rules = [{ ruleId: 'to-desk', when: {}, target: { providerId: provider.id, teamId } }];
    expect(
      (await api('PUT', '/v1/routing/rules', { token: tokenOf(tenant, 'tenant_admin'), body: { rules } }))
        .status,
    ).toBe(200);
    const refused = await routeOne();
    expect(refused.ticket).toMatchObject({ providerId: null, status: 'new' });
    expect(refused.explanation).toMatchObject({
      rulesSource: 'tenant',
      rules: { matchedRuleId: 'to-desk' },
      entitled: false,
      engagementId: null,
      team: null,
    });
  });
});
