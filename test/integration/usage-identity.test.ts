/**
 * Every principal the authoriser admits has a usage identifier, as AWS requires on token routes
 * (the local gateway refuses a decision without one): providers and platform staff call through
 * their shared plans' keys; a legacy tenant without a key is refused with a 403 problem.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, localStack, tokenOf } from '../support/local-stack.ts';
import { createTestProvider } from '../support/tenancy-fixtures.ts';

const usagePlanKeys = async () =>
  z
    .object({
      keys: z.array(z.object({ id: z.string(), name: z.string(), usagePlanId: z.string().nullable() })),
    })
    .parse((await api('GET', '/_local/usage-plans')).body).keys;

describe('usage identity of every principal kind', () => {
  it('providers and platform each have one shared key, in a plan of their own', async () => {
    const keys = await usagePlanKeys();
    expect(keys.filter((key) => key.name === 'guichet-local-provider')).toEqual([
      { id: expect.any(String), name: 'guichet-local-provider', usagePlanId: 'local-plan-provider' },
    ]);
    expect(keys.filter((key) => key.name === 'guichet-local-platform')).toEqual([
      { id: expect.any(String), name: 'guichet-local-platform', usagePlanId: 'local-plan-platform' },
    ]);
  });

  it('a provider agent and admin call token routes', async () => {
    const provider = await createTestProvider('usage-provider');
    const queue = await api('GET', '/v1/provider/queue', { token: tokenOf(provider, 'provider_agent') });
    expect(queue.status, queue.text).toBe(200);
    const desk = await api('GET', '/v1/provider/desk', { token: tokenOf(provider, 'provider_admin') });
    expect(desk.status, desk.text).toBe(200);
  });

  it('the demo provider agent calls token routes', async () => {
    const demoProvider = localStack().providers[0];
    expect(demoProvider).toBeDefined();
    const token = demoProvider?.tokens.provider_agent ?? '';
    expect((await api('GET', '/v1/provider/queue', { token })).status).toBe(200);
  });

  it('a platform admin calls token routes', async () => {
    const tenantId = localStack().tenants[0]?.id ?? '';
    const response = await api('GET', `/v1/platform/tenants/${tenantId}`, {
      token: localStack().platform.tokens.platform_admin ?? '',
    });
    expect(response.status, response.text).toBe(200);
  });

  it('seeded tenants have their own key in their tier plan', async () => {
    const id = `usage-seeded-${Math.random().toString(36).slice(2, 8)}`;
    expect((await api('POST', '/_local/tenants', { body: { id, tier: 'premium' } })).status).toBe(201);
    expect((await usagePlanKeys()).filter((key) => key.name === `guichet-local-tenant-${id}`)).toEqual([
      { id: expect.any(String), name: `guichet-local-tenant-${id}`, usagePlanId: 'local-plan-premium' },
    ]);
  });

  it('a legacy tenant without a usage-plan key is refused with a 403 problem, nothing served', async () => {
    const id = `usage-legacy-${Math.random().toString(36).slice(2, 8)}`;
    const created = await api('POST', '/_local/tenants', { body: { id, usagePlanKey: false } });
    expect(created.status).toBe(201);
    const legacy = z.object({ id: z.string(), tokens: z.record(z.string(), z.string()) }).parse(created.body);

    for (const role of ['requester', 'tenant_admin']) {
      const response = await api('GET', '/v1/me/notifications', { token: tokenOf(legacy, role) });
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.body).toMatchObject({ status: 403 });
    }
  });
});
