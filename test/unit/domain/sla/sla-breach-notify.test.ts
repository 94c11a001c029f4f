/** notify on breach: the lead (or the team's agents with a sign-in), at most once per breached milestone. */
import { describe, expect, it } from 'vitest';
import type { ProviderNotification } from '../../../../shared/domain/notifications/provider-notification.ts';
import {
  type BreachNotifyStore,
  breachRecipients,
  type NotifiedMilestone,
  SlaBreachNotifier,
} from '../../../../shared/domain/sla/sla-breach-notify.ts';
import type { Agent, Team } from '../../../../shared/domain/tenancy/organisations.ts';
import { raiseTicket, type Ticket } from '../../../../shared/domain/tickets/ticket.ts';

const team = (leadAgentId: string | null | undefined): Team => ({
  teamId: 'l1',
  providerId: 'desk',
  name: 'First line',
  tier: 'L1',
  strategy: 'round_robin',
  nextTierTeamId: null,
  ...(leadAgentId === undefined ? {} : { leadAgentId }),
});

const agent = (agentId: string, teamIds: readonly string[], userId: string | null): Agent => ({
  agentId,
  providerId: 'desk',
  displayName: agentId,
  teamIds,
  skills: [],
  languages: [],
  schedule: { timeZone: 'UTC', shifts: [] },
  available: true,
  userId,
});

const agents = [
  agent('a1', ['l1'], 'u-b'),
  agent('a2', ['l1'], 'u-a'),
  agent('a3', ['l1'], null),
  agent('a4', ['l2'], 'u-other'),
  agent('lead', [], 'u-lead'),
];

const routedTicket = (teamId: string | null): Ticket => ({
  ...raiseTicket(
    { subject: 'VPN down', description: '', channel: 'api', language: 'en', impact: 'low', urgency: 'low' },
    { tenantId: 'acme', ticketId: 'T1', number: 7, requesterId: 'r', createdBy: 'r', now: new Date(0) },
  ),
  providerId: teamId === null ? null : 'desk',
  teamId,
});

const milestone: NotifiedMilestone = {
  ticketId: 'T1',
  milestoneKey: 'resolution#1#breach',
  clock: 'resolution',
  teamId: null,
};

/** A store with the marker semantics of the DynamoDB one. */
class InMemoryStore implements BreachNotifyStore {
  readonly markers = new Set<string>();
  readonly inbox: ProviderNotification[] = [];
  constructor(readonly ticket: Ticket | undefined) {}
  async getTicket(): Promise<Ticket | undefined> {
    return this.ticket;
  }
  async saveBreachNotifications(
    _tenantId: string,
    _ticketId: string,
    milestoneKey: string,
    notifications: readonly ProviderNotification[],
  ): Promise<'saved' | 'done'> {
    if (this.markers.has(milestoneKey)) return 'done';
    this.markers.add(milestoneKey);
    this.inbox.push(...notifications);
    return 'saved';
  }
}

const notifierOver = (store: InMemoryStore, withTeam: Team) => {
  let next = 0;
  return new SlaBreachNotifier({
    store,
    directory: { teamsOf: async () => [withTeam], agentsOf: async () => agents },
    now: () => new Date('2026-11-26T05:00:00Z'),
    nextId: () => {
      next += 1;
      return `n${next}`;
    },
  });
};

describe('breach recipients', () => {
  it('is the lead alone when the team names one, even outside its members', () => {
    expect(breachRecipients(team('lead'), agents)).toEqual(['u-lead']);
  });

  it('is every agent of the team who can sign in, without a lead (or a team saved before leads)', () => {
    expect(breachRecipients(team(null), agents)).toEqual(['u-a', 'u-b']);
    expect(breachRecipients(team(undefined), agents)).toEqual(['u-a', 'u-b']);
  });

  it('is nobody when the lead has no sign-in', () => {
    expect(breachRecipients(team('a3'), agents)).toEqual([]);
  });
});

describe('SlaBreachNotifier', () => {
  it('notifies the lead once: a redelivered breach writes nothing', async () => {
    const store = new InMemoryStore(routedTicket('l1'));
    const notifier = notifierOver(store, team('lead'));
    expect(await notifier.notify('acme', milestone)).toBe('notified');
    expect(await notifier.notify('acme', milestone)).toBe('already-notified');
    expect(store.inbox).toEqual([
      expect.objectContaining({
        providerId: 'desk',
        userId: 'u-lead',
        kind: 'sla_breached',
        tenantId: 'acme',
        ticketId: 'T1',
        occurredAt: '2026-11-26T05:00:00.000Z',
        readAt: null,
      }),
    ]);
    expect(store.inbox[0]?.message).toContain('T-000007');
  });

  it("uses the OLA clock's team over the ticket's current team", async () => {
    const store = new InMemoryStore(routedTicket('l2'));
    expect(await notifierOver(store, team(null)).notify('acme', { ...milestone, teamId: 'l1' })).toBe(
      'notified',
    );
    expect(store.inbox.map((notification) => notification.userId)).toEqual(['u-a', 'u-b']);
  });

  it('does nothing for an unrouted ticket, an unknown team or a missing ticket', async () => {
    expect(
      await notifierOver(new InMemoryStore(routedTicket(null)), team('lead')).notify('acme', milestone),
    ).toBe('no-team');
    expect(
      await notifierOver(new InMemoryStore(routedTicket('gone')), team('lead')).notify('acme', milestone),
    ).toBe('no-team');
    expect(await notifierOver(new InMemoryStore(undefined), team('lead')).notify('acme', milestone)).toBe(
      'no-ticket',
    );
  });
});
