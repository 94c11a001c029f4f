/**
 * Tenants and providers as the platform knows them: onboarding, standing, the tenant's own
 * identity provider, and a provider's teams and agents. Pure records and rules; storage is
 * behind `OrganisationDirectory`.
 */
import type { OrgUnitClaimMapping } from './delegation.ts';
import type { Engagement, EngagementDirectory } from './engagement.ts';
import type { IssuerRegistration } from './issuer-registration.ts';
import type { UsagePlanKey } from './usage-plan-keys.ts';

export const tiers = ['free', 'standard', 'premium'] as const;
export type Tier = (typeof tiers)[number];

export interface Tenant {
  readonly tenantId: string;
  readonly name: string;
  readonly tier: Tier;
  readonly status: 'active' | 'suspended';
  readonly homeRegion: string;
  /** The user id (in the tenant's IdP) of the first tenant admin, named at onboarding. */
  readonly firstAdminUserId?: string | undefined;
}

/** Where a tenant's users come from: its IdP, and how to read its tokens. */
export interface IdentityProviderSettings {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly audience: string;
  readonly rolesClaim: string;
  readonly userIdClaim: string;
  /** Claims of the user's site/department and a delegated admin's delegation; defaults when absent. */
  readonly orgUnitClaims?: OrgUnitClaimMapping | undefined;
}

export const teamTiers = ['L1', 'L2', 'L3'] as const;
export type TeamTier = (typeof teamTiers)[number];

export interface Provider {
  readonly providerId: string;
  readonly name: string;
  readonly kind: 'outsourced' | 'in_house';
  /** The tenant whose in-house department this provider is; null for outsourced desks. */
  readonly ownerTenantId: string | null;
}

/** Tier as a number (L1 = 1): routing explanations and escalation order use it. */
export const tierNumber = (tier: TeamTier): number => teamTiers.indexOf(tier) + 1;

/** How a team hands a ticket to one of its agents. */
export const assignmentStrategies = ['round_robin', 'least_loaded', 'skills'] as const;
export type AssignmentStrategy = (typeof assignmentStrategies)[number];

/** A team created without a strategy rotates (the fairest choice knowing nothing of its agents). */
export const DEFAULT_ASSIGNMENT_STRATEGY: AssignmentStrategy = 'round_robin';

export interface Team {
  readonly teamId: string;
  readonly providerId: string;
  readonly name: string;
  readonly tier: TeamTier;
  readonly strategy: AssignmentStrategy;
  /**
   * The team escalations go to. Null: the provider's first team (by id) of the next tier, if
   * any — so a desk staffed L1/L2/L3 escalates without naming anything.
   */
  readonly nextTierTeamId: string | null;
  /**
   * The agent an SLA breach's `notify` action tells (in their provider inbox); null or absent
   * (teams saved before leads existed): every agent of the team is told.
   */
  readonly leadAgentId?: string | null;
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * When an agent works: the one schedule shape of the platform (routing reads it through
 * `isOnShift`). Several shifts a day are allowed; a shift whose `to` is not after its `from`
 * runs past midnight into the next day.
 */
export interface WorkingSchedule {
  readonly timeZone: string;
  /** Shifts by weekday, `HH:MM` local time (`to` may be `24:00`). */
  readonly shifts: ReadonlyArray<{
    readonly day: (typeof weekdays)[number];
    readonly from: string;
    readonly to: string;
  }>;
}

export interface Agent {
  readonly agentId: string;
  readonly providerId: string;
  readonly displayName: string;
  readonly teamIds: readonly string[];
  readonly skills: readonly string[];
  readonly languages: readonly string[];
  readonly schedule: WorkingSchedule;
  /** False while off sick, on leave, or away by their own say; routing skips them. */
  readonly available: boolean;
  /** The person's user id at the provider's IdP, so they may set their own availability. */
  readonly userId: string | null;
}

export interface OrganisationDirectory extends EngagementDirectory {
  getTenant(tenantId: string): Promise<Tenant | undefined>;
  /** Fails with Conflict when the id is taken. */
  createTenant(tenant: Tenant): Promise<void>;
  saveTenant(tenant: Tenant): Promise<void>;
  /** Tier limits: the tenant's usage-plan key, once provisioned (undefined before). */
  usagePlanKeyOf(tenantId: string): Promise<UsagePlanKey | undefined>;
  recordUsagePlanKey(tenantId: string, key: UsagePlanKey): Promise<void>;
  getIdentityProvider(tenantId: string): Promise<IdentityProviderSettings | undefined>;
  /**
   * Registers the issuer for this tenant, replacing its previous one. Fails with Conflict when
   * another organisation already owns the issuer: an issuer decides the tenant of its tokens.
   */
  registerIdentityProvider(tenantId: string, settings: IdentityProviderSettings): Promise<void>;
  getProvider(providerId: string): Promise<Provider | undefined>;
  saveProvider(provider: Provider): Promise<void>;
  /** Fails with Conflict when the id is taken. */
  createProvider(provider: Provider): Promise<void>;
  /**
   * Registers the issuer of the provider's own IdP. Fails with Conflict when another
   * organisation already owns the issuer: an issuer decides the organisation of its tokens.
   */
  registerProviderIssuer(providerId: string, settings: IdentityProviderSettings): Promise<void>;
  saveTeam(team: Team): Promise<void>;
  saveAgent(agent: Agent): Promise<void>;
  getAgent(providerId: string, agentId: string): Promise<Agent | undefined>;
  teamsOf(providerId: string): Promise<readonly Team[]>;
  agentsOf(providerId: string): Promise<readonly Agent[]>;
  getEngagement(tenantId: string, engagementId: string): Promise<Engagement | undefined>;
  engagementsOfTenant(tenantId: string): Promise<readonly Engagement[]>;
  engagementsOfProvider(providerId: string): Promise<readonly Engagement[]>;
  saveEngagement(engagement: Engagement): Promise<void>;
}

export const issuerRegistrationOf = (
  tenantId: string,
  settings: IdentityProviderSettings,
): IssuerRegistration => ({ ...settings, owner: { kind: 'tenant', tenantId } });
