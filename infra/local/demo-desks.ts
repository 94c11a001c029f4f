/**
 * The demo providers' desks and engagements on the local stack: ServiceDesk Pro (outsourced,
 * engaged by Acme and Globex, not Initech) and Acme IT (Acme's in-house department), each with
 * L1/L2/L3 teams and agents. Engagement ids are fixed so tests and demos can name them.
 */
import type { DynamoDbDirectory } from '../../shared/adapters/dynamodb/dynamodb-directory.ts';
import type { DynamoDbOrganisationDirectory } from '../../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import type { Agent, Team } from '../../shared/domain/tenancy/organisations.ts';
import { providerRoles } from '../../shared/domain/tenancy/principal.ts';
import { DEMO_AUDIENCE, demoProviders, demoTenants } from './demo-organisations.ts';
import type { LocalOidcIssuer } from './oidc-issuer.ts';

/** The id of the demo engagement of `providerId` by `tenantId`. */
export const demoEngagementId = (providerId: string, tenantId: string): string => `${providerId}-${tenantId}`;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/**
 * Records a seeded tenant's issuer as its identity provider, as registering it through the
 * API would, so that a later registration replaces (and retires) it.
 */
export const recordSeededIdentityProvider = (
  directory: DynamoDbOrganisationDirectory,
  oidc: LocalOidcIssuer,
  tenant: { readonly id: string; readonly rolesClaim: string; readonly userIdClaim: string },
): Promise<void> =>
  directory.registerIdentityProvider(tenant.id, {
    issuer: oidc.issuerUrl(tenant.id),
    jwksUri: oidc.jwksUrl(tenant.id),
    audience: DEMO_AUDIENCE,
    rolesClaim: tenant.rolesClaim,
    userIdClaim: tenant.userIdClaim,
  });

export const seedDemoDesks = async (
  directory: DynamoDbOrganisationDirectory,
  oidc: LocalOidcIssuer,
  now: Date,
): Promise<void> => {
  for (const tenant of demoTenants) await recordSeededIdentityProvider(directory, oidc, tenant);
  for (const provider of demoProviders) {
    await directory.saveProvider({
      providerId: provider.id,
      name: provider.name,
      kind: provider.kind,
      ownerTenantId: provider.kind === 'in_house' ? (provider.engagedTenantIds[0] ?? null) : null,
    });
    const teams: Team[] = (['L1', 'L2', 'L3'] as const).map((tier) => ({
      teamId: `${provider.id}-${tier.toLowerCase()}`,
      providerId: provider.id,
      name: `${provider.name} ${tier}`,
      tier,
    }));
    for (const team of teams) await directory.saveTeam(team);
    const agents: Agent[] = teams.map((team, index) => ({
      agentId: `${provider.id}-agent-${index + 1}`,
      providerId: provider.id,
      displayName: `${team.tier} agent of ${provider.name}`,
      teamIds: [team.teamId],
      skills: index === 0 ? ['triage', 'password-reset'] : index === 1 ? ['networking', 'email'] : ['erp'],
      languages: index === 0 ? ['en', 'fr'] : ['en', 'de'],
      schedule: {
        timeZone: 'Europe/Paris',
        shifts: WEEKDAYS.map((day) => ({ day, from: '08:00', to: '18:00' })),
      },
    }));
    for (const agent of agents) await directory.saveAgent(agent);
    for (const tenantId of provider.engagedTenantIds) {
      await directory.saveEngagement({
        engagementId: demoEngagementId(provider.id, tenantId),
        tenantId,
        providerId: provider.id,
        scope: { services: [], categories: [] },
        slaPolicyRef: `${tenantId}-standard-sla`,
        calendarRef: `${tenantId}-business-hours`,
        priceBookRef: `${provider.id}-price-book`,
        startsAt: new Date(now.getTime() - 24 * 3600 * 1000).toISOString(),
        endsAt: null,
        status: 'active',
        updatedAt: now.toISOString(),
      });
    }
  }
};

export interface TestProviderDeps {
  readonly directory: DynamoDbDirectory;
  readonly organisations: DynamoDbOrganisationDirectory;
  readonly oidc: LocalOidcIssuer;
}

/** A fresh outsourced provider with its own IdP and a token per provider role (tests). */
export const seedTestProvider = async (
  deps: TestProviderDeps,
  provider: { readonly id: string; readonly name: string },
): Promise<{ id: string; name: string; tokens: Record<string, string> }> => {
  await deps.oidc.ensureIssuer(provider.id);
  await deps.directory.putIssuer({
    issuer: deps.oidc.issuerUrl(provider.id),
    jwksUri: deps.oidc.jwksUrl(provider.id),
    audience: DEMO_AUDIENCE,
    owner: { kind: 'provider', providerId: provider.id },
    rolesClaim: 'roles',
    userIdClaim: 'sub',
  });
  await deps.organisations.saveProvider({
    providerId: provider.id,
    name: provider.name,
    kind: 'outsourced',
    ownerTenantId: null,
  });
  const tokens: Record<string, string> = {};
  for (const role of providerRoles) {
    tokens[role] = await deps.oidc.issueToken(provider.id, {
      subject: `${provider.id}-${role}`,
      audience: DEMO_AUDIENCE,
      claims: { roles: [role] },
    });
  }
  return { id: provider.id, name: provider.name, tokens };
};
