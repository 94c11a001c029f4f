/**
 * Breach action `notify`: tells the team that holds the ticket, in the provider inbox — its lead
 * if the team names one, otherwise every agent of the team (agents without a user id at the
 * provider's IdP cannot sign in, so they have no inbox and are skipped). The team is the OLA
 * clock's own team for an OLA breach, otherwise the team the ticket is routed to now.
 *
 * Exactly once per breached milestone: the notifications and a marker for (notify, milestone)
 * are written in one transaction conditioned on the marker's absence, so a redelivered
 * `SlaBreached` writes nothing twice.
 */
import type { ProviderNotification } from '../notifications/provider-notification.ts';
import type { Agent, Team } from '../tenancy/organisations.ts';
import type { Ticket } from '../tickets/ticket.ts';
import type { BreachedMilestone } from './sla-breach-actions.ts';

/** A transaction holds at most 100 items; one is the marker. */
export const MAX_BREACH_RECIPIENTS = 99;

export interface NotifiedMilestone extends BreachedMilestone {
  /** The OLA clock's team; null for the end-to-end SLA clocks. */
  readonly teamId: string | null;
}

/** The provider users a breach notifies: the lead's, or every team agent's, in a stable order. */
export const breachRecipients = (team: Team, agents: readonly Agent[]): readonly string[] => {
  const lead = team.leadAgentId ?? null;
  const told =
    lead === null
      ? agents.filter((agent) => agent.teamIds.includes(team.teamId))
      : agents.filter((agent) => agent.agentId === lead);
  const users = told.flatMap((agent) => (agent.userId === null ? [] : [agent.userId]));
  return [...new Set(users)].sort().slice(0, MAX_BREACH_RECIPIENTS);
};

const ticketNumber = (ticket: Ticket): string => `T-${ticket.number.toString().padStart(6, '0')}`;

const clockNames: Readonly<Record<string, string>> = {
  first_response: 'first response',
  resolution: 'resolution',
  ola: 'OLA',
};
const clockName = (clock: string): string => clockNames[clock] ?? clock;

export const breachNotifications = (
  ticket: Ticket,
  team: Team,
  recipients: readonly string[],
  milestone: NotifiedMilestone,
  context: { readonly now: Date; readonly nextId: () => string },
): readonly ProviderNotification[] =>
  recipients.map((userId) => ({
    providerId: team.providerId,
    userId,
    notificationId: context.nextId(),
    kind: 'sla_breached',
    tenantId: ticket.tenantId,
    ticketId: ticket.ticketId,
    message: `SLA breached: the ${clockName(milestone.clock)} target of ${ticketNumber(ticket)} (${ticket.priority}, team ${team.name}) has passed: ${ticket.subject}`,
    occurredAt: context.now.toISOString(),
    readAt: null,
  }));

export interface BreachNotifyStore {
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined>;
  /** The notifications and the (notify, milestone) marker atomically; `done` if the marker exists. */
  saveBreachNotifications(
    tenantId: string,
    ticketId: string,
    milestoneKey: string,
    notifications: readonly ProviderNotification[],
  ): Promise<'saved' | 'done'>;
}

export interface TeamDirectory {
  teamsOf(providerId: string): Promise<readonly Team[]>;
  agentsOf(providerId: string): Promise<readonly Agent[]>;
}

export type NotifyOutcome = 'notified' | 'already-notified' | 'no-ticket' | 'no-team' | 'no-recipients';

export class SlaBreachNotifier {
  readonly #store: BreachNotifyStore;
  readonly #directory: TeamDirectory;
  readonly #now: () => Date;
  readonly #nextId: () => string;

  constructor(deps: {
    store: BreachNotifyStore;
    directory: TeamDirectory;
    now: () => Date;
    nextId: () => string;
  }) {
    this.#store = deps.store;
    this.#directory = deps.directory;
    this.#now = deps.now;
    this.#nextId = deps.nextId;
  }

  async notify(tenantId: string, milestone: NotifiedMilestone): Promise<NotifyOutcome> {
    const ticket = await this.#store.getTicket(tenantId, milestone.ticketId);
    if (ticket === undefined) return 'no-ticket';
    const teamId = milestone.teamId ?? ticket.teamId;
    if (ticket.providerId === null || teamId === null) return 'no-team';
    const [teams, agents] = await Promise.all([
      this.#directory.teamsOf(ticket.providerId),
      this.#directory.agentsOf(ticket.providerId),
    ]);
    const team = teams.find((candidate) => candidate.teamId === teamId);
    if (team === undefined) return 'no-team';
    const recipients = breachRecipients(team, agents);
    if (recipients.length === 0) return 'no-recipients';
    const notifications = breachNotifications(ticket, team, recipients, milestone, {
      now: this.#now(),
      nextId: this.#nextId,
    });
    const outcome = await this.#store.saveBreachNotifications(
      tenantId,
      ticket.ticketId,
      milestone.milestoneKey,
      notifications,
    );
    return outcome === 'saved' ? 'notified' : 'already-notified';
  }
}
