/**
 * The port behind tier limits in AWS: each tenant has its own API Gateway API key, member of
 * its tier's usage plan, whose value the authoriser returns as the usage identifier. Usage
 * plans then throttle per tenant at the tier's rate and burst (`infra/tier-limits.ts`).
 *
 * The key value is not a credential clients hold (the API's key source is the authoriser), but
 * it is kept out of API responses all the same: only the authoriser reads it.
 */
import type { Tier } from './organisations.ts';

export interface UsagePlanKey {
  /** API Gateway's id of the key: what usage-plan membership is managed by. */
  readonly keyId: string;
  /** The key's value: what the authoriser returns as `usageIdentifierKey`. */
  readonly value: string;
}

export interface UsagePlanKeys {
  /** Creates the tenant's API key and adds it to its tier's usage plan. */
  provision(tenantId: string, tier: Tier): Promise<UsagePlanKey>;
}
