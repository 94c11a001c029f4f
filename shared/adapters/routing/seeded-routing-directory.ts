/**
 * The routing directory from seeded data: teams, agents and engagements held in memory. It
 * stands in for tenancy's directory (#3) behind the same port; the demo seed below gives the
 * local stack's providers (servicedesk-pro, acme-it) their teams and agents.
 */
import type { Agent, RoutingDirectory, Team } from '../../domain/routing/routing-directory.ts';
import type { RoutingRule } from '../../domain/routing/routing-rules.ts';
import type { WeeklyHours } from '../../domain/routing/working-hours.ts';

export interface RoutingDirectorySeed {
  readonly teams: readonly Team[];
  readonly agents: readonly Agent[];
  /** tenantId → providers engaged, with the services covered (empty = every service). */
  readonly engagements: readonly { tenantId: string; providerId: string; services: readonly string[] }[];
  /** Rules used for tenants that have not set their own. */
  readonly defaultRules: Readonly<Record<string, readonly RoutingRule[]>>;
  readonly businessHours: Readonly<Record<string, WeeklyHours>>;
}

export class SeededRoutingDirectory implements RoutingDirectory {
  readonly #seed: RoutingDirectorySeed;

  constructor(seed: RoutingDirectorySeed) {
    this.#seed = seed;
  }

  async team(providerId: string, teamId: string): Promise<Team | undefined> {
    return this.#seed.teams.find((team) => team.providerId === providerId && team.teamId === teamId);
  }

  async agentsOfTeam(providerId: string, teamId: string): Promise<readonly Agent[]> {
    return this.#seed.agents.filter(
      (agent) => agent.providerId === providerId && agent.teamIds.includes(teamId),
    );
  }

  async engagementCovers(tenantId: string, providerId: string, service: string | null): Promise<boolean> {
    return this.#seed.engagements.some(
      (engagement) =>
        engagement.tenantId === tenantId &&
        engagement.providerId === providerId &&
        (engagement.services.length === 0 || (service !== null && engagement.services.includes(service))),
    );
  }

  defaultRulesOf(tenantId: string): readonly RoutingRule[] {
    return this.#seed.defaultRules[tenantId] ?? [];
  }

  businessHoursOf(tenantId: string): WeeklyHours | undefined {
    return this.#seed.businessHours[tenantId];
  }
}

const allWeek: WeeklyHours = { timeZone: 'UTC', days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' };
const brusselsOffice: WeeklyHours = {
  timeZone: 'Europe/Brussels',
  days: [1, 2, 3, 4, 5],
  start: '08:00',
  end: '18:00',
};

const agent = (
  providerId: string,
  agentId: string,
  teamIds: string[],
  extra: Partial<Agent> = {},
): Agent => ({
  providerId,
  agentId,
  teamIds,
  skills: [],
  languages: ['en'],
  // Demo agents work around the clock so the demo routes at any hour; schedules are exercised in tests.
  schedule: allWeek,
  available: true,
  ...extra,
});

/** The demo world: servicedesk-pro (L1 round robin → L2 skills → L3 least loaded) and acme-it. */
export const demoRoutingSeed: RoutingDirectorySeed = {
  teams: [
    {
      providerId: 'servicedesk-pro',
      teamId: 'sdp-l1',
      name: 'Service desk L1',
      tier: 1,
      strategy: 'round_robin',
      nextTierTeamId: 'sdp-l2',
    },
    {
      providerId: 'servicedesk-pro',
      teamId: 'sdp-l2',
      name: 'Specialists L2',
      tier: 2,
      strategy: 'skills',
      nextTierTeamId: 'sdp-l3',
    },
    {
      providerId: 'servicedesk-pro',
      teamId: 'sdp-l3',
      name: 'Engineering L3',
      tier: 3,
      strategy: 'least_loaded',
      nextTierTeamId: null,
    },
    {
      providerId: 'acme-it',
      teamId: 'acme-it-desk',
      name: 'Acme IT desk',
      tier: 1,
      strategy: 'least_loaded',
      nextTierTeamId: null,
    },
  ],
  agents: [
    agent('servicedesk-pro', 'sdp-ana', ['sdp-l1'], { languages: ['en', 'fr'] }),
    agent('servicedesk-pro', 'sdp-ben', ['sdp-l1'], { languages: ['en', 'nl'] }),
    agent('servicedesk-pro', 'sdp-chloe', ['sdp-l1'], { languages: ['fr'] }),
    agent('servicedesk-pro', 'sdp-dev', ['sdp-l2'], {
      skills: ['network', 'remote-access'],
      languages: ['en', 'fr'],
    }),
    agent('servicedesk-pro', 'sdp-eli', ['sdp-l2'], { skills: ['hardware', 'printing'], languages: ['en'] }),
    agent('servicedesk-pro', 'sdp-fay', ['sdp-l3'], { skills: ['network'], languages: ['en'] }),
    agent('acme-it', 'acme-it-gus', ['acme-it-desk'], {
      skills: ['erp'],
      languages: ['en', 'fr'],
      schedule: brusselsOffice,
    }),
    agent('acme-it', 'acme-it-hana', ['acme-it-desk'], { skills: ['erp'], languages: ['en'] }),
  ],
  engagements: [
    { tenantId: 'acme', providerId: 'servicedesk-pro', services: [] },
    { tenantId: 'globex', providerId: 'servicedesk-pro', services: [] },
    { tenantId: 'acme', providerId: 'acme-it', services: ['erp'] },
  ],
  defaultRules: {
    acme: [
      {
        ruleId: 'erp-in-house',
        when: { services: ['erp'] },
        target: { providerId: 'acme-it', teamId: 'acme-it-desk' },
      },
      {
        ruleId: 'network-specialists',
        when: { categories: ['network'] },
        target: { providerId: 'servicedesk-pro', teamId: 'sdp-l2' },
      },
      { ruleId: 'everything-else', when: {}, target: { providerId: 'servicedesk-pro', teamId: 'sdp-l1' } },
    ],
    globex: [{ ruleId: 'everything', when: {}, target: { providerId: 'servicedesk-pro', teamId: 'sdp-l1' } }],
  },
  businessHours: { acme: brusselsOffice },
};
