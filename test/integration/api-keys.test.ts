/**
 * Integration API keys over HTTP: shown once, acting only within their role and operations,
 * refused once revoked or expired, last use recorded, and creation and use audited.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiKeySchema, auditEntrySchema } from '../../shared/api/tenancy.ts';
import { api, createTestTenant, tokenOf } from '../support/local-stack.ts';
import { createTestProvider } from '../support/tenancy-fixtures.ts';

const createdKeySchema = apiKeySchema.extend({ secret: z.string() });
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

describe('API keys', () => {
  it('a tenant key acts within its operations only, is stored hashed, records use, and dies on revocation', async () => {
    const tenant = await createTestTenant('keys');
    const admin = tokenOf(tenant, 'tenant_admin');
    const created = await api('POST', '/v1/api-keys', {
      token: admin,
      body: { name: 'CRM sync', role: 'agent', operations: ['createTicket'], expiresAt: inAnHour() },
    });
    expect(created.status).toBe(201);
    const key = createdKeySchema.parse(created.body);
    expect(key.secret).toMatch(/^gk_[0-9A-Za-z]+_[0-9a-f]{64}$/);
    expect(key.lastUsedAt).toBeNull();

    const raised = await api('POST', '/v1/tickets', { token: key.secret, body: { subject: 'from the CRM' } });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ requesterId: `apikey:${key.keyId}` });
    // Its role (agent) could list tickets; the key's operations cannot.
    expect((await api('GET', '/v1/tickets', { token: key.secret })).status).toBe(403);

    const listed = await api('GET', '/v1/api-keys', { token: admin });
    const items = z.object({ items: z.array(z.record(z.string(), z.unknown())) }).parse(listed.body).items;
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items)).not.toContain(key.secret.slice(-64));
    expect(items[0]).not.toHaveProperty('secretHash');
    expect(apiKeySchema.parse(items[0]).lastUsedAt).not.toBeNull();

    // A wrong secret for a real key id is refused.
    const forged = `${key.secret.slice(0, -4)}0000`;
    expect((await api('POST', '/v1/tickets', { token: forged, body: { subject: 'x' } })).status).toBe(401);

    expect((await api('DELETE', `/v1/api-keys/${key.keyId}`, { token: admin })).status).toBe(200);
    // Another tenant's admin cannot even see that the key exists.
    const other = await createTestTenant('keys-other');
    expect(
      (await api('DELETE', `/v1/api-keys/${key.keyId}`, { token: tokenOf(other, 'tenant_admin') })).status,
    ).toBe(404);

    const audit = await api('GET', '/v1/audit', { token: admin });
    const actions = z
      .object({ items: z.array(auditEntrySchema) })
      .parse(audit.body)
      .items.map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['api_key.created', 'api_key.used', 'api_key.revoked']));
  });

  it('refuses a revoked key on its first presentation after revocation, and an expired one', async () => {
    const tenant = await createTestTenant('keys-rev');
    const admin = tokenOf(tenant, 'tenant_admin');
    const create = async (expiresAt: string) =>
      createdKeySchema.parse(
        (
          await api('POST', '/v1/api-keys', {
            token: admin,
            body: { name: 'k', role: 'requester', operations: ['createTicket'], expiresAt },
          })
        ).body,
      );
    const revoked = await create(inAnHour());
    await api('DELETE', `/v1/api-keys/${revoked.keyId}`, { token: admin });
    expect((await api('POST', '/v1/tickets', { token: revoked.secret, body: { subject: 'x' } })).status).toBe(
      401,
    );

    const shortLived = await create(new Date(Date.now() + 1_500).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(
      (await api('POST', '/v1/tickets', { token: shortLived.secret, body: { subject: 'x' } })).status,
    ).toBe(401);
  });

  it('refuses admin roles and operations the role does not allow; provider admins get provider keys', async () => {
    const tenant = await createTestTenant('keys-bad');
    const admin = tokenOf(tenant, 'tenant_admin');
    const attempt = (body: Record<string, unknown>) => api('POST', '/v1/api-keys', { token: admin, body });
    expect(
      (
        await attempt({
          name: 'k',
          role: 'tenant_admin',
          operations: ['createTicket'],
          expiresAt: inAnHour(),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await attempt({
          name: 'k',
          role: 'requester',
          operations: ['listAuditEntries'],
          expiresAt: inAnHour(),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await attempt({
          name: 'k',
          role: 'provider_agent',
          operations: ['getProviderTicket'],
          expiresAt: inAnHour(),
        })
      ).status,
    ).toBe(400);
    expect((await api('POST', '/v1/api-keys', { token: tokenOf(tenant, 'agent'), body: {} })).status).toBe(
      403,
    );

    const provider = await createTestProvider('keys-prov');
    const providerKey = await api('POST', '/v1/api-keys', {
      token: provider.tokens.provider_admin ?? '',
      body: {
        name: 'p',
        role: 'provider_agent',
        operations: ['listProviderEngagements'],
        expiresAt: inAnHour(),
      },
    });
    expect(providerKey.status).toBe(201);
    const secret = createdKeySchema.parse(providerKey.body).secret;
    expect((await api('GET', '/v1/provider/engagements', { token: secret })).status).toBe(200);
    expect((await api('GET', '/v1/provider/desk', { token: secret })).status).toBe(403);
  });
});
