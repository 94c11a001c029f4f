/**
 * Tenancy over HTTP on the local stack: onboarding and suspension by platform admins, a
 * tenant's own identity provider, engagements that open (and close) a provider's view of a
 * tenant's tickets, and the audit log that records those reads.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEntrySchema, engagementSchema, identityProviderSchema } from '../../shared/api/tenancy.ts';
import { api, createTestTenant, localStack, type TestTenant, tokenOf } from '../support/local-stack.ts';
import {
  createTestProvider,
  engage,
  freshToken,
  raiseTicket,
  type TestProvider,
} from '../support/tenancy-fixtures.ts';

const platformAdmin = () => {
  const token = localStack().platform.tokens.platform_admin;
  if (token === undefined) throw new Error('no platform admin token');
  return token;
};

const auditPage = z.object({ items: z.array(auditEntrySchema), nextCursor: z.string().nullable() });

describe('tenants (platform)', () => {
  it('onboards a tenant with its IdP, whose first admin can sign in; a second onboarding conflicts', async () => {
    const tenantId = `onb-${Math.random().toString(36).slice(2, 8)}`;
    const idp = z
      .object({ issuer: z.string(), jwksUri: z.string() })
      .parse((await api('POST', '/_local/issuers', { body: { id: `${tenantId}-idp` } })).body);
    const body = {
      tenantId,
      name: 'Onboarded Ltd',
      tier: 'premium',
      homeRegion: 'eu-west-3',
      firstAdminUserId: 'alice',
      identityProvider: { ...idp, audience: 'guichet-api', rolesClaim: 'roles', userIdClaim: 'sub' },
    };
    const created = await api('POST', '/v1/platform/tenants', { token: platformAdmin(), body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantId,
      tier: 'premium',
      status: 'active',
      firstAdminUserId: 'alice',
    });
    expect((await api('POST', '/v1/platform/tenants', { token: platformAdmin(), body })).status).toBe(409);
    const read = await api('GET', `/v1/platform/tenants/${tenantId}`, { token: platformAdmin() });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Onboarded Ltd', homeRegion: 'eu-west-3' });

    const alice = await freshToken(`${tenantId}-idp`, 'alice', ['tenant_admin']);
    const audit = await api('GET', '/v1/audit', { token: alice });
    expect(audit.status).toBe(200);
    expect(auditPage.parse(audit.body).items.map((entry) => entry.action)).toContain('tenant.onboarded');
  });

  it('refuses onboarding to anyone but a platform admin', async () => {
    const acme = localStack().tenants.find((tenant) => tenant.id === 'acme');
    const response = await api('POST', '/v1/platform/tenants', {
      token: acme?.tokens.tenant_admin ?? '',
      body: { tenantId: 'sneaky', name: 'x', tier: 'free', homeRegion: 'eu-west-1', firstAdminUserId: 'x' },
    });
    expect(response.status).toBe(403);
  });

  it('a suspended tenant gets 403 except reads by its admins; reactivation restores it', async () => {
    const tenant = await createTestTenant('susp');
    const issuer = tenant.id;
    expect(
      (await api('POST', `/v1/platform/tenants/${tenant.id}/suspend`, { token: platformAdmin() })).status,
    ).toBe(200);
    // Fresh tokens: a new Authorization header is not served from the authoriser cache.
    const requester = await freshToken(issuer, 'r1', ['requester']);
    const admin = await freshToken(issuer, 'a1', ['tenant_admin']);
    expect(
      (await api('POST', '/v1/tickets', { token: requester, body: { subject: 'blocked' } })).status,
    ).toBe(403);
    expect((await api('GET', '/v1/tickets', { token: requester })).status).toBe(403);
    expect((await api('GET', '/v1/tickets', { token: admin })).status).toBe(200);
    expect((await api('GET', '/v1/audit', { token: admin })).status).toBe(200);
    expect((await api('POST', '/v1/tickets', { token: admin, body: { subject: 'blocked' } })).status).toBe(
      403,
    );

    expect(
      (await api('POST', `/v1/platform/tenants/${tenant.id}/reactivate`, { token: platformAdmin() })).status,
    ).toBe(200);
    const requesterAgain = await freshToken(issuer, 'r2', ['requester']);
    expect(
      (await api('POST', '/v1/tickets', { token: requesterAgain, body: { subject: 'ok' } })).status,
    ).toBe(201);

    const audit = auditPage.parse((await api('GET', '/v1/audit', { token: admin })).body);
    expect(audit.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['tenant.suspended', 'tenant.reactivated']),
    );
  });
});

describe("the tenant's identity provider", () => {
  it('a newly registered issuer opens the tenant; the old one stops; nobody can take it over', async () => {
    const tenant = await createTestTenant('idp');
    const other = await createTestTenant('idp-other');
    const name = `corp-idp-${Math.random().toString(36).slice(2, 8)}`;
    const created = await api('POST', '/_local/issuers', { body: { id: name } });
    const { issuer, jwksUri } = z.object({ issuer: z.string(), jwksUri: z.string() }).parse(created.body);
    const settings = { issuer, jwksUri, audience: 'corp-api', rolesClaim: 'groups', userIdClaim: 'email' };

    const registered = await api('PUT', '/v1/tenant/identity-provider', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: settings,
    });
    expect(registered.status).toBe(200);
    const read = await api('GET', '/v1/tenant/identity-provider', { token: tokenOf(tenant, 'tenant_admin') });
    expect(identityProviderSchema.parse(read.body)).toEqual(settings);

    const minted = await api('POST', '/_local/tokens', {
      body: {
        issuer: name,
        subject: 'u-1',
        audience: 'corp-api',
        claims: { groups: ['requester'], email: 'bob@corp.example' },
      },
    });
    const token = z.object({ token: z.string() }).parse(minted.body).token;
    const ticket = await api('POST', '/v1/tickets', { token, body: { subject: 'from my own IdP' } });
    expect(ticket.status).toBe(201);
    expect(ticket.body).toMatchObject({ requesterId: 'bob@corp.example' });

    // The tenant's previous issuer no longer opens it (new header: no cached decision).
    expect(
      (await api('GET', '/v1/tickets', { token: await freshToken(tenant.id, 'late', ['requester']) })).status,
    ).toBe(401);

    const hijack = await api('PUT', '/v1/tenant/identity-provider', {
      token: tokenOf(other, 'tenant_admin'),
      body: settings,
    });
    expect(hijack.status).toBe(409);
    // The issuer still acts in the first tenant only.
    const list = await api('GET', '/v1/tickets', { token });
    expect(list.status).toBe(200);
  });

  it('takes the registration from the token only: a tenantId in the body is refused', async () => {
    const tenant = await createTestTenant('idp-body');
    const response = await api('PUT', '/v1/tenant/identity-provider', {
      token: tokenOf(tenant, 'tenant_admin'),
      body: {
        issuer: 'https://idp.example/x',
        jwksUri: 'https://idp.example/x/jwks',
        audience: 'a',
        rolesClaim: 'roles',
        userIdClaim: 'sub',
        tenantId: 'acme',
      },
    });
    expect(response.status).toBe(400);
  });
});

describe('providers and engagements', () => {
  let tenant: TestTenant;
  let provider: TestProvider;

  beforeAll(async () => {
    tenant = await createTestTenant('eng');
    provider = await createTestProvider('prov');
  });

  const providerRead = (tenantId: string, ticketId: string, token = provider.tokens.provider_agent ?? '') =>
    api('GET', `/v1/provider/tenants/${tenantId}/tickets/${ticketId}`, { token });

  it('the demo provider reads both engaged tenants and nothing of the third', async () => {
    const state = localStack();
    const sdp = state.providers.find((candidate) => candidate.id === 'servicedesk-pro');
    const agent = sdp?.tokens.provider_agent ?? '';
    const raisedIds = new Map<string, string>();
    for (const tenantId of ['acme', 'globex', 'initech']) {
      const requester = state.tenants.find((candidate) => candidate.id === tenantId)?.tokens.requester ?? '';
      const raised = await api('POST', '/v1/tickets', {
        token: requester,
        body: { subject: `demo ${tenantId}` },
      });
      expect(raised.status).toBe(201);
      const ticketId = z.object({ id: z.string() }).parse(raised.body).id;
      const read = await providerRead(tenantId, ticketId, agent);
      expect(read.status).toBe(tenantId === 'initech' ? 404 : 200);
      raisedIds.set(tenantId, ticketId);
    }
    const overview = await api('GET', '/v1/provider/tickets?limit=100', { token: agent });
    expect(overview.status).toBe(200);
    const shown = z
      .object({ items: z.array(z.object({ id: z.string(), tenantId: z.string() })) })
      .parse(overview.body).items;
    expect(new Set(shown.map((ticket) => ticket.tenantId))).toEqual(new Set(['acme', 'globex']));
    expect(shown.map((ticket) => ticket.id)).not.toContain(raisedIds.get('initech'));
  });

  it('an engagement opens exactly its scope, ending it closes everything, and every read is audited', async () => {
    const inScope = await raiseTicket(tenant, { service: 'email' });
    const outOfScope = await raiseTicket(tenant, { service: 'erp' });
    expect((await providerRead(tenant.id, inScope)).status).toBe(404);

    const engagementId = await engage(tenant, provider.id, { services: ['email'] });
    expect((await providerRead(tenant.id, inScope)).status).toBe(200);
    expect((await providerRead(tenant.id, outOfScope)).status).toBe(404);
    expect((await providerRead(tenant.id, 'T-does-not-exist')).status).toBe(404);

    const seen = await api('GET', '/v1/provider/engagements', {
      token: provider.tokens.provider_agent ?? '',
    });
    expect(z.object({ items: z.array(engagementSchema) }).parse(seen.body).items).toHaveLength(1);

    const suspended = await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { status: 'suspended' },
    });
    expect(suspended.status).toBe(200);
    expect((await providerRead(tenant.id, inScope)).status).toBe(404);
    await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { status: 'active' },
    });
    expect((await providerRead(tenant.id, inScope)).status).toBe(200);

    const ended = await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { status: 'ended' },
    });
    expect(ended.status).toBe(200);
    expect(engagementSchema.parse(ended.body).endsAt).not.toBeNull();
    // Same token as before, so a cached authoriser decision applies: access is still cut.
    expect((await providerRead(tenant.id, inScope)).status).toBe(404);
    const reopen = await api('PUT', `/v1/tenant/engagements/${engagementId}/status`, {
      token: tokenOf(tenant, 'tenant_admin'),
      body: { status: 'active' },
    });
    expect(reopen.status).toBe(409);

    const audit = await api('GET', '/v1/audit?action=provider.ticket_read', {
      token: tokenOf(tenant, 'tenant_admin'),
    });
    const reads = auditPage.parse(audit.body).items;
    expect(reads).toHaveLength(2);
    for (const entry of reads) {
      expect(entry.target).toBe(`ticket/${inScope}`);
      expect(entry.actor).toMatchObject({ kind: 'provider', organisationId: provider.id });
    }
    const changes = await api('GET', '/v1/audit?action=engagement.status_changed', {
      token: tokenOf(tenant, 'tenant_admin'),
    });
    expect(auditPage.parse(changes.body).items.map((entry) => entry.details.to)).toEqual([
      'ended',
      'active',
      'suspended',
    ]);
  });

  it('the audit log pages with a cursor and filters by actor and period', async () => {
    const own = await createTestTenant('audit');
    const outsider = await createTestProvider('audit-prov');
    await engage(own, outsider.id);
    const ticketId = await raiseTicket(own);
    const before = new Date().toISOString();
    for (let read = 0; read < 5; read += 1) {
      expect((await providerRead(own.id, ticketId, outsider.tokens.provider_agent ?? '')).status).toBe(200);
    }
    const admin = tokenOf(own, 'tenant_admin');
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/v1/audit?actor=${outsider.id}-provider_agent&from=${before}&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
      const page = auditPage.parse((await api('GET', query, { token: admin })).body);
      seen.push(...page.items.map((entry) => entry.entryId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(pages).toBeGreaterThanOrEqual(3);
    const none = auditPage.parse(
      (await api('GET', `/v1/audit?to=${new Date(Date.now() - 3_600_000).toISOString()}`, { token: admin }))
        .body,
    );
    expect(none.items).toHaveLength(0);
  });

  it('provider admins staff their desk; a provider cannot engage itself or read its desk as a tenant', async () => {
    const admin = provider.tokens.provider_admin ?? '';
    const team = await api('POST', '/v1/provider/teams', {
      token: admin,
      body: { name: 'Front line', tier: 'L1' },
    });
    expect(team.status).toBe(201);
    const teamId = z.object({ teamId: z.string() }).parse(team.body).teamId;
    const agent = await api('POST', '/v1/provider/agents', {
      token: admin,
      body: {
        displayName: 'Ada',
        teamIds: [teamId],
        skills: ['networking'],
        languages: ['en', 'fr'],
        schedule: { timeZone: 'Europe/Paris', shifts: [{ day: 'mon', from: '08:00', to: '16:00' }] },
      },
    });
    expect(agent.status).toBe(201);
    const desk = await api('GET', '/v1/provider/desk', { token: provider.tokens.provider_agent ?? '' });
    expect(desk.status).toBe(200);
    expect(desk.body).toMatchObject({ teams: [{ teamId, tier: 'L1' }], agents: [{ displayName: 'Ada' }] });
    expect(
      (
        await api('POST', '/v1/provider/teams', {
          token: provider.tokens.provider_agent ?? '',
          body: { name: 'x', tier: 'L2' },
        })
      ).status,
    ).toBe(403);
    expect((await api('GET', '/v1/provider/desk', { token: tokenOf(tenant, 'tenant_admin') })).status).toBe(
      403,
    );
  });
});

describe("the provider's ticket list across tenants", () => {
  const pageSchema = z.object({
    items: z.array(z.object({ id: z.string(), tenantId: z.string(), createdAt: z.string() })),
    nextCursor: z.string().nullable(),
  });

  it('pages newest first over every engaged tenant, in scope only, with a cursor bound to the caller', async () => {
    const [first, second] = [await createTestTenant('feed-a'), await createTestTenant('feed-b')];
    const provider = await createTestProvider('feed');
    await engage(first, provider.id, { services: ['email'] });
    const secondEngagement = await engage(second, provider.id, { services: ['email'] });
    const raised: string[] = [];
    for (const tenant of [first, second, first, second, first])
      raised.push(await raiseTicket(tenant, { service: 'email' }));
    const outOfScope = await raiseTicket(first, { service: 'erp' });
    const agent = provider.tokens.provider_agent ?? '';

    const seen: string[] = [];
    let cursor: string | null = null;
    let firstCursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const response = await api('GET', `/v1/provider/tickets?limit=2${query}`, { token: agent });
      expect(response.status).toBe(200);
      const page = pageSchema.parse(response.body);
      seen.push(...page.items.map((ticket) => ticket.id));
      cursor = page.nextCursor;
      firstCursor ??= cursor;
    } while (cursor !== null);
    expect(seen).toEqual([...raised].reverse());
    expect(seen).not.toContain(outOfScope);

    // Another user's cursor is refused; ending an engagement removes its tenant from the next page.
    const admin = provider.tokens.provider_admin ?? '';
    const replayed = await api(
      'GET',
      `/v1/provider/tickets?limit=2&cursor=${encodeURIComponent(firstCursor ?? '')}`,
      {
        token: admin,
      },
    );
    expect(replayed.status).toBe(400);
    await api('PUT', `/v1/tenant/engagements/${secondEngagement}/status`, {
      token: tokenOf(second, 'tenant_admin'),
      body: { status: 'ended' },
    });
    const afterEnd = await api(
      'GET',
      `/v1/provider/tickets?limit=2&cursor=${encodeURIComponent(firstCursor ?? '')}`,
      {
        token: agent,
      },
    );
    expect(pageSchema.parse(afterEnd.body).items.map((ticket) => ticket.tenantId)).toEqual([
      first.id,
      first.id,
    ]);
  });
});
