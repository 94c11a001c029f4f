/**
 * The router: on `TicketCreated`, evaluates the tenant's routing rules, checks the provider's
 * engagement covers the tenant, picks an agent by the team's strategy, and commits the ticket,
 * its history entry, the explainable decision and `TicketRouted` together. Idempotent: a
 * ticket already routed, or moved on by a person, is left alone (at-least-once delivery).
 */
import { Conflict, NotFound, PreconditionFailed, ValidationFailed } from '../errors.ts';
import type { Clock, IdGenerator, OutgoingEvent } from '../shared/ports.ts';
import { type BusinessCalendar, isOpenAt, preparePublicHolidays } from '../sla/business-calendar.ts';
import { tierNumber } from '../tenancy/organisations.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { TicketHistoryEntry } from '../tickets/ticket-history.ts';
import type { TicketRepository } from '../tickets/ticket-repository.ts';
import { type AssignmentDecision, type AssignmentFacts, chooseAgent } from './assignment.ts';
import { engagementFallbackRules } from './engagement-fallback-rules.ts';
import type { Agent, AssignmentStateStore, RoutingDirectory, Team } from './routing-directory.ts';
import {
  calendarsNamedBy,
  evaluateRoutingRules,
  type RoutingDecision,
  type RoutingFacts,
  type RoutingRule,
} from './routing-rules.ts';

/** The explanation kept with the ticket (`GET /v1/tickets/{id}/routing`). */
export interface RoutingRecord {
  readonly decidedAt: string;
  /** `directory_default`: the tenant has no rules; they were derived from its engagements. */
  readonly rulesSource: 'tenant' | 'directory_default';
  readonly rules: RoutingDecision;
  /** False when the matched provider has no engagement in force covering this service and category. */
  readonly entitled: boolean | null;
  /** The engagement that entitles the provider (absent on records older than this field). */
  readonly engagementId?: string | null | undefined;
  readonly team: { readonly providerId: string; readonly teamId: string; readonly tier: number } | null;
  readonly assignment: AssignmentDecision | null;
}

export interface TicketRouterDeps {
  /** Only what routing does to tickets: read one, and commit a change to it. */
  readonly tickets: Pick<TicketRepository, 'getTicket' | 'saveTicketChange'>;
  readonly rulesOf: (tenantId: string) => Promise<readonly RoutingRule[]>;
  /** The tenant's business calendars (the SLA engine's), named by rules' `calendarId`. */
  readonly calendarOf: (tenantId: string, calendarId: string) => Promise<BusinessCalendar | undefined>;
  readonly directory: RoutingDirectory;
  readonly assignmentState: AssignmentStateStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export const ROUTER_ACTOR = 'system:router';
const STATE_RETRIES = 5;

export const routingFactsOf = (
  ticket: Ticket,
  openCalendars: Readonly<Record<string, boolean>>,
): RoutingFacts => ({
  service: ticket.service,
  category: ticket.category,
  type: ticket.type,
  language: ticket.language,
  priority: ticket.priority,
  // Requester sites come with the requester directory (#3); until then no ticket has one.
  site: null,
  openCalendars,
});

export class TicketRouter {
  readonly #deps: TicketRouterDeps;

  constructor(deps: TicketRouterDeps) {
    this.#deps = deps;
  }

  /**
   * Where a ticket with these facts would go, without assigning anyone. Business hours are the
   * calendars' at this instant unless `insideBusinessHours` says what to assume of every one.
   */
  async dryRun(
    tenantId: string,
    sample: Omit<RoutingFacts, 'openCalendars'> & { readonly insideBusinessHours?: boolean | undefined },
  ): Promise<RoutingRecord> {
    const now = this.#deps.clock.now();
    const { rules, source } = await this.#rulesFor(tenantId, now);
    const { insideBusinessHours, ...rest } = sample;
    const openCalendars =
      insideBusinessHours === undefined
        ? await this.#openCalendars(tenantId, rules, now)
        : Object.fromEntries(calendarsNamedBy(rules).map((calendarId) => [calendarId, insideBusinessHours]));
    const facts: RoutingFacts = { ...rest, openCalendars };
    const decision = evaluateRoutingRules(rules, facts);
    return (await this.#explain(tenantId, decision, source, facts, null)).record;
  }

  /** Whether each calendar the rules name is open now; a calendar the tenant lacks is left out. */
  async #openCalendars(
    tenantId: string,
    rules: readonly RoutingRule[],
    now: Date,
  ): Promise<Record<string, boolean>> {
    const open: Record<string, boolean> = {};
    for (const calendarId of calendarsNamedBy(rules)) {
      const calendar = await this.#deps.calendarOf(tenantId, calendarId);
      if (calendar !== undefined)
        open[calendarId] = isOpenAt(now.getTime(), await preparePublicHolidays(calendar));
    }
    return open;
  }

  async route(
    tenantId: string,
    ticketId: string,
    correlationId: string,
  ): Promise<'routed' | 'unrouted' | 'skipped'> {
    const now = this.#deps.clock.now();
    // The ticket and the rules are independent reads: one round trip, not two, before deciding.
    const [ticket, { rules, source }] = await Promise.all([
      this.#deps.tickets.getTicket(tenantId, ticketId),
      this.#rulesFor(tenantId, now),
    ]);
    if (ticket === undefined || ticket.providerId !== null || ticket.status !== 'new') return 'skipped';
    const facts = routingFactsOf(ticket, await this.#openCalendars(tenantId, rules, now));
    const decision = evaluateRoutingRules(rules, facts);
    const { record, countLoad } = await this.#explain(tenantId, decision, source, facts, ticket);
    const routed = record.entitled === true && record.team !== null;
    const assigneeId = record.assignment?.agentId ?? null;
    const at = now.toISOString();
    const changed: Ticket = {
      ...ticket,
      providerId: routed ? (record.team?.providerId ?? null) : null,
      teamId: routed ? (record.team?.teamId ?? null) : null,
      assigneeId: routed ? assigneeId : null,
      status: routed && assigneeId !== null ? 'assigned' : ticket.status,
      updatedAt: at,
      version: ticket.version + 1,
    };
    const entry: TicketHistoryEntry = {
      sequence: changed.version,
      at,
      actorId: ROUTER_ACTOR,
      change: 'routed',
      providerId: changed.providerId,
      teamId: changed.teamId,
      assigneeId: changed.assigneeId,
      ruleId: decision.matchedRuleId,
    };
    const event = ticketRoutedEvent(
      changed,
      decision.matchedRuleId,
      this.#deps.ids.next(),
      correlationId,
      at,
    );
    // The pick's load and the ticket are independent writes: one round trip for both.
    const [outcome] = await Promise.all([
      this.#deps.tickets.saveTicketChange(changed, ticket.version, entry, [event], record),
      countLoad(),
    ]);
    if (outcome === 'stale') return 'skipped';
    return routed ? 'routed' : 'unrouted';
  }

  /**
   * Manual assignment inside the ticket's team, or escalation to the team of the next tier (its
   * strategy picks the agent). Either counts as a reassignment when someone held the ticket.
   */
  async reassign(command: {
    readonly tenantId: string;
    readonly ticketId: string;
    readonly expectedVersion: number;
    readonly actorId: string;
    readonly correlationId: string;
    readonly to: { readonly kind: 'agent'; readonly agentId: string } | { readonly kind: 'next_tier' };
  }): Promise<Ticket> {
    const ticket = await this.#deps.tickets.getTicket(command.tenantId, command.ticketId);
    if (ticket === undefined) throw new NotFound(`Ticket ${command.ticketId} not found`);
    if (ticket.version !== command.expectedVersion) {
      throw new PreconditionFailed(`Ticket ${command.ticketId} is at version ${ticket.version}`);
    }
    if (ticket.providerId === null || ticket.teamId === null) {
      throw new Conflict(`Ticket ${command.ticketId} is not routed to a team yet`);
    }
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      throw new Conflict(`A ${ticket.status} ticket cannot be reassigned`);
    }
    const providerId = ticket.providerId;
    const currentTeam = await this.#deps.directory.team(providerId, ticket.teamId);
    if (currentTeam === undefined) throw new Conflict(`Team ${ticket.teamId} no longer exists`);
    const targetTeam =
      command.to.kind === 'agent' ? currentTeam : await this.#deps.directory.nextTierTeam(currentTeam);
    if (targetTeam === undefined) throw new Conflict(`Team ${currentTeam.teamId} has no next tier`);
    const agents = await this.#deps.directory.agentsOfTeam(providerId, targetTeam.teamId);
    const now = this.#deps.clock.now();
    let assigneeId: string | null;
    let assignment: AssignmentDecision | null = null;
    if (command.to.kind === 'agent') {
      const { agentId } = command.to;
      if (!agents.some((agent) => agent.agentId === agentId)) {
        throw new ValidationFailed(`${agentId} is not an agent of team ${targetTeam.teamId}`, [
          { location: 'body.assigneeId', message: 'not a member of the ticket team' },
        ]);
      }
      assigneeId = agentId;
    } else {
      const assigned = await this.#assign(
        targetTeam,
        agents,
        { category: ticket.category, service: ticket.service, language: ticket.language },
        now,
      );
      await assigned.countLoad();
      assignment = assigned.assignment;
      assigneeId = assignment.agentId;
    }
    const released = await this.#moveLoad(
      providerId,
      ticket.teamId,
      targetTeam.teamId,
      ticket.assigneeId,
      command.to.kind === 'agent' ? assigneeId : null,
    );
    const at = now.toISOString();
    const changed: Ticket = {
      ...ticket,
      teamId: targetTeam.teamId,
      assigneeId,
      status: ticket.status === 'new' && assigneeId !== null ? 'assigned' : ticket.status,
      reassignmentCount: ticket.reassignmentCount + (ticket.assigneeId === null ? 0 : 1),
      updatedAt: at,
      version: ticket.version + 1,
    };
    const ruleId = command.to.kind === 'agent' ? 'manual:assign' : 'manual:escalate';
    const entry: TicketHistoryEntry = {
      sequence: changed.version,
      at,
      actorId: command.actorId,
      change: 'routed',
      providerId,
      teamId: changed.teamId,
      assigneeId,
      ruleId,
    };
    const event = ticketRoutedEvent(changed, ruleId, this.#deps.ids.next(), command.correlationId, at);
    const record: RoutingRecord | undefined =
      assignment === null
        ? undefined
        : {
            decidedAt: at,
            rulesSource: 'tenant',
            rules: { target: { providerId, teamId: targetTeam.teamId }, matchedRuleId: ruleId, verdicts: [] },
            entitled: true,
            team: { providerId, teamId: targetTeam.teamId, tier: tierNumber(targetTeam.tier) },
            assignment,
          };
    const outcome = await this.#deps.tickets.saveTicketChange(
      changed,
      ticket.version,
      entry,
      [event],
      record,
    );
    if (outcome === 'stale') {
      // Another change won the ticket: give back what this one moved, so loads do not drift.
      const store = this.#deps.assignmentState;
      await Promise.all([
        assigneeId === null ? undefined : store.adjustLoad(providerId, targetTeam.teamId, assigneeId, -1),
        released && ticket.assigneeId !== null
          ? store.adjustLoad(providerId, ticket.teamId, ticket.assigneeId, 1)
          : undefined,
      ]);
      throw new PreconditionFailed(`Ticket ${command.ticketId} changed meanwhile`);
    }
    return changed;
  }

  /**
   * Transfer to another team (routing #4): to a team of a provider whose engagement in force covers
   * the ticket (404 no such team, 409 not covered / resolved), assigned there by that team's
   * strategy; the previous holder's unit of load is released. A lost race on the version (412)
   * gives back what it moved, as `reassign` does.
   */
  async transfer(command: {
    readonly tenantId: string;
    readonly ticketId: string;
    readonly expectedVersion: number;
    readonly actorId: string;
    readonly correlationId: string;
    readonly providerId: string;
    readonly teamId: string;
    readonly reason: string;
  }): Promise<Ticket> {
    const ticket = await this.#deps.tickets.getTicket(command.tenantId, command.ticketId);
    if (ticket === undefined) throw new NotFound(`Ticket ${command.ticketId} not found`);
    if (ticket.version !== command.expectedVersion) {
      throw new PreconditionFailed(`Ticket ${command.ticketId} is at version ${ticket.version}`);
    }
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      throw new Conflict(`A ${ticket.status} ticket cannot be transferred`);
    }
    if (ticket.providerId === command.providerId && ticket.teamId === command.teamId) {
      throw new Conflict(`Ticket ${command.ticketId} is already with team ${command.teamId}`);
    }
    const now = this.#deps.clock.now();
    const [team, covering] = await Promise.all([
      this.#deps.directory.team(command.providerId, command.teamId),
      this.#deps.directory.coveringEngagements(
        command.tenantId,
        command.providerId,
        { service: ticket.service, category: ticket.category },
        now,
      ),
    ]);
    if (team === undefined) throw new NotFound(`Team ${command.providerId}/${command.teamId} not found`);
    if (covering.length === 0) {
      throw new Conflict(`No engagement of ${command.providerId} in force covers ticket ${command.ticketId}`);
    }
    const agents = await this.#deps.directory.agentsOfTeam(team.providerId, team.teamId);
    const assigned = await this.#assign(
      team,
      agents,
      { category: ticket.category, service: ticket.service, language: ticket.language },
      now,
    );
    const store = this.#deps.assignmentState;
    const [, released] = await Promise.all([
      assigned.countLoad(),
      ticket.providerId === null || ticket.teamId === null || ticket.assigneeId === null
        ? false
        : store.adjustLoad(ticket.providerId, ticket.teamId, ticket.assigneeId, -1),
    ]);
    const { assignment } = assigned;
    const at = now.toISOString();
    const changed: Ticket = {
      ...ticket,
      providerId: team.providerId,
      teamId: team.teamId,
      assigneeId: assignment.agentId,
      status:
        ticket.status === 'new' && assignment.agentId !== null
          ? 'assigned'
          : ticket.status === 'assigned' && assignment.agentId === null
            ? 'new'
            : ticket.status,
      reassignmentCount: ticket.reassignmentCount + (ticket.assigneeId === null ? 0 : 1),
      updatedAt: at,
      version: ticket.version + 1,
    };
    const ruleId = 'manual:transfer';
    const entry: TicketHistoryEntry = {
      sequence: changed.version,
      at,
      actorId: command.actorId,
      change: 'routed',
      providerId: team.providerId,
      teamId: team.teamId,
      assigneeId: assignment.agentId,
      ruleId,
      reason: command.reason,
    };
    const event = ticketRoutedEvent(changed, ruleId, this.#deps.ids.next(), command.correlationId, at);
    const record: RoutingRecord = {
      decidedAt: at,
      rulesSource: 'tenant',
      rules: {
        target: { providerId: team.providerId, teamId: team.teamId },
        matchedRuleId: ruleId,
        verdicts: [],
      },
      entitled: true,
      engagementId: covering[0]?.engagementId ?? null,
      team: { providerId: team.providerId, teamId: team.teamId, tier: tierNumber(team.tier) },
      assignment,
    };
    const outcome = await this.#deps.tickets.saveTicketChange(
      changed,
      ticket.version,
      entry,
      [event],
      record,
    );
    if (outcome === 'stale') {
      await Promise.all([
        assignment.agentId === null
          ? undefined
          : store.adjustLoad(team.providerId, team.teamId, assignment.agentId, -1),
        released && ticket.providerId !== null && ticket.teamId !== null && ticket.assigneeId !== null
          ? store.adjustLoad(ticket.providerId, ticket.teamId, ticket.assigneeId, 1)
          : undefined,
      ]);
      throw new PreconditionFailed(`Ticket ${command.ticketId} changed meanwhile`);
    }
    return changed;
  }

  /**
   * Moves one unit of load from the previous holder (in their team) to the new one (given only
   * when not already counted by `#assign`). Each side is one atomic increment. True when the
   * previous holder's load went down (false at zero), so a lost race can give back exactly that.
   */
  async #moveLoad(
    providerId: string,
    fromTeamId: string,
    toTeamId: string,
    fromAgentId: string | null,
    toAgentId: string | null,
  ): Promise<boolean> {
    const [, released] = await Promise.all([
      toAgentId === null
        ? undefined
        : this.#deps.assignmentState.adjustLoad(providerId, toTeamId, toAgentId, 1),
      fromAgentId === null
        ? false
        : this.#deps.assignmentState.adjustLoad(providerId, fromTeamId, fromAgentId, -1),
    ]);
    return released;
  }

  /**
   * Picks an agent; `countLoad` counts the ticket in their load. Round robin takes a turn (one
   * atomic increment, never contended) and leaves the unconditional load increment to the
   * caller, to run beside its own write; least loaded and skills read the loads and count the
   * pick at once, only while the picked agent's load is unchanged — a collision means another
   * router just gave that agent a ticket, so the loads are read again.
   */
  async #assign(
    team: Team,
    agents: readonly Agent[],
    facts: AssignmentFacts,
    now: Date,
  ): Promise<{ assignment: AssignmentDecision; countLoad: () => Promise<unknown> }> {
    const store = this.#deps.assignmentState;
    const counted = async () => undefined;
    if (team.strategy === 'round_robin') {
      const state = await store.takeTurn(team.providerId, team.teamId);
      const assignment = chooseAgent(team, agents, state, facts, now);
      const { agentId } = assignment;
      return {
        assignment,
        countLoad:
          agentId === null ? counted : () => store.adjustLoad(team.providerId, team.teamId, agentId, 1),
      };
    }
    for (let attempt = 0; attempt < STATE_RETRIES; attempt += 1) {
      const state = await store.read(team.providerId, team.teamId);
      const assignment = chooseAgent(team, agents, state, facts, now);
      if (assignment.agentId === null) return { assignment, countLoad: counted };
      const seen = state.loads[assignment.agentId] ?? 0;
      if (await store.adjustLoad(team.providerId, team.teamId, assignment.agentId, 1, seen)) {
        return { assignment, countLoad: counted };
      }
    }
    throw new Error(`Team ${team.providerId}/${team.teamId} loads kept changing; the event will be retried`);
  }

  /** The tenant's own rules; without any, the rules derived from its engagements in force. */
  async #rulesFor(tenantId: string, now: Date) {
    const own = await this.#deps.rulesOf(tenantId);
    if (own.length > 0) return { rules: own, source: 'tenant' as const };
    const { directory } = this.#deps;
    const engagements = await directory.engagementsInForce(tenantId, now);
    const providers = [...new Set(engagements.map((engagement) => engagement.providerId))];
    const teams = new Map(
      await Promise.all(
        providers.map(async (providerId) => [providerId, await directory.teamsOf(providerId)] as const),
      ),
    );
    return {
      rules: engagementFallbackRules(engagements, (providerId) => teams.get(providerId) ?? []),
      source: 'directory_default' as const,
    };
  }

  /**
   * Checks entitlement and the team, and (for a real ticket) assigns an agent; `countLoad` is
   * what is left to write of the assignment (see `#assign`).
   */
  async #explain(
    tenantId: string,
    decision: RoutingDecision,
    source: RoutingRecord['rulesSource'],
    facts: RoutingFacts,
    ticket: Ticket | null,
  ): Promise<{ record: RoutingRecord; countLoad: () => Promise<unknown> }> {
    const done = async () => undefined;
    const now = this.#deps.clock.now();
    const base = { decidedAt: now.toISOString(), rulesSource: source, rules: decision };
    if (decision.target === null) {
      return { record: { ...base, entitled: null, team: null, assignment: null }, countLoad: done };
    }
    const { providerId, teamId } = decision.target;
    const [covering, team] = await Promise.all([
      this.#deps.directory.coveringEngagements(
        tenantId,
        providerId,
        { service: facts.service, category: facts.category },
        now,
      ),
      this.#deps.directory.team(providerId, teamId),
    ]);
    const entitled = covering.length > 0;
    const engagementId = covering[0]?.engagementId ?? null;
    if (!entitled || team === undefined) {
      return { record: { ...base, entitled, engagementId, team: null, assignment: null }, countLoad: done };
    }
    const teamRef = { providerId, teamId, tier: tierNumber(team.tier) };
    const agents = await this.#deps.directory.agentsOfTeam(providerId, teamId);
    const assignmentFacts = { category: facts.category, service: facts.service, language: facts.language };
    if (ticket === null) {
      // Dry run: show who would be picked, without taking a turn.
      const state = await this.#deps.assignmentState.read(providerId, teamId);
      return {
        record: {
          ...base,
          entitled,
          engagementId,
          team: teamRef,
          assignment: chooseAgent(team, agents, state, assignmentFacts, now),
        },
        countLoad: done,
      };
    }
    const { assignment, countLoad } = await this.#assign(team, agents, assignmentFacts, now);
    return { record: { ...base, entitled, engagementId, team: teamRef, assignment }, countLoad };
  }
}

const ticketRoutedEvent = (
  ticket: Ticket,
  ruleId: string | null,
  eventId: string,
  correlationId: string,
  at: string,
): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'TicketRouted',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: at,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: {
      ticketId: ticket.ticketId,
      number: ticket.number,
      priority: ticket.priority,
      status: ticket.status,
    },
    providerId: ticket.providerId,
    teamId: ticket.teamId,
    assigneeId: ticket.assigneeId,
    ruleId,
    at,
  },
});
