/**
 * The per-provider SLA report over HTTP: with SLA policies at acme, globex and initech, the demo
 * provider servicedesk-pro (engaged by acme and globex) sees rows for acme and globex tickets
 * routed to it, per tenant, team and priority, and nothing of initech; provider agents and
 * tenant users are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { providerSlaReportSchema } from '../../shared/api/sla-reports.ts';
import { ticketSchema } from '../../shared/api/tickets.ts';
import { api, eventually, localStack } from '../support/local-stack.ts';

const tokenOfDemo = (kind: 'tenants' | 'providers', id: string, role: string): string => {
  const token = localStack()[kind].find((entry) => entry.id === id)?.tokens[role];
  if (token === undefined) throw new Error(`no ${id} ${role} token`);
  return token;
};

// Long targets: nothing fires during the run.
const targets = { firstResponseSeconds: 36_000, resolutionSeconds: 360_000 };
const policy = {
  name: 'Report test',
  calendarId: '24x7',
  targets: { critical: targets, high: targets, medium: targets, low: targets },
};

describe('per-provider SLA report', () => {
  const raised: Record<string, string> = {};
  const from = new Date(Date.now() - 60_000).toISOString();
  const report = async (token: string) =>
    api('GET', `/v1/provider/reports/sla?from=${encodeURIComponent(from)}`, { token });

  beforeAll(async () => {
    for (const tenant of ['acme', 'globex', 'initech']) {
      const put = await api('PUT', '/v1/sla/policies/default', {
        token: tokenOfDemo('tenants', tenant, 'tenant_admin'),
        body: policy,
      });
      expect(put.status, put.text).toBe(200);
      const created = await api('POST', '/v1/tickets', {
        token: tokenOfDemo('tenants', tenant, 'requester'),
        body: { subject: `Report ${tenant} ${Date.now()}`, impact: 'medium', urgency: 'medium' },
      });
      expect(created.status, created.text).toBe(201);
      raised[tenant] = ticketSchema.parse(created.body).id;
    }
  });

  it("shows the provider's acme and globex tickets per tenant, team and priority, and nothing of initech", async () => {
    const admin = tokenOfDemo('providers', 'servicedesk-pro', 'provider_admin');
    const body = await eventually(async () => {
      const response = await report(admin);
      expect(response.status, response.text).toBe(200);
      const parsed = providerSlaReportSchema.parse(response.body);
      const tenants = parsed.tenants.map((row) => row.tenantId);
      return tenants.includes('acme') && tenants.includes('globex') ? parsed : undefined;
    }, 20_000);
    expect(body.providerId).toBe('servicedesk-pro');
    expect(body.tenants.map((row) => row.tenantId)).not.toContain('initech');
    expect(JSON.stringify(body)).not.toContain('initech');
    const acme = body.tenants.find((row) => row.tenantId === 'acme');
    expect(acme?.rows.find((row) => row.priority === 'medium')?.tickets).toBeGreaterThanOrEqual(1);
    expect(acme?.rows.at(-1)).toMatchObject({ priority: 'all' });
    expect(body.teams.length).toBeGreaterThan(0);
    expect(body.teams.every((team) => team.teamId.startsWith('sdp-'))).toBe(true);
    const all = body.overall.rows.find((row) => row.priority === 'all');
    const perTenant = body.tenants.reduce(
      (sum, row) => sum + (row.rows.find((entry) => entry.priority === 'all')?.tickets ?? 0),
      0,
    );
    expect(all?.tickets).toBe(perTenant);
    expect(all?.resolution.breached).toBe(0);
  });

  it('is for provider admins only', async () => {
    expect((await report(tokenOfDemo('providers', 'servicedesk-pro', 'provider_agent'))).status).toBe(403);
    expect((await report(tokenOfDemo('tenants', 'acme', 'tenant_admin'))).status).toBe(403);
    // acme-it (acme's in-house desk) never sees globex.
    const inHouse = await report(tokenOfDemo('providers', 'acme-it', 'provider_admin'));
    expect(inHouse.status, inHouse.text).toBe(200);
    expect(providerSlaReportSchema.parse(inHouse.body).tenants.map((row) => row.tenantId)).not.toContain(
      'globex',
    );
  });
});
