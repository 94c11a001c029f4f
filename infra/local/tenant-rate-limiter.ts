/**
 * The local gateway's stand-in for API Gateway usage plans: one token bucket per tenant, sized
 * by the tenant's tier (`infra/tier-limits.ts`, the same numbers the CDK app's usage plans use).
 * A tenant over its limit is refused with a Retry-After; other tenants' buckets are untouched.
 */
import { type Tier, type TierLimit, tierLimits } from '../tier-limits.ts';

export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until one request would be allowed again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

export class TenantRateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #limits: Readonly<Record<Tier, TierLimit>>;
  readonly #nowMs: () => number;

  constructor(options: { limits?: Readonly<Record<Tier, TierLimit>>; nowMs?: () => number } = {}) {
    this.#limits = options.limits ?? tierLimits;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  take(tenantId: string, tier: Tier): RateDecision {
    const limit = this.#limits[tier];
    const now = this.#nowMs();
    const bucket = this.#buckets.get(tenantId) ?? { tokens: limit.burstLimit, updatedAtMs: now };
    const elapsedSeconds = Math.max(0, now - bucket.updatedAtMs) / 1000;
    // A tier change takes effect at once: the bucket never holds more than the current burst.
    bucket.tokens = Math.min(limit.burstLimit, bucket.tokens + elapsedSeconds * limit.rateLimitPerSecond);
    bucket.updatedAtMs = now;
    this.#buckets.set(tenantId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.rateLimitPerSecond)),
    };
  }
}

/**
 * The gateway hook: tenant principals are throttled per tenant; providers and platform are not
 * (yet). As in AWS, a usage identifier key registered in a usage plan decides: the bucket is
 * the key's and the limits its plan's tier (`local-usage-plans.ts`). Tenants seeded without a
 * key (the demo and test tenants) fall back to their tier from the authoriser's context.
 */
export const tenantThrottle =
  (limiter: TenantRateLimiter, tierOfUsageKey: (key: string) => Tier | undefined = () => undefined) =>
  (context: Readonly<Record<string, unknown>>, usageIdentifierKey?: string): number | undefined => {
    const { kind, tenantId, tier } = context;
    if (kind !== 'tenant' || typeof tenantId !== 'string') return undefined;
    const planTier = usageIdentifierKey === undefined ? undefined : tierOfUsageKey(usageIdentifierKey);
    if (planTier !== undefined) {
      const decision = limiter.take(`usage-key:${usageIdentifierKey}`, planTier);
      return decision.allowed ? undefined : decision.retryAfterSeconds;
    }
    if (tier !== 'free' && tier !== 'standard' && tier !== 'premium') return undefined;
    const decision = limiter.take(tenantId, tier);
    return decision.allowed ? undefined : decision.retryAfterSeconds;
  };
