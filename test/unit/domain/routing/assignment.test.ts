/** Assignment strategies: fairness of round robin, least loaded, skills and language, schedules. */
import { describe, expect, it } from 'vitest';
import { afterAssignment, chooseAgent } from '../../../../shared/domain/routing/assignment.ts';
import type {
  Agent,
  Team,
  TeamAssignmentState,
} from '../../../../shared/domain/routing/routing-directory.ts';
import type { WorkingSchedule } from '../../../../shared/domain/tenancy/organisations.ts';

const MONDAY_10H_UTC = new Date('2026-03-02T10:00:00Z');
const SUNDAY = new Date('2026-03-01T10:00:00Z');
const every = (days: readonly WorkingSchedule['shifts'][number]['day'][], from: string, to: string) =>
  days.map((day) => ({ day, from, to }));
const always: WorkingSchedule = {
  timeZone: 'UTC',
  shifts: every(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], '00:00', '24:00'),
};
const weekdays: WorkingSchedule = {
  timeZone: 'UTC',
  shifts: every(['mon', 'tue', 'wed', 'thu', 'fri'], '08:00', '18:00'),
};

const team = (strategy: Team['strategy']): Team => ({
  providerId: 'sdp',
  teamId: 'l1',
  name: 'L1',
  tier: 'L1',
  strategy,
  nextTierTeamId: 'l2',
});
const agent = (agentId: string, overrides: Partial<Agent> = {}): Agent => ({
  providerId: 'sdp',
  agentId,
  displayName: agentId,
  teamIds: ['l1'],
  skills: [],
  languages: ['en'],
  schedule: always,
  available: true,
  userId: null,
  ...overrides,
});
const empty: TeamAssignmentState = { loads: {}, turn: 0 };
const facts = { category: null, service: null, language: 'en' };

describe('round robin', () => {
  it('spreads 300 tickets evenly over 3 agents, in rotation', () => {
    const agents = [agent('c'), agent('a'), agent('b')];
    let state = empty;
    const picks: string[] = [];
    for (let index = 0; index < 300; index += 1) {
      const { agentId } = chooseAgent(team('round_robin'), agents, state, facts, MONDAY_10H_UTC);
      if (agentId === null) throw new Error('nobody picked');
      picks.push(agentId);
      state = afterAssignment(state, agentId);
    }
    expect(picks.slice(0, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(state.loads).toEqual({ a: 100, b: 100, c: 100 });
  });

  it('skips agents who are unavailable or off shift, and says why', () => {
    const agents = [agent('a', { available: false }), agent('b', { schedule: weekdays }), agent('c')];
    const onSunday = chooseAgent(team('round_robin'), agents, empty, facts, SUNDAY);
    expect(onSunday.agentId).toBe('c');
    expect(onSunday.candidates).toEqual([
      { agentId: 'a', eligible: false, picked: false, load: 0, reasons: ['unavailable'] },
      { agentId: 'b', eligible: false, picked: false, load: 0, reasons: ['off shift'] },
      { agentId: 'c', eligible: true, picked: true, load: 0, reasons: ['next in rotation'] },
    ]);
    expect(chooseAgent(team('round_robin'), agents, empty, facts, MONDAY_10H_UTC).agentId).toBe('b');
  });

  it('picks nobody when nobody is on shift', () => {
    const decision = chooseAgent(
      team('round_robin'),
      [agent('b', { schedule: weekdays })],
      empty,
      facts,
      SUNDAY,
    );
    expect(decision.agentId).toBeNull();
  });
});

describe('least loaded', () => {
  it('picks the lightest load, ties broken by id', () => {
    const state = { loads: { a: 3, b: 1, c: 1 }, turn: 4 };
    const decision = chooseAgent(
      team('least_loaded'),
      [agent('a'), agent('b'), agent('c')],
      state,
      facts,
      MONDAY_10H_UTC,
    );
    expect(decision.agentId).toBe('b');
    expect(decision.candidates.find((candidate) => candidate.agentId === 'a')?.reasons).toEqual([
      'load 3 not the lightest',
    ]);
  });

  it('releases the previous agent on reassignment', () => {
    const state = afterAssignment({ loads: { a: 2, b: 0 }, turn: 1 }, 'b', 'a');
    expect(state.loads).toEqual({ a: 1, b: 1 });
  });
});

describe('skills', () => {
  const agents = [
    agent('a', { skills: ['network'], languages: ['en'] }),
    agent('b', { skills: ['network', 'email'], languages: ['fr', 'nl'] }),
    agent('c', { skills: ['hardware'], languages: ['fr'] }),
  ];

  it('requires the skill and the language', () => {
    const decision = chooseAgent(
      team('skills'),
      agents,
      empty,
      { category: 'network', service: null, language: 'fr-BE' },
      MONDAY_10H_UTC,
    );
    expect(decision.agentId).toBe('b');
    expect(decision.candidates.map((candidate) => [candidate.agentId, candidate.reasons])).toEqual([
      ['a', ['does not speak fr-BE']],
      ['b', ['lightest load (0)']],
      ['c', ['lacks skill network']],
    ]);
  });

  it('prefers the least loaded among the qualified', () => {
    const state = { loads: { a: 5, b: 2 }, turn: 1 };
    const both = [agent('a', { skills: ['network'] }), agent('b', { skills: ['network'] })];
    expect(
      chooseAgent(
        team('skills'),
        both,
        state,
        { category: 'network', service: null, language: 'en' },
        MONDAY_10H_UTC,
      ).agentId,
    ).toBe('b');
  });
});
