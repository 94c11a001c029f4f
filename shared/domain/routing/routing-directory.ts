/**
 * What routing and assignment need to know about providers, as a port: the teams of a provider
 * (tier, strategy, next tier), their agents (skills, languages, schedule, availability) and
 * whether an engagement covers a tenant (and service). Tenancy (#3) owns the real data; until
 * it lands, a seeded in-memory adapter stands behind this port, and swapping it is one line in
 * the composition root.
 */
import type { WeeklyHours } from './working-hours.ts';

export const assignmentStrategies = ['round_robin', 'least_loaded', 'skills'] as const;
export type AssignmentStrategy = (typeof assignmentStrategies)[number];

export interface Team {
  readonly providerId: string;
  readonly teamId: string;
  readonly name: string;
  /** 1 = first line; escalation goes to `nextTierTeamId`. */
  readonly tier: number;
  readonly strategy: AssignmentStrategy;
  readonly nextTierTeamId: string | null;
}

export interface Agent {
  readonly providerId: string;
  readonly agentId: string;
  readonly teamIds: readonly string[];
  readonly skills: readonly string[];
  /** BCP 47 primary languages the agent works in (`en`, `fr`). */
  readonly languages: readonly string[];
  readonly schedule: WeeklyHours;
  /** Off sick, on leave, or set unavailable by themselves. */
  readonly available: boolean;
}

export interface RoutingDirectory {
  team(providerId: string, teamId: string): Promise<Team | undefined>;
  agentsOfTeam(providerId: string, teamId: string): Promise<readonly Agent[]>;
  /** True when an active engagement binds the provider to the tenant (and covers the service if given). */
  engagementCovers(tenantId: string, providerId: string, service: string | null): Promise<boolean>;
}

/** Per team: open tickets per agent, and who was picked last (round robin). */
export interface TeamAssignmentState {
  readonly loads: Readonly<Record<string, number>>;
  readonly lastAssignedAgentId: string | null;
  readonly version: number;
}

export interface AssignmentStateStore {
  read(providerId: string, teamId: string): Promise<TeamAssignmentState>;
  /** Conditional on `expectedVersion`; false when someone else assigned meanwhile (retry). */
  write(
    providerId: string,
    teamId: string,
    state: TeamAssignmentState,
    expectedVersion: number,
  ): Promise<boolean>;
}
