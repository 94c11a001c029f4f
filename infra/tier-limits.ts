/**
 * Request throttles per subscription tier: the numbers behind API Gateway's usage plans in AWS
 * and behind the local gateway's limiter, so both enforce the same contract.
 *
 * Usage plans are best effort (API Gateway applies them per region and may let short bursts
 * through), so functions that fan out also cap work per tenant.
 */

import type { SharedUsagePlan } from '../shared/domain/tenancy/usage-identity.ts';

export const TIERS = ['free', 'standard', 'premium'] as const;

export type Tier = (typeof TIERS)[number];

export interface TierLimit {
  /** Steady-state requests per second (token bucket refill rate). */
  readonly rateLimitPerSecond: number;
  /** Requests that may arrive at once on a full bucket. */
  readonly burstLimit: number;
}

export const tierLimits = {
  free: { rateLimitPerSecond: 10, burstLimit: 20 },
  standard: { rateLimitPerSecond: 50, burstLimit: 100 },
  premium: { rateLimitPerSecond: 200, burstLimit: 400 },
} as const satisfies Record<Tier, TierLimit>;

/**
 * Tenancy (#3): the plans shared by a kind of principal (`shared/domain/tenancy/usage-identity.ts`):
 * all providers' users count against one providers' key, platform staff against the platform's.
 * Providers work for several tenants at once, so their plan is sized above a premium tenant's.
 */
export const sharedPlanLimits = {
  provider: { rateLimitPerSecond: 200, burstLimit: 400 },
  platform: { rateLimitPerSecond: 50, burstLimit: 100 },
} as const satisfies Record<SharedUsagePlan, TierLimit>;

/** Every usage plan of a stage: the tiers' and the shared ones. */
export type UsagePlanName = Tier | SharedUsagePlan;

export const limitsOfPlan = (plan: UsagePlanName): TierLimit =>
  plan === 'provider' || plan === 'platform' ? sharedPlanLimits[plan] : tierLimits[plan];
