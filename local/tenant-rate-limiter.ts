/**
 * The local gateway's stand-in for API Gateway usage plans: one token bucket per tenant, sized
 * by the tenant's tier (`infra/tier-limits.ts`, the same numbers the CDK app's usage plans use).
 * A tenant over its limit is refused with a Retry-After; other tenants' buckets are untouched.
 */
import { sharedPlanLimits, type TierLimit, tierLimits, type UsagePlanName } from '../infra/tier-limits.ts';

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
  readonly #limits: Readonly<Record<UsagePlanName, TierLimit>>;
  readonly #nowMs: () => number;

  constructor(options: { limits?: Readonly<Record<UsagePlanName, TierLimit>>; nowMs?: () => number } = {}) {
    this.#limits = options.limits ?? { ...tierLimits, ...sharedPlanLimits };
    this.#nowMs = options.nowMs ?? Date.now;
  }

  take(tenantId: string, plan: UsagePlanName): RateDecision {
    const limit = this.#limits[plan];
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
 * The gateway hook, as API Gateway's usage plans: the usage identifier key the authoriser
 * returned decides the bucket, and its plan the limits — a tenant's tier plan, or the
 * providers' or platform's shared plan. Every principal kind is throttled; the gateway refuses
 * a decision without a key before asking (`api-gateway.ts`).
 */
export const usagePlanThrottle =
  (limiter: TenantRateLimiter, planOfUsageKey: (key: string) => UsagePlanName | undefined) =>
  (_context: Readonly<Record<string, unknown>>, usageIdentifierKey?: string): number | undefined => {
    const plan = usageIdentifierKey === undefined ? undefined : planOfUsageKey(usageIdentifierKey);
    if (plan === undefined) return undefined;
    const decision = limiter.take(`usage-key:${usageIdentifierKey}`, plan);
    return decision.allowed ? undefined : decision.retryAfterSeconds;
  };
