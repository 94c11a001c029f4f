/**
 * Replays incidents of the ServiceNow log through Guichet's PUBLIC API: one tenant per
 * location, one requester per caller, each incident's events in the log's order (incidents
 * concurrently), then reads every ticket back and compares its status with the log's last
 * state. The API stamps real time; the log's own timeline is kept in the report only.
 */
import { z } from 'zod';
import type { TicketStatus } from '../../shared/domain/tickets/ticket.ts';
import { ticketStatuses } from '../../shared/domain/tickets/ticket.ts';
import type { LogEvent, LogIncident } from './incident-log-parser.ts';
import {
  type Actor,
  channelOfContactType,
  levelOfLog,
  type PlannedStep,
  planSteps,
  requesterIdOfCaller,
  statusMatchesLog,
  statusOfLogState,
  teamLabelOfGroup,
  tenantIdOfLocation,
} from './incident-mapping.ts';

const ticketSchema = z.object({
  id: z.string(),
  status: z.enum(ticketStatuses),
  version: z.number().int(),
});
type TicketView = z.infer<typeof ticketSchema>;

const tenantSchema = z.object({ id: z.string(), tokens: z.record(z.string(), z.string()) });
const tokenSchema = z.object({ token: z.string() });

export interface ReplayProgress {
  readonly incidentsDone: number;
  readonly incidentsTotal: number;
  readonly events: number;
  readonly requests: number;
  readonly elapsedMs: number;
}

export interface Discrepancy {
  readonly incident: string;
  readonly tenantId: string;
  readonly ticketId: string | null;
  readonly logState: string;
  readonly guichetStatus: TicketStatus | null;
}

export interface LostEvent {
  readonly incident: string;
  readonly logState: string;
  readonly why: string;
}

export interface ReplayReport {
  readonly incidents: number;
  readonly incidentsReplayed: number;
  readonly events: number;
  readonly stateChanges: number;
  readonly apiRequests: number;
  readonly durationMs: number;
  readonly requestsPerSecond: number;
  readonly insertedSteps: number;
  readonly conflictRetries: number;
  readonly transientRetries: number;
  readonly reassignmentsCounted: number;
  /**
   * Incidents the log reopened after closing them: Guichet's `closed` is final, so the replay
   * raises a follow-up ticket linked (related) to the closed one and carries on with it.
   */
  readonly followUpTickets: number;
  /** Rows whose state the log itself lost (`-100`): replayed as no state change. */
  readonly rowsWithoutState: number;
  readonly tenants: number;
  readonly requesters: number;
  readonly teamLabels: number;
  readonly logTimeline: { readonly from: string | null; readonly to: string | null };
  readonly discrepancyCount: number;
  readonly discrepancies: readonly Discrepancy[];
  readonly lostEventCount: number;
  readonly lostEvents: readonly LostEvent[];
}

export interface ReplayOptions {
  readonly apiUrl: string;
  readonly concurrency?: number;
  readonly progressIntervalMs?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
  /** How many discrepancies and lost events the report lists (all are counted). */
  readonly listLimit?: number;
}

interface HttpAnswer {
  readonly status: number;
  readonly body: unknown;
}

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);
const MAX_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A thin client of the API that retries what is transient (throttling, 5xx, resets) and counts. */
class ApiClient {
  requests = 0;
  transientRetries = 0;
  readonly #apiUrl: string;

  constructor(apiUrl: string) {
    this.#apiUrl = apiUrl.replace(/\/$/, '');
  }

  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt += 1) {
      this.requests += 1;
      try {
        const response = await fetch(`${this.#apiUrl}${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        });
        const text = await response.text();
        if (TRANSIENT_STATUSES.has(response.status) && attempt < MAX_ATTEMPTS) {
          this.transientRetries += 1;
          const retryAfter = Number.parseFloat(response.headers.get('retry-after') ?? '');
          await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : 100 * 2 ** attempt);
          continue;
        }
        let body: unknown = text;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          // Not JSON: keep the text for the error message.
        }
        return { status: response.status, body };
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        this.transientRetries += 1;
        await sleep(100 * 2 ** attempt);
      }
    }
  }
}

const describe = (answer: HttpAnswer): string =>
  `${answer.status} ${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}`.slice(
    0,
    300,
  );

interface TenantContext {
  readonly id: string;
  readonly agentToken: string;
}

/** Replays a set of incidents; one instance per run. */
export class IncidentReplayer {
  readonly #client: ApiClient;
  readonly #options: ReplayOptions;
  readonly #tenants = new Map<string, Promise<TenantContext>>();
  readonly #requesterTokens = new Map<string, Promise<string>>();
  readonly #teamLabels = new Set<string>();
  #events = 0;
  #stateChanges = 0;
  #insertedSteps = 0;
  #conflictRetries = 0;
  #reassignments = 0;
  #rowsWithoutState = 0;
  #followUps = 0;
  #incidentsDone = 0;
  #incidentsReplayed = 0;
  readonly #lost: LostEvent[] = [];
  readonly #tickets = new Map<string, { tenant: TenantContext; ticketId: string }>();

  constructor(options: ReplayOptions) {
    this.#options = options;
    this.#client = new ApiClient(options.apiUrl);
  }

  async replay(incidents: readonly LogIncident[]): Promise<ReplayReport> {
    const started = Date.now();
    const progress = () =>
      this.#options.onProgress?.({
        incidentsDone: this.#incidentsDone,
        incidentsTotal: incidents.length,
        events: this.#events,
        requests: this.#client.requests,
        elapsedMs: Date.now() - started,
      });
    const timer = setInterval(progress, this.#options.progressIntervalMs ?? 3000);
    try {
      let next = 0;
      const worker = async () => {
        for (;;) {
          const incident = incidents[next];
          next += 1;
          if (incident === undefined) return;
          await this.#replayIncident(incident);
          this.#incidentsDone += 1;
        }
      };
      const concurrency = Math.max(1, this.#options.concurrency ?? 8);
      await Promise.all(Array.from({ length: concurrency }, worker));
      progress();
      const discrepancies = await this.#verify(incidents);
      const durationMs = Date.now() - started;
      const limit = this.#options.listLimit ?? 20;
      const times = incidents
        .flatMap((incident) => incident.events.map((event) => event.updatedAt))
        .filter((at): at is string => at !== null)
        .sort();
      return {
        incidents: incidents.length,
        incidentsReplayed: this.#incidentsReplayed,
        events: this.#events,
        stateChanges: this.#stateChanges,
        apiRequests: this.#client.requests,
        durationMs,
        requestsPerSecond: Math.round((this.#client.requests / Math.max(durationMs, 1)) * 1000 * 10) / 10,
        insertedSteps: this.#insertedSteps,
        conflictRetries: this.#conflictRetries,
        transientRetries: this.#client.transientRetries,
        reassignmentsCounted: this.#reassignments,
        rowsWithoutState: this.#rowsWithoutState,
        followUpTickets: this.#followUps,
        tenants: this.#tenants.size,
        requesters: this.#requesterTokens.size,
        teamLabels: this.#teamLabels.size,
        logTimeline: { from: times[0] ?? null, to: times.at(-1) ?? null },
        discrepancyCount: discrepancies.length,
        discrepancies: discrepancies.slice(0, limit),
        lostEventCount: this.#lost.length,
        lostEvents: this.#lost.slice(0, limit),
      };
    } finally {
      clearInterval(timer);
    }
  }

  #tenant(location: string | null): Promise<TenantContext> {
    const id = tenantIdOfLocation(location);
    let tenant = this.#tenants.get(id);
    if (tenant === undefined) {
      tenant = (async () => {
        const answer = await this.#client.call('POST', '/_local/tenants', {
          body: { id, name: location ?? 'Unknown location', tier: 'premium' },
        });
        if (answer.status !== 201) throw new Error(`tenant ${id} not created: ${describe(answer)}`);
        const created = tenantSchema.parse(answer.body);
        const agentToken = created.tokens.agent;
        if (agentToken === undefined) throw new Error(`tenant ${id} came without an agent token`);
        return { id, agentToken };
      })();
      this.#tenants.set(id, tenant);
    }
    return tenant;
  }

  #requesterToken(tenantId: string, caller: string | null): Promise<string> {
    const subject = requesterIdOfCaller(caller);
    const key = `${tenantId}#${subject}`;
    let token = this.#requesterTokens.get(key);
    if (token === undefined) {
      token = (async () => {
        const answer = await this.#client.call('POST', '/_local/tokens', {
          body: { issuer: tenantId, subject, claims: { roles: ['requester'] } },
        });
        if (answer.status !== 200) throw new Error(`no token for ${key}: ${describe(answer)}`);
        return tokenSchema.parse(answer.body).token;
      })();
      this.#requesterTokens.set(key, token);
    }
    return token;
  }

  async #replayIncident(incident: LogIncident): Promise<void> {
    const first = incident.events[0];
    if (first === undefined) return;
    let tenant: TenantContext;
    let requesterToken: string;
    try {
      tenant = await this.#tenant(first.location);
      requesterToken = await this.#requesterToken(tenant.id, first.caller);
    } catch (error) {
      this.#lose(incident, first.state, `setup: ${String(error)}`);
      return;
    }
    const tokenOf = (actor: Actor) => (actor === 'agent' ? tenant.agentToken : requesterToken);
    const group = teamLabelOfGroup(first.assignmentGroup);
    if (group !== null) this.#teamLabels.add(group);

    const created = await this.#client.call('POST', '/v1/tickets', {
      token: requesterToken,
      headers: { 'idempotency-key': incident.number },
      body: createBody(incident.number, first),
    });
    if (created.status !== 201 && created.status !== 200) {
      for (const event of incident.events) this.#lose(incident, event.state, `create: ${describe(created)}`);
      return;
    }
    let ticket = ticketSchema.parse(created.body);
    this.#tickets.set(incident.number, { tenant, ticketId: ticket.id });
    this.#incidentsReplayed += 1;
    // An earlier run already replayed it (Idempotency-Key): only its final state is left to check.
    const events = created.status === 200 ? incident.events.slice(-1) : incident.events;

    let previous: LogEvent | undefined;
    for (const event of events) {
      this.#events += 1;
      const group = teamLabelOfGroup(event.assignmentGroup);
      if (group !== null) this.#teamLabels.add(group);
      if (previous !== undefined && event.reassignmentCount > previous.reassignmentCount) {
        this.#reassignments += event.reassignmentCount - previous.reassignmentCount;
      }
      if (statusOfLogState(event.state) === undefined) {
        this.#rowsWithoutState += 1;
        continue;
      }
      const changed = previous === undefined ? event.state !== 'New' : event.state !== previous.state;
      previous = event;
      if (!changed) continue;
      this.#stateChanges += 1;
      if (ticket.status === 'closed' && event.state !== 'Closed') {
        const followUp = await this.#followUp(
          incident,
          first,
          ticket,
          event.reopenCount,
          requesterToken,
          tenant,
        );
        if (typeof followUp === 'string') {
          this.#lose(incident, event.state, followUp);
          continue;
        }
        ticket = followUp;
        this.#tickets.set(incident.number, { tenant, ticketId: ticket.id });
      }
      const moved = await this.#moveTo(ticket, event.state, tenant, tokenOf);
      if (typeof moved === 'string') {
        this.#lose(incident, event.state, moved);
        continue;
      }
      ticket = moved;
    }
  }

  /**
   * Takes the ticket to the log's state one legal step at a time. A 412 (the router or anyone
   * moved it meanwhile) re-reads the ticket and plans again from where it now is, once per step.
   * Returns the ticket, or why the event is lost.
   */
  async #moveTo(
    start: TicketView,
    logState: string,
    tenant: TenantContext,
    tokenOf: (actor: Actor) => string,
  ): Promise<TicketView | string> {
    if (statusOfLogState(logState) === undefined) return `unknown log state ${logState}`;
    let ticket = start;
    let stepsTaken = 0;
    let retriedThisStep = false;
    for (let guard = 0; guard < 12; guard += 1) {
      const steps = planSteps(ticket.status, logState);
      if (steps === undefined) return `no legal path from ${ticket.status} to ${logState}`;
      const step: PlannedStep | undefined = steps[0];
      if (step === undefined) {
        if (stepsTaken > 1) this.#insertedSteps += stepsTaken - 1;
        return ticket;
      }
      const answer = await this.#client.call('POST', `/v1/tickets/${ticket.id}/transitions`, {
        token: tokenOf(step.actor),
        headers: { 'if-match': `"${ticket.version}"` },
        body: { to: step.to, ...(step.reason === undefined ? {} : { reason: step.reason }) },
      });
      if (answer.status === 200) {
        ticket = ticketSchema.parse(answer.body);
        stepsTaken += 1;
        retriedThisStep = false;
        continue;
      }
      if (answer.status === 412 && !retriedThisStep) {
        this.#conflictRetries += 1;
        retriedThisStep = true;
        const read = await this.#client.call('GET', `/v1/tickets/${ticket.id}`, { token: tenant.agentToken });
        if (read.status !== 200) return `re-read after 412: ${describe(read)}`;
        ticket = ticketSchema.parse(read.body);
        continue;
      }
      return `${ticket.status} → ${step.to} as ${step.actor}: ${describe(answer)}`;
    }
    return `gave up moving to ${logState}: too many steps`;
  }

  /** A new ticket for an incident the log reopened after closure, linked to the closed one. */
  async #followUp(
    incident: LogIncident,
    first: LogEvent,
    closed: TicketView,
    reopenCount: number,
    requesterToken: string,
    tenant: TenantContext,
  ): Promise<TicketView | string> {
    const body = createBody(incident.number, first);
    const created = await this.#client.call('POST', '/v1/tickets', {
      token: requesterToken,
      headers: { 'idempotency-key': `${incident.number}-reopened-${reopenCount}` },
      body: { ...body, subject: `${body.subject} (reopened after closure)` },
    });
    if (created.status !== 201 && created.status !== 200) return `follow-up ticket: ${describe(created)}`;
    const ticket = ticketSchema.parse(created.body);
    if (created.status === 201) {
      this.#followUps += 1;
      const linked = await this.#client.call('POST', `/v1/tickets/${ticket.id}/links`, {
        token: tenant.agentToken,
        body: { kind: 'related', ticketId: closed.id },
      });
      if (linked.status !== 200) return `link follow-up to ${closed.id}: ${describe(linked)}`;
      return ticketSchema.parse(linked.body);
    }
    return ticket;
  }

  #lose(incident: LogIncident, logState: string, why: string): void {
    this.#lost.push({ incident: incident.number, logState, why });
  }

  async #verify(incidents: readonly LogIncident[]): Promise<Discrepancy[]> {
    const discrepancies: Discrepancy[] = [];
    let next = 0;
    const worker = async () => {
      for (;;) {
        const incident = incidents[next];
        next += 1;
        if (incident === undefined) return;
        const last = incident.events.findLast((event) => statusOfLogState(event.state) !== undefined);
        if (last === undefined) continue;
        const replayed = this.#tickets.get(incident.number);
        const tenantId = replayed?.tenant.id ?? tenantIdOfLocation(incident.events[0]?.location ?? null);
        if (replayed === undefined) {
          discrepancies.push({
            incident: incident.number,
            tenantId,
            ticketId: null,
            logState: last.state,
            guichetStatus: null,
          });
          continue;
        }
        const read = await this.#client.call('GET', `/v1/tickets/${replayed.ticketId}`, {
          token: replayed.tenant.agentToken,
        });
        const status = read.status === 200 ? ticketSchema.parse(read.body).status : null;
        if (status === null || !statusMatchesLog(last.state, status)) {
          discrepancies.push({
            incident: incident.number,
            tenantId,
            ticketId: replayed.ticketId,
            logState: last.state,
            guichetStatus: status,
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.#options.concurrency ?? 8) }, worker));
    return discrepancies.sort((a, b) => a.incident.localeCompare(b.incident));
  }
}

/** The creation request of an incident, from its first row. */
export const createBody = (number: string, first: LogEvent) => ({
  subject: `${number}: ${first.category ?? 'incident'}`,
  description: [
    `Replayed from the ServiceNow incident log (${number}).`,
    `Opened at ${first.openedAt ?? 'unknown'} (log time); priority ${first.priority ?? 'unknown'}.`,
    `Assignment group: ${teamLabelOfGroup(first.assignmentGroup) ?? 'none'}.`,
  ].join('\n'),
  type: 'incident' as const,
  channel: channelOfContactType(first.contactType),
  ...(first.category === null ? {} : { category: first.category }),
  impact: levelOfLog(first.impact),
  urgency: levelOfLog(first.urgency),
});

/** Convenience for callers: replays with a fresh replayer. */
export const replayIncidents = (
  incidents: readonly LogIncident[],
  options: ReplayOptions,
): Promise<ReplayReport> => new IncidentReplayer(options).replay(incidents);
