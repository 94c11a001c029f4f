/**
 * The SLA application service: manages calendars and versioned policies, folds ticket events
 * into each ticket's SLA history, recomputes its clocks (on every event, on read, and on
 * repair) and keeps the due-milestone timers of running clocks in step with them.
 */
import { Forbidden, NotFound, ValidationFailed } from '../errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import type { TenantPrincipal } from '../tenancy/principal.ts';
import type { TicketSlaStanding } from '../tickets/ticket.ts';
import {
  type BusinessCalendar,
  preparePublicHolidays,
  twentyFourSeven,
  validateBusinessCalendar,
} from './business-calendar.ts';
import {
  computeTicketSla,
  type ScheduledMilestone,
  type SlaHistoryEvent,
  scheduledMilestones,
  type TicketSla,
} from './sla-clocks.ts';
import {
  type ComplianceRow,
  complianceReport,
  summariseTicketSla,
  type TicketSlaSummary,
} from './sla-compliance.ts';
import { type SlaPolicy, validateSlaPolicy } from './sla-policy.ts';
import { slaStandingOf } from './sla-standing.ts';

/** Until engagements carry their own policy, a tenant's tickets follow its policy of this id. */
export const DEFAULT_POLICY_ID = 'default';
/** A calendar id that needs no definition: open all the time, in UTC. */
export const ALWAYS_OPEN_CALENDAR_ID = '24x7';

export interface StoredSlaPolicy extends SlaPolicy {
  /** Teams' own calendars for their OLA clocks (team id → calendar id). */
  readonly teamCalendarIds: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export interface TicketSlaState {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly history: readonly SlaHistoryEvent[];
  /** Event ids already folded in: delivery is at least once. */
  readonly appliedEventIds: readonly string[];
  /** Optimistic concurrency; 0 for a state not yet stored. */
  readonly version: number;
}

export interface MilestoneTimer {
  readonly milestoneKey: string;
  readonly dueAt: string;
  readonly clock: string;
  readonly teamId: string | null;
  readonly hop: number | null;
  readonly kind: 'warning' | 'breach';
  readonly threshold: number;
  readonly priority: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly breachActions: readonly string[];
}

export interface SlaRepository {
  putCalendar(tenantId: string, calendar: BusinessCalendar): Promise<void>;
  findCalendar(tenantId: string, calendarId: string): Promise<BusinessCalendar | undefined>;
  listCalendars(tenantId: string): Promise<readonly BusinessCalendar[]>;
  /** Stores a new version; fails with Conflict if that version exists (a concurrent edit). */
  addPolicyVersion(tenantId: string, policy: StoredSlaPolicy): Promise<void>;
  findPolicy(tenantId: string, policyId: string, version?: number): Promise<StoredSlaPolicy | undefined>;
  listPolicies(tenantId: string): Promise<readonly StoredSlaPolicy[]>;
  findTicketSla(
    tenantId: string,
    ticketId: string,
  ): Promise<{ state: TicketSlaState; firedMilestones: ReadonlySet<string> } | undefined>;
  /** Saves the state (conditioned on its previous version) and replaces the ticket's pending timers. */
  /** Also upserts the ticket's summary in the tenant's SLA ledger (compliance reports read it). */
  saveTicketSla(
    state: TicketSlaState,
    timers: readonly MilestoneTimer[],
    summary: TicketSlaSummary,
  ): Promise<void>;
  /** Summaries of tickets created in [from, to). */
  listSummaries(tenantId: string, from: string, to: string): Promise<readonly TicketSlaSummary[]>;
}

/**
 * Where the SLA engine publishes a ticket's standing (the clock that orders the provider's
 * queue) after each recomputation; the tickets context stores it without a version change.
 */
export interface SlaStandingPublisher {
  publish(
    tenantId: string,
    ticketId: string,
    stateVersion: number,
    standing: TicketSlaStanding | undefined,
  ): Promise<void>;
}

/** A stable identity for a milestone of a clock, free of `#`. */
export const milestoneKeyOf = (entry: ScheduledMilestone): string =>
  `${entry.clock.clock}-${entry.clock.hop ?? 'e2e'}-${Math.round(entry.milestone.threshold * 100)}`;

const isAdmin = (principal: TenantPrincipal): boolean =>
  principal.roles.includes('tenant_admin') || principal.roles.includes('delegated_admin');

export class SlaService {
  readonly #repository: SlaRepository;
  readonly #clock: Clock;

  readonly #standing: SlaStandingPublisher | undefined;

  constructor(deps: {
    repository: SlaRepository;
    clock: Clock;
    ids: IdGenerator;
    standing?: SlaStandingPublisher | undefined;
  }) {
    this.#repository = deps.repository;
    this.#clock = deps.clock;
    this.#standing = deps.standing;
  }

  async putCalendar(principal: TenantPrincipal, calendar: BusinessCalendar): Promise<BusinessCalendar> {
    if (calendar.calendarId === ALWAYS_OPEN_CALENDAR_ID) {
      throw new ValidationFailed(`"${ALWAYS_OPEN_CALENDAR_ID}" is built in and cannot be redefined`);
    }
    const valid = validateBusinessCalendar(await preparePublicHolidays(calendar));
    await this.#repository.putCalendar(principal.tenantId, valid);
    return valid;
  }

  listCalendars(principal: TenantPrincipal): Promise<readonly BusinessCalendar[]> {
    return this.#repository.listCalendars(principal.tenantId);
  }

  /** Every change makes a new version; tickets already running keep the version they started with. */
  async putPolicy(
    principal: TenantPrincipal,
    policy: Omit<StoredSlaPolicy, 'version' | 'createdAt'>,
  ): Promise<StoredSlaPolicy> {
    const previous = await this.#repository.findPolicy(principal.tenantId, policy.policyId);
    const next: StoredSlaPolicy = {
      ...policy,
      version: (previous?.version ?? 0) + 1,
      createdAt: this.#clock.now().toISOString(),
    };
    validateSlaPolicy(next);
    for (const calendarId of [next.calendarId, ...Object.values(next.teamCalendarIds)]) {
      await this.#calendar(principal.tenantId, calendarId);
    }
    await this.#repository.addPolicyVersion(principal.tenantId, next);
    return next;
  }

  listPolicies(principal: TenantPrincipal): Promise<readonly StoredSlaPolicy[]> {
    return this.#repository.listPolicies(principal.tenantId);
  }

  /**
   * Folds one ticket event into the ticket's SLA history and reschedules its milestones. A
   * ticket created while its tenant has no default policy is not measured.
   */
  async trackTicketEvent(
    tenantId: string,
    ticketId: string,
    eventId: string,
    event: SlaHistoryEvent,
  ): Promise<TicketSla | undefined> {
    const found = await this.#repository.findTicketSla(tenantId, ticketId);
    if (found?.state.appliedEventIds.includes(eventId)) return undefined;
    let state: TicketSlaState;
    if (found === undefined) {
      if (event.kind !== 'created') return undefined;
      const policy = await this.#repository.findPolicy(tenantId, DEFAULT_POLICY_ID);
      if (policy === undefined) return undefined;
      state = {
        tenantId,
        ticketId,
        policyId: policy.policyId,
        policyVersion: policy.version,
        history: [event],
        appliedEventIds: [eventId],
        version: 0,
      };
    } else {
      state = {
        ...found.state,
        history: [...found.state.history, event],
        // The last few hundred ids are enough to absorb redeliveries.
        appliedEventIds: [...found.state.appliedEventIds, eventId].slice(-200),
      };
    }
    return this.#recomputeAndSave(state, found?.firedMilestones ?? new Set());
  }

  /** Compliance per priority of the tenant's tickets created in [from, to). */
  async complianceReport(principal: TenantPrincipal, from: string, to: string): Promise<ComplianceRow[]> {
    if (!(from < to)) throw new ValidationFailed('The period must end after it starts');
    const summaries = await this.#repository.listSummaries(principal.tenantId, from, to);
    return complianceReport(summaries, { from, to }, this.#clock.now());
  }

  /** The ticket's clocks as of now, computed from its history (so elapsed and remaining are live). */
  async ticketSla(principal: TenantPrincipal, ticketId: string): Promise<TicketSla> {
    const found = await this.#repository.findTicketSla(principal.tenantId, ticketId);
    if (found === undefined) throw new NotFound(`Ticket ${ticketId} has no SLA`);
    return this.#compute(found.state);
  }

  /**
   * SLA repair: replays the ticket's history against its policy version (or the latest one) and
   * the calendars as they are now, and reschedules its milestones. Fired milestones stay fired.
   */
  async recompute(
    principal: TenantPrincipal,
    ticketId: string,
    options: { adoptLatestPolicy: boolean },
  ): Promise<TicketSla> {
    if (!isAdmin(principal)) throw new Forbidden('Only tenant admins repair SLA clocks');
    const found = await this.#repository.findTicketSla(principal.tenantId, ticketId);
    if (found === undefined) throw new NotFound(`Ticket ${ticketId} has no SLA`);
    let state = found.state;
    if (options.adoptLatestPolicy) {
      const latest = await this.#repository.findPolicy(principal.tenantId, state.policyId);
      if (latest) state = { ...state, policyVersion: latest.version };
    }
    return this.#recomputeAndSave(state, found.firedMilestones);
  }

  async #recomputeAndSave(state: TicketSlaState, fired: ReadonlySet<string>): Promise<TicketSla> {
    const { sla, policy } = await this.#computeWithPolicy(state);
    const timers = scheduledMilestones(sla)
      .map(
        (entry): MilestoneTimer => ({
          milestoneKey: milestoneKeyOf(entry),
          dueAt: entry.at,
          clock: entry.clock.clock,
          teamId: entry.clock.teamId,
          hop: entry.clock.hop,
          kind: entry.milestone.kind,
          threshold: entry.milestone.threshold,
          priority: sla.priority,
          policyId: sla.policyId,
          policyVersion: sla.policyVersion,
          breachActions: [...policy.breachActions],
        }),
      )
      .filter((timer) => !fired.has(timer.milestoneKey));
    const createdAt = state.history.find((event) => event.kind === 'created')?.at ?? sla.computedAt;
    const lastRouting = state.history.findLast((event) => event.kind === 'routed');
    const holder = {
      tenantId: state.tenantId,
      providerId: lastRouting?.kind === 'routed' ? (lastRouting.providerId ?? null) : null,
      teamId: lastRouting?.kind === 'routed' ? lastRouting.teamId : null,
    };
    await this.#repository.saveTicketSla(
      state,
      timers,
      summariseTicketSla(state.ticketId, createdAt, sla, holder),
    );
    const savedVersion = state.version + 1;
    await this.#standing?.publish(
      state.tenantId,
      state.ticketId,
      savedVersion,
      slaStandingOf(sla, savedVersion),
    );
    return sla;
  }

  async #compute(state: TicketSlaState): Promise<TicketSla> {
    return (await this.#computeWithPolicy(state)).sla;
  }

  async #computeWithPolicy(state: TicketSlaState): Promise<{ sla: TicketSla; policy: StoredSlaPolicy }> {
    const policy = await this.#repository.findPolicy(state.tenantId, state.policyId, state.policyVersion);
    if (policy === undefined)
      throw new NotFound(`Policy ${state.policyId} v${state.policyVersion} is missing`);
    const calendar = await this.#calendar(state.tenantId, policy.calendarId);
    const teamCalendars: Record<string, BusinessCalendar> = {};
    for (const [teamId, calendarId] of Object.entries(policy.teamCalendarIds)) {
      teamCalendars[teamId] = await this.#calendar(state.tenantId, calendarId);
    }
    const sla = computeTicketSla({
      history: state.history,
      policy,
      calendar,
      teamCalendars,
      now: this.#clock.now(),
    });
    return { sla, policy };
  }

  async #calendar(tenantId: string, calendarId: string): Promise<BusinessCalendar> {
    if (calendarId === ALWAYS_OPEN_CALENDAR_ID) return twentyFourSeven('UTC', ALWAYS_OPEN_CALENDAR_ID);
    const calendar = await this.#repository.findCalendar(tenantId, calendarId);
    if (calendar === undefined) throw new ValidationFailed(`Unknown calendar "${calendarId}"`);
    return preparePublicHolidays(calendar);
  }
}
