/**
 * Picking an agent in a team: round robin, least loaded, or by skills (skills and language),
 * always among agents available and on shift now. Pure and explainable: every candidate comes
 * back with why it was or was not picked.
 */

import { isOnShift } from '../tenancy/working-schedule.ts';
import type { Agent, Team, TeamAssignmentState } from './routing-directory.ts';

export interface AssignmentFacts {
  readonly category: string | null;
  readonly service: string | null;
  readonly language: string;
}

export interface CandidateVerdict {
  readonly agentId: string;
  readonly eligible: boolean;
  readonly picked: boolean;
  readonly load: number;
  readonly reasons: readonly string[];
}

export interface AssignmentDecision {
  readonly agentId: string | null;
  readonly strategy: Team['strategy'];
  readonly candidates: readonly CandidateVerdict[];
}

const primaryLanguage = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? tag;

const ineligibility = (team: Team, agent: Agent, facts: AssignmentFacts, now: Date): string[] => {
  const reasons: string[] = [];
  if (!agent.available) reasons.push('unavailable');
  if (!isOnShift(agent.schedule, now)) reasons.push('off shift');
  if (team.strategy === 'skills') {
    const needed = [facts.category, facts.service].filter((value): value is string => value !== null);
    const skills = agent.skills.map((skill) => skill.toLowerCase());
    const missing = needed.filter((skill) => !skills.includes(skill.toLowerCase()));
    if (needed.length > 0 && missing.length === needed.length)
      reasons.push(`lacks skill ${needed.join(' / ')}`);
    if (!agent.languages.map(primaryLanguage).includes(primaryLanguage(facts.language))) {
      reasons.push(`does not speak ${facts.language}`);
    }
  }
  return reasons;
};

export const chooseAgent = (
  team: Team,
  agents: readonly Agent[],
  state: TeamAssignmentState,
  facts: AssignmentFacts,
  now: Date,
): AssignmentDecision => {
  const sorted = [...agents].sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0));
  const loadOf = (agent: Agent) => state.loads[agent.agentId] ?? 0;
  const assessed = sorted.map((agent) => ({ agent, reasons: ineligibility(team, agent, facts, now) }));
  const eligible = assessed.filter((entry) => entry.reasons.length === 0).map((entry) => entry.agent);

  let picked: Agent | undefined;
  if (team.strategy === 'round_robin') {
    // The turn-th eligible agent in id order: a shared counter, so fair however many routers run.
    picked = eligible.length === 0 ? undefined : eligible[state.turn % eligible.length];
  } else {
    // least_loaded, and skills among the qualified: the lightest load, ties by id (stable).
    for (const agent of eligible) if (picked === undefined || loadOf(agent) < loadOf(picked)) picked = agent;
  }

  return {
    agentId: picked?.agentId ?? null,
    strategy: team.strategy,
    candidates: assessed.map(({ agent, reasons }) => ({
      agentId: agent.agentId,
      eligible: reasons.length === 0,
      picked: agent === picked,
      load: loadOf(agent),
      reasons:
        reasons.length > 0
          ? reasons
          : agent === picked
            ? [team.strategy === 'round_robin' ? 'next in rotation' : `lightest load (${loadOf(agent)})`]
            : [
                team.strategy === 'round_robin'
                  ? 'not next in rotation'
                  : `load ${loadOf(agent)} not the lightest`,
              ],
    })),
  };
};

/** The team's state after assigning to `agentId` (and, on reassignment, releasing `previousAgentId`). */
export const afterAssignment = (
  state: TeamAssignmentState,
  agentId: string,
  previousAgentId: string | null = null,
): TeamAssignmentState => {
  const loads = { ...state.loads, [agentId]: (state.loads[agentId] ?? 0) + 1 };
  if (previousAgentId !== null && previousAgentId !== agentId) {
    loads[previousAgentId] = Math.max(0, (loads[previousAgentId] ?? 0) - 1);
  }
  return { loads, turn: state.turn + 1 };
};
