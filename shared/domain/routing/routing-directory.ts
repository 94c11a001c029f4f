/**
 * What routing and assignment need to know about providers, as a port over tenancy's
 * organisation directory — the one source of truth for teams (tier, strategy, next tier),
 * agents (skills, languages, schedule, availability) and engagements. Routing keeps no copy
 * of its own; the adapter may cache for a few seconds (see `CachedRoutingDirectory`).
 */
import type { Engagement, ScopedSubject } from '../tenancy/engagement.ts';
import type { Agent, Team } from '../tenancy/organisations.ts';

export type { Agent, AssignmentStrategy, Team } from '../tenancy/organisations.ts';
export { assignmentStrategies } from '../tenancy/organisations.ts';

export interface RoutingDirectory {
  team(providerId: string, teamId: string): Promise<Team | undefined>;
  /** Where escalation from `team` goes (its `nextTierTeamId`, or the provider's first team of the next tier). */
  nextTierTeam(team: Team): Promise<Team | undefined>;
  agentsOfTeam(providerId: string, teamId: string): Promise<readonly Agent[]>;
  /** The tenant's engagements of that provider in force at `at` that cover the subject (service AND category). */
  coveringEngagements(
    tenantId: string,
    providerId: string,
    subject: ScopedSubject,
    at: Date,
  ): Promise<readonly Engagement[]>;
  /** Every engagement of the tenant in force at `at` (the fallback rule reads it). */
  engagementsInForce(tenantId: string, at: Date): Promise<readonly Engagement[]>;
  /** The provider's teams (the fallback rule picks its first L1). */
  teamsOf(providerId: string): Promise<readonly Team[]>;
}

/**
 * Per team: open tickets per agent, and how many round-robin turns were taken. Both move by
 * atomic increments, so concurrent routers never wait on each other or retry for a turn.
 */
export interface TeamAssignmentState {
  readonly loads: Readonly<Record<string, number>>;
  /** Round robin gives the turn-th eligible agent (in id order, modulo their number). */
  readonly turn: number;
}

export interface AssignmentStateStore {
  read(providerId: string, teamId: string): Promise<TeamAssignmentState>;
  /** Atomically takes the team's next turn: the state with `turn` = the turn taken (from 0). */
  takeTurn(providerId: string, teamId: string): Promise<TeamAssignmentState>;
  /**
   * Atomically adds `delta` to an agent's load, never below zero. With `ifLoadIs`, only while
   * the load is still that (false otherwise: someone assigned that agent meanwhile).
   */
  adjustLoad(
    providerId: string,
    teamId: string,
    agentId: string,
    delta: 1 | -1,
    ifLoadIs?: number,
  ): Promise<boolean>;
}
