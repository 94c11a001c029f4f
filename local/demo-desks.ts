/**
 * The demo providers' desks and engagements on the local stack: ServiceDesk Pro (outsourced,
 * engaged by Acme and Globex, not Initech) and Acme IT (Acme's in-house department for ERP),
 * with the teams and agents routing assigns to — written through the organisation directory,
 * the one store routing reads. Engagement ids are fixed so tests and demos can name them.
 */
import type { DynamoDbDirectory } from '../shared/adapters/dynamodb/dynamodb-directory.ts';
import type { DynamoDbOrganisationDirectory } from '../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import type { Agent, Team } from '../shared/domain/tenancy/organisations.ts';
import { providerRoles } from '../shared/domain/tenancy/principal.ts';
import { DEMO_AUDIENCE, demoProviders, demoTenants } from './demo-organisations.ts';
import type { LocalOidcIssuer } from './oidc-issuer.ts';

/** The id of the demo engagement of `providerId` by `tenantId`. */
export const demoEngagementId = (providerId: string, tenantId: string): string => `${providerId}-${tenantId}`;

/** Demo agents work around the clock, so the demo routes at any hour; schedules are tested apart. */
const aroundTheClock: Agent['schedule'] = {
  timeZone: 'UTC',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({
    day,
    from: '00:00',
    to: '24:00',
  })),
};
const brusselsOffice: Agent['schedule'] = {
  timeZone: 'Europe/Brussels',
  shifts: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, from: '08:00', to: '18:00' })),
};

const agent = (
  providerId: string,
  agentId: string,
  teamIds: string[],
  fields: Partial<Agent> = {},
): Agent => ({
  agentId,
  providerId,
  displayName: agentId,
  teamIds,
  skills: [],
  languages: ['en'],
  schedule: aroundTheClock,
  available: true,
  userId: null,
  ...fields,
});

/**
 * The demo desks routing works with: servicedesk-pro (L1 round robin → L2 skills → L3 least
 * loaded) and acme-it (one least-loaded desk, one agent on Brussels office hours). The demo
 * provider agent user of each provider is one of its agents, so they can set their own
 * availability.
 */
export const demoDesks: Readonly<Record<string, { teams: readonly Team[]; agents: readonly Agent[] }>> = {
  'servicedesk-pro': {
    teams: [
      {
        providerId: 'servicedesk-pro',
        teamId: 'sdp-l1',
        name: 'Service desk L1',
        tier: 'L1',
        strategy: 'round_robin',
        nextTierTeamId: 'sdp-l2',
      },
      {
        providerId: 'servicedesk-pro',
        teamId: 'sdp-l2',
        name: 'Specialists L2',
        tier: 'L2',
        strategy: 'skills',
        nextTierTeamId: 'sdp-l3',
      },
      {
        providerId: 'servicedesk-pro',
        teamId: 'sdp-l3',
        name: 'Engineering L3',
        tier: 'L3',
        strategy: 'least_loaded',
        nextTierTeamId: null,
      },
    ],
    agents: [
      agent('servicedesk-pro', 'sdp-ana', ['sdp-l1'], { languages: ['en', 'fr'], userId: 'sdp-agent' }),
      agent('servicedesk-pro', 'sdp-ben', ['sdp-l1'], { languages: ['en', 'nl'] }),
      agent('servicedesk-pro', 'sdp-chloe', ['sdp-l1'], { languages: ['fr'] }),
      agent('servicedesk-pro', 'sdp-dev', ['sdp-l2'], {
        skills: ['network', 'remote-access'],
        languages: ['en', 'fr'],
      }),
      agent('servicedesk-pro', 'sdp-eli', ['sdp-l2'], { skills: ['hardware', 'printing'] }),
      agent('servicedesk-pro', 'sdp-fay', ['sdp-l3'], { skills: ['network'] }),
    ],
  },
  'acme-it': {
    teams: [
      {
        providerId: 'acme-it',
        teamId: 'acme-it-desk',
        name: 'Acme IT desk',
        tier: 'L1',
        strategy: 'least_loaded',
        nextTierTeamId: null,
      },
    ],
    agents: [
      agent('acme-it', 'acme-it-gus', ['acme-it-desk'], {
        skills: ['erp'],
        languages: ['en', 'fr'],
        schedule: brusselsOffice,
      }),
      agent('acme-it', 'acme-it-hana', ['acme-it-desk'], {
        skills: ['erp'],
        userId: 'acme-it-agent',
      }),
    ],
  },
};

/** Services each demo engagement covers (empty: every service): Acme's in-house desk does ERP. */
const demoScopes: Readonly<Record<string, readonly string[]>> = { 'acme-it-acme': ['erp'] };

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
    const desk = demoDesks[provider.id] ?? { teams: [], agents: [] };
    for (const team of desk.teams) await directory.saveTeam(team);
    for (const member of desk.agents) await directory.saveAgent(member);
    for (const tenantId of provider.engagedTenantIds) {
      await directory.saveEngagement({
        engagementId: demoEngagementId(provider.id, tenantId),
        tenantId,
        providerId: provider.id,
        scope: { services: demoScopes[demoEngagementId(provider.id, tenantId)] ?? [], categories: [] },
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
