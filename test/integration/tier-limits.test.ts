/** Noisy neighbours: a free tenant over its burst gets 429 + Retry-After; another tenant does not notice. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tierLimits } from '../../infra/tier-limits.ts';
import { api, createTestTenant, localStack, tokenOf } from '../support/local-stack.ts';
import { freshToken } from '../support/tenancy-fixtures.ts';

describe('tier limits on the local gateway', () => {
  it('throttles the tenant over its limit and only that tenant', async () => {
    const id = `noisy-${Math.random().toString(36).slice(2, 8)}`;
    const created = await api('POST', '/_local/tenants', { body: { id, name: 'Noisy', tier: 'free' } });
    const noisy = z.object({ id: z.string(), tokens: z.record(z.string(), z.string()) }).parse(created.body);
    const quiet = await createTestTenant('quiet');

    const attempts = tierLimits.free.burstLimit * 2;
    const responses = await Promise.all(
      Array.from({ length: attempts }, () =>
        api('GET', '/v1/me/notifications', { token: tokenOf(noisy, 'requester') }),
      ),
    );
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    expect(responses.filter((response) => response.status === 200).length).toBeGreaterThan(0);
    const first = throttled[0];
    expect(Number(first?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(first?.headers.get('content-type')).toBe('application/problem+json');

    expect((await api('GET', '/v1/me/notifications', { token: tokenOf(quiet, 'requester') })).status).toBe(
      200,
    );
  });
});

describe("tenants' usage-plan keys", () => {
  it('onboarding creates the tenant its own key in its tier plan, which then throttles it', async () => {
    const tenantId = `keyed-${Math.random().toString(36).slice(2, 8)}`;
    const issuer = z
      .object({ issuer: z.string(), jwksUri: z.string() })
      .parse((await api('POST', '/_local/issuers', { body: { id: `${tenantId}-idp` } })).body);
    const platformAdmin = localStack().platform.tokens.platform_admin ?? '';
    const onboarded = await api('POST', '/v1/platform/tenants', {
      token: platformAdmin,
      body: {
        tenantId,
        name: 'Keyed Ltd',
        tier: 'free',
        homeRegion: 'eu-west-1',
        firstAdminUserId: 'kim',
        identityProvider: { ...issuer, audience: 'guichet-api', rolesClaim: 'roles', userIdClaim: 'sub' },
      },
    });
    expect(onboarded.status).toBe(201);
    expect(onboarded.text).not.toContain('usagePlanKey');

    const plans = z
      .object({
        keys: z.array(z.object({ id: z.string(), name: z.string(), usagePlanId: z.string().nullable() })),
      })
      .parse((await api('GET', '/_local/usage-plans')).body);
    expect(plans.keys.filter((key) => key.name === `guichet-local-tenant-${tenantId}`)).toEqual([
      { id: expect.any(String), name: `guichet-local-tenant-${tenantId}`, usagePlanId: 'local-plan-free' },
    ]);

    const kim = await freshToken(`${tenantId}-idp`, 'kim', ['requester']);
    const responses = await Promise.all(
      Array.from({ length: tierLimits.free.burstLimit * 2 }, () =>
        api('GET', '/v1/me/notifications', { token: kim }),
      ),
    );
    expect(responses.filter((response) => response.status === 429).length).toBeGreaterThan(0);
    expect(responses.filter((response) => response.status === 200).length).toBeGreaterThan(0);
  });

  it('a failed key provisioning leaves the tenant keyless; retrying the same onboarding resumes it', async () => {
    const tenantId = `resumed-${Math.random().toString(36).slice(2, 8)}`;
    const body = {
      tenantId,
      name: 'Resumed Ltd',
      tier: 'free',
      homeRegion: 'eu-west-1',
      firstAdminUserId: 'ria',
    };
    const platformAdmin = localStack().platform.tokens.platform_admin ?? '';
    const keysOfTenant = async () =>
      z
        .object({ keys: z.array(z.object({ name: z.string(), usagePlanId: z.string().nullable() })) })
        .parse((await api('GET', '/_local/usage-plans')).body)
        .keys.filter((key) => key.name === `guichet-local-tenant-${tenantId}`);
    // The SDK retries a 5xx twice: fail all three attempts.
    await api('POST', '/_local/faults/usage-plan-keys', { body: { count: 3 } });

    const failed = await api('POST', '/v1/platform/tenants', { token: platformAdmin, body });
    expect(failed.status).toBe(500);
    expect(await keysOfTenant()).toEqual([{ name: `guichet-local-tenant-${tenantId}`, usagePlanId: null }]);

    const resumed = await api('POST', '/v1/platform/tenants', { token: platformAdmin, body });
    expect(resumed.status).toBe(201);
    expect((await keysOfTenant()).map((key) => key.usagePlanId)).toEqual([null, 'local-plan-free']);
    expect((await api('POST', '/v1/platform/tenants', { token: platformAdmin, body })).status).toBe(409);
    const other = await api('POST', '/v1/platform/tenants', {
      token: platformAdmin,
      body: { ...body, tenantId: `${tenantId}x` },
    });
    expect(other.status).toBe(201);
  });
});
