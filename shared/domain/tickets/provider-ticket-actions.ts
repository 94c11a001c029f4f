/**
 * What an engaged provider's agents do on a tenant's tickets: move them through the lifecycle,
 * comment on them, and log time on them (billed to that provider's engagement). The engagement is checked BEFORE any tenant data is read (as for a
 * provider's read of a ticket): no engagement in force with the tenant, no ticket, or a ticket
 * outside every engagement's scope all answer the same 404, so ids cannot be probed. The change
 * itself is the tenant's own lifecycle or conversation use case (same state machine, same
 * If-Match, same outbox events), recorded with the provider as actor; every action lands in the
 * tenant's audit log.
 */
import { NotFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { type AuditAction, type AuditLog, actorOf } from '../tenancy/audit.ts';
import { type Engagement, type EngagementDirectory, engagementCovers } from '../tenancy/engagement.ts';
import type { ProviderPrincipal } from '../tenancy/principal.ts';
import type { Ticket } from './ticket.ts';
import type { TicketComment, Visibility } from './ticket-conversation.ts';
import type { TicketConversationService } from './ticket-conversation-service.ts';
import type { TransitionRequest } from './ticket-lifecycle.ts';
import type { TicketLifecycleService } from './ticket-lifecycle-service.ts';
import type { LogTimeInput, TicketTimeEntry } from './ticket-time-entry.ts';
import type { TicketTimeService } from './ticket-time-service.ts';

export interface ProviderTicketActionsDeps {
  readonly engagements: EngagementDirectory;
  /** Reads with the TENANT's scoped credentials, used only after the engagement check. */
  readonly tickets: { getTicket(tenantId: string, ticketId: string): Promise<Ticket | undefined> };
  readonly lifecycle: TicketLifecycleService;
  readonly conversation: TicketConversationService;
  readonly time: Pick<TicketTimeService, 'logTimeOnTicket'>;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export class ProviderTicketActions {
  readonly #deps: ProviderTicketActionsDeps;

  constructor(deps: ProviderTicketActionsDeps) {
    this.#deps = deps;
  }

  async transition(command: {
    readonly principal: ProviderPrincipal;
    readonly tenantId: string;
    readonly ticketId: string;
    readonly request: TransitionRequest;
    readonly expectedVersion: number;
    readonly correlationId: string;
  }): Promise<Ticket> {
    const { ticket, engagement } = await this.#coveredTicket(
      command.principal,
      command.tenantId,
      command.ticketId,
    );
    const moved = await this.#deps.lifecycle.transitionOnTicket(ticket, {
      actor: {
        userId: command.principal.userId,
        actingAsRequester: false,
        providerId: command.principal.providerId,
      },
      request: command.request,
      expectedVersion: command.expectedVersion,
      correlationId: command.correlationId,
    });
    await this.#audit(command.principal, ticket, engagement, 'provider.ticket_transitioned', {
      from: ticket.status,
      to: moved.status,
      version: String(moved.version),
    });
    return moved;
  }

  async comment(command: {
    readonly principal: ProviderPrincipal;
    readonly tenantId: string;
    readonly ticketId: string;
    readonly body: string;
    readonly visibility: Visibility;
    readonly correlationId: string;
  }): Promise<TicketComment> {
    const { ticket, engagement } = await this.#coveredTicket(
      command.principal,
      command.tenantId,
      command.ticketId,
    );
    const comment = await this.#deps.conversation.commentOnTicket(
      ticket,
      {
        userId: command.principal.userId,
        actingAsRequester: false,
        kind: 'provider',
        providerId: command.principal.providerId,
      },
      command,
    );
    await this.#audit(command.principal, ticket, engagement, 'provider.ticket_commented', {
      commentId: comment.commentId,
      visibility: comment.visibility,
    });
    return comment;
  }

  /** The entry and its `TicketTimeLogged` event carry the provider: billing attributes the minutes to its engagement. */
  async logTime(command: {
    readonly principal: ProviderPrincipal;
    readonly tenantId: string;
    readonly ticketId: string;
    readonly input: LogTimeInput;
    readonly correlationId: string;
  }): Promise<TicketTimeEntry> {
    const { ticket, engagement } = await this.#coveredTicket(
      command.principal,
      command.tenantId,
      command.ticketId,
    );
    const entry = await this.#deps.time.logTimeOnTicket(
      ticket,
      { kind: 'provider', agentId: command.principal.userId, providerId: command.principal.providerId },
      command.input,
      command.correlationId,
    );
    await this.#audit(command.principal, ticket, engagement, 'provider.ticket_time_logged', {
      entryId: entry.entryId,
      minutes: String(entry.minutes),
      workedAt: entry.workedAt,
    });
    return entry;
  }

  async #coveredTicket(
    principal: ProviderPrincipal,
    tenantId: string,
    ticketId: string,
  ): Promise<{ ticket: Ticket; engagement: Engagement }> {
    const now = this.#deps.clock.now();
    const engagements = (
      await this.#deps.engagements.activeEngagementsOfProvider(principal.providerId, now)
    ).filter((engagement) => engagement.tenantId === tenantId);
    const notFound = new NotFound(`Ticket ${ticketId} not found`);
    if (engagements.length === 0) throw notFound;
    const ticket = await this.#deps.tickets.getTicket(tenantId, ticketId);
    if (ticket === undefined) throw notFound;
    const engagement = engagements.find((candidate) => engagementCovers(candidate, ticket, now));
    if (engagement === undefined) throw notFound;
    return { ticket, engagement };
  }

  async #audit(
    principal: ProviderPrincipal,
    ticket: Ticket,
    engagement: Engagement,
    action: AuditAction,
    details: Readonly<Record<string, string>>,
  ): Promise<void> {
    await this.#deps.audit.append({
      entryId: this.#deps.ids.next(),
      tenantId: ticket.tenantId,
      occurredAt: this.#deps.clock.now().toISOString(),
      action,
      actor: actorOf(principal),
      target: `ticket/${ticket.ticketId}`,
      details: { providerId: principal.providerId, engagementId: engagement.engagementId, ...details },
    });
  }
}
