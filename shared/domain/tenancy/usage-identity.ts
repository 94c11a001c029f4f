/**
 * Who a request counts against in API Gateway's usage plans: the usage identifier (an API key's
 * value) the authoriser returns for every principal it admits. Every token route requires one,
 * so a principal without a usage identity cannot call anything (API Gateway answers 403).
 *
 * - a tenant principal (person or integration key): the tenant's own key, in its tier's plan —
 *   tenants never share a bucket, so a noisy tenant only slows itself;
 * - a provider principal: the providers' shared key, in the `provider` plan — providers are few
 *   and have no self-service onboarding yet, and their load never touches a tenant's bucket;
 * - a platform principal: the platform's shared key, in the `platform` plan.
 * A tenant onboarded before keys existed (legacy) has none: it is refused with a clear reason
 * rather than admitted unthrottled (re-running its onboarding provisions the key).
 */
import type { TenantStanding } from './issuer-registration.ts';
import type { Principal } from './principal.ts';

/** The usage plans shared by a kind of principal, besides the tenants' tier plans. */
export const SHARED_USAGE_PLANS = ['provider', 'platform'] as const;
export type SharedUsagePlan = (typeof SHARED_USAGE_PLANS)[number];

/** The value of each shared plan's key (read once per container by the authoriser). */
export interface SharedUsageKeys {
  valueOf(plan: SharedUsagePlan): Promise<string>;
}

export type UsageIdentity =
  | { readonly kind: 'identified'; readonly usageIdentifierKey: string }
  | { readonly kind: 'missing'; readonly reason: string };

export const usageIdentityOf = async (
  principal: Principal,
  tenant: TenantStanding | undefined,
  sharedKeys: SharedUsageKeys,
): Promise<UsageIdentity> => {
  switch (principal.kind) {
    case 'tenant':
      return tenant?.usagePlanKey === undefined
        ? {
            kind: 'missing',
            reason: `tenant ${principal.tenantId} has no usage-plan key (onboarded before keys existed)`,
          }
        : { kind: 'identified', usageIdentifierKey: tenant.usagePlanKey };
    case 'provider':
      return { kind: 'identified', usageIdentifierKey: await sharedKeys.valueOf('provider') };
    case 'platform':
      return { kind: 'identified', usageIdentifierKey: await sharedKeys.valueOf('platform') };
  }
};
