/** Routing's cached view of the organisation directory: TTL, shared misses, engagements judged at the instant. */
import { describe, expect, it } from 'vitest';
import {
  OrganisationRoutingDirectory,
  type RoutingOrganisationReader,
} from '../../../shared/adapters/routing/organisation-routing-directory.ts';
import type { Engagement } from '../../../shared/domain/tenancy/engagement.ts';
import type { Agent, Team } from '../../../shared/domain/tenancy/organisations.ts';

const team = (teamId: string, tier: Team['tier'], nextTierTeamId: string | null = null): Team => ({
  providerId: 'sdp',
  teamId,
  name: teamId,
  tier,
  strategy: 'round_robin',
  nextTierTeamId,
});
const agent = (agentId: string, teamIds: string[]): Agent => ({
  agentId,
  providerId: 'sdp',
  displayName: agentId,
  teamIds,
  skills: [],
  languages: ['en'],
  schedule: { timeZone: 'UTC', shifts: [] },
  available: true,
  userId: null,
});
const engagement = (overrides: Partial<Engagement> = {}): Engagement => ({
  engagementId: 'e1',
  tenantId: 'acme',
  providerId: 'sdp',
  scope: { services: ['email'], categories: ['outage'] },
  slaPolicyRef: 'sla',
  calendarRef: 'cal',
  priceBookRef: 'pb',
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: '2026-06-01T00:00:00Z',
  status: 'active',
  updatedAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

const fakeDirectory = () => {
  const reads = { teams: 0, agents: 0, engagements: 0 };
  const data = {
    teams: [team('l1', 'L1'), team('l2b', 'L2'), team('l2a', 'L2'), team('l3', 'L3')],
    agents: [agent('ana', ['l1']), agent('ben', ['l1', 'l2a'])],
    engagements: [engagement()],
  };
  const reader: RoutingOrganisationReader = {
    teamsOf: async () => {
      reads.teams += 1;
      return data.teams;
    },
    agentsOf: async () => {
      reads.agents += 1;
      return data.agents;
    },
    engagementsOfTenant: async () => {
      reads.engagements += 1;
      return data.engagements;
    },
  };
  return { reads, data, reader };
};

describe('OrganisationRoutingDirectory', () => {
  it('reads a desk once per TTL, however many routings and concurrent misses', async () => {
    const { reads, data, reader } = fakeDirectory();
    let now = 0;
    const directory = new OrganisationRoutingDirectory({
      organisations: reader,
      ttlMs: 1000,
      now: () => now,
    });
    await Promise.all([
      directory.team('sdp', 'l1'),
      directory.agentsOfTeam('sdp', 'l1'),
      directory.teamsOf('sdp'),
    ]);
    expect(reads).toMatchObject({ teams: 1, agents: 1 });
    data.agents = [...data.agents, agent('cleo', ['l1'])];
    now = 999;
    expect((await directory.agentsOfTeam('sdp', 'l1')).map((a) => a.agentId)).toEqual(['ana', 'ben']);
    now = 1000;
    expect((await directory.agentsOfTeam('sdp', 'l1')).map((a) => a.agentId)).toEqual(['ana', 'ben', 'cleo']);
    expect(reads).toMatchObject({ teams: 2, agents: 2 });
  });

  it('never trusts a copy longer than the authoriser cache (30 s)', async () => {
    const { reads, reader } = fakeDirectory();
    let now = 0;
    const directory = new OrganisationRoutingDirectory({
      organisations: reader,
      ttlMs: 600_000,
      now: () => now,
    });
    await directory.teamsOf('sdp');
    now = 30_000;
    await directory.teamsOf('sdp');
    expect(reads.teams).toBe(2);
  });

  it('does not keep a failed read', async () => {
    const { reader } = fakeDirectory();
    let fail = true;
    const flaky: RoutingOrganisationReader = {
      ...reader,
      teamsOf: async (providerId) => {
        if (fail) throw new Error('throttled');
        return reader.teamsOf(providerId);
      },
    };
    const directory = new OrganisationRoutingDirectory({ organisations: flaky, ttlMs: 10_000, now: () => 0 });
    await expect(directory.teamsOf('sdp')).rejects.toThrow('throttled');
    fail = false;
    expect(await directory.teamsOf('sdp')).toHaveLength(4);
  });

  it('judges coverage by service AND category, in force at the routing instant despite the cache', async () => {
    const { reads, reader } = fakeDirectory();
    const directory = new OrganisationRoutingDirectory({
      organisations: reader,
      ttlMs: 10_000,
      now: () => 0,
    });
    const inForce = new Date('2026-03-01T00:00:00Z');
    const cover = (service: string | null, category: string | null, at = inForce) =>
      directory.coveringEngagements('acme', 'sdp', { service, category }, at);
    expect(await cover('email', 'outage')).toHaveLength(1);
    expect(await cover('email', 'hardware')).toHaveLength(0);
    expect(await cover('erp', 'outage')).toHaveLength(0);
    expect(await cover(null, 'outage')).toHaveLength(0);
    expect(await cover('email', 'outage', new Date('2026-06-01T00:00:00Z'))).toHaveLength(0);
    expect(
      await directory.coveringEngagements('acme', 'other', { service: 'email', category: 'outage' }, inForce),
    ).toEqual([]);
    expect(await directory.engagementsInForce('acme', new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(reads.engagements).toBe(1);
  });

  it('escalates to the named next tier, or else to the first team of the next tier', async () => {
    const { reader } = fakeDirectory();
    const directory = new OrganisationRoutingDirectory({ organisations: reader, now: () => 0 });
    expect((await directory.nextTierTeam(team('l1', 'L1')))?.teamId).toBe('l2a');
    expect((await directory.nextTierTeam(team('l1', 'L1', 'l2b')))?.teamId).toBe('l2b');
    expect((await directory.nextTierTeam(team('l2a', 'L2')))?.teamId).toBe('l3');
    expect(await directory.nextTierTeam(team('l3', 'L3'))).toBeUndefined();
  });
});
