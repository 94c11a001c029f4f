/** The local usage-plan stand-in: burst, refill, Retry-After, and tenants kept apart. */
import { describe, expect, it } from 'vitest';
import { sharedPlanLimits, tierLimits } from '../../../infra/tier-limits.ts';
import { TenantRateLimiter, usagePlanThrottle } from '../../../local/tenant-rate-limiter.ts';

const limiterAt = () => {
  let now = 1_000_000;
  const limiter = new TenantRateLimiter({ nowMs: () => now });
  return { limiter, advance: (ms: number) => (now += ms) };
};

describe('TenantRateLimiter', () => {
  it('lets a full burst through, then refuses with a Retry-After', () => {
    const { limiter } = limiterAt();
    const burst = tierLimits.free.burstLimit;
    for (let index = 0; index < burst; index += 1) expect(limiter.take('a', 'free').allowed).toBe(true);
    const refused = limiter.take('a', 'free');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it('refills at the tier rate', () => {
    const { limiter, advance } = limiterAt();
    for (let index = 0; index < tierLimits.free.burstLimit; index += 1) limiter.take('a', 'free');
    expect(limiter.take('a', 'free').allowed).toBe(false);
    advance(1000);
    let allowed = 0;
    while (limiter.take('a', 'free').allowed) allowed += 1;
    expect(allowed).toBe(tierLimits.free.rateLimitPerSecond);
  });

  it('keeps tenants apart: one exhausted tenant does not slow another', () => {
    const { limiter } = limiterAt();
    while (limiter.take('noisy', 'free').allowed) {
      // drain
    }
    expect(limiter.take('quiet', 'free').allowed).toBe(true);
  });

  it('gives higher tiers larger bursts', () => {
    const { limiter } = limiterAt();
    let premium = 0;
    while (limiter.take('p', 'premium').allowed) premium += 1;
    let free = 0;
    while (limiter.take('f', 'free').allowed) free += 1;
    expect(premium).toBe(tierLimits.premium.burstLimit);
    expect(free).toBe(tierLimits.free.burstLimit);
  });
});

describe('usagePlanThrottle (usage identifier keys)', () => {
  const premiumContext = { kind: 'tenant', tenantId: 't1', tier: 'premium' };

  it("limits by the key's usage plan, as API Gateway does, whatever tier the context says", () => {
    const { limiter } = limiterAt();
    const throttle = usagePlanThrottle(limiter, (key) => (key === 'key-of-t1' ? 'free' : undefined));
    const outcomes = Array.from({ length: tierLimits.free.burstLimit + 1 }, () =>
      throttle(premiumContext, 'key-of-t1'),
    );
    expect(outcomes.slice(0, -1).every((retryAfter) => retryAfter === undefined)).toBe(true);
    expect(outcomes.at(-1)).toBeGreaterThanOrEqual(1);
  });

  it("throttles providers and platform staff by their shared plan's limits", () => {
    for (const plan of ['provider', 'platform'] as const) {
      const { limiter } = limiterAt();
      const throttle = usagePlanThrottle(limiter, (key) => (key === `shared-${plan}` ? plan : undefined));
      let allowed = 0;
      while (throttle({ kind: plan }, `shared-${plan}`) === undefined) allowed += 1;
      expect(allowed).toBe(sharedPlanLimits[plan].burstLimit);
    }
  });
});
