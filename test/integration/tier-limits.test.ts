/** Noisy neighbours: a free tenant over its burst gets 429 + Retry-After; another tenant does not notice. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tierLimits } from '../../infra/tier-limits.ts';
import { api, createTestTenant, tokenOf } from '../support/local-stack.ts';

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
