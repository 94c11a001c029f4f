/**
 * Use cases of the tickets context: raise, read and list tickets. Pure orchestration over the
 * repository port; no SDK, no environment, no wall clock.
 */
import { type CatalogueItem, orderableItem } from '../catalogue/catalogue-item.ts';
import { IdempotencyKeyReused, NotFound, ValidationFailed } from '../errors.ts';
import type { Clock, IdGenerator, OutgoingEvent, Page, PageRequest } from '../shared/ports.ts';
import type { TenantPrincipal } from '../tenancy/principal.ts';
import { classifyTicket, findPossibleDuplicates, type TriageRule } from '../triage/triage-rules.ts';
import { type RaiseTicketInput, raiseTicket, type Ticket } from './ticket.ts';
import type { IdempotencyClaim, TicketRepository } from './ticket-repository.ts';
import { isTicketStaff, maySeeTicket, seesWholeTenantQueue } from './ticket-visibility.ts';

export interface TicketServiceDeps {
  readonly tickets: TicketRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Triage (#4): the tenant's ordered keyword rules; none when absent. */
  readonly triageRules?: (tenantId: string) => Promise<readonly TriageRule[]>;
  /** Billing meters (#6): the tenant's catalogue item a service request orders, if it exists. */
  readonly catalogueItem?: (tenantId: string, itemId: string) => Promise<CatalogueItem | undefined>;
}

/** How many of the requester's latest tickets are compared for duplicates at intake. */
const DUPLICATE_LOOKBACK = 20;

export interface RaiseTicketCommand {
  readonly principal: TenantPrincipal;
  readonly input: RaiseTicketInput;
  readonly correlationId: string;
  readonly idempotency: Omit<IdempotencyClaim, 'principalId'> | undefined;
}

export interface RaiseTicketResult {
  readonly ticket: Ticket;
  /** True when an earlier request with the same Idempotency-Key created the ticket. */
  readonly replayed: boolean;
}

const ticketCreatedEvent = (ticket: Ticket, eventId: string, correlationId: string): OutgoingEvent => ({
  eventId,
  tenantId: ticket.tenantId,
  detailType: 'TicketCreated',
  detail: {
    eventId,
    tenantId: ticket.tenantId,
    occurredAt: ticket.createdAt,
    version: 1,
    correlationId,
    aggregateId: ticket.ticketId,
    aggregateVersion: ticket.version,
    ticket: {
      ticketId: ticket.ticketId,
      number: ticket.number,
      type: ticket.type,
      channel: ticket.channel,
      language: ticket.language,
      priority: ticket.priority,
      status: ticket.status,
      subject: ticket.subject,
      category: ticket.category,
      service: ticket.service,
      requesterId: ticket.requesterId,
      createdAt: ticket.createdAt,
    },
  },
});

export class TicketService {
  readonly #deps: TicketServiceDeps;

  constructor(deps: TicketServiceDeps) {
    this.#deps = deps;
  }

  async raise(command: RaiseTicketCommand): Promise<RaiseTicketResult> {
    const { principal, idempotency } = command;
    const claim = idempotency === undefined ? undefined : { ...idempotency, principalId: principal.userId };
    if (claim !== undefined) {
      const earlier = await this.#deps.tickets.findIdempotencyRecord(
        principal.tenantId,
        claim.principalId,
        claim.key,
      );
      if (earlier !== undefined) return this.#replay(principal.tenantId, claim, earlier);
    }

    const input = await this.#withCatalogueOrder(principal.tenantId, command.input);
    const number = await this.#deps.tickets.nextTicketNumber(principal.tenantId);
    const now = this.#deps.clock.now();
    // Triage (#4): classify what the requester left out, flag look-alikes (linked, never merged).
    const rules = (await this.#deps.triageRules?.(principal.tenantId)) ?? [];
    const classification = classifyTicket(input, input, rules);
    const recent = await this.#deps.tickets.listRequesterTickets(principal.tenantId, principal.userId, {
      limit: DUPLICATE_LOOKBACK,
      after: undefined,
    });
    const duplicates = findPossibleDuplicates(
      { requesterId: principal.userId, subject: command.input.subject },
      recent.items,
      now,
    );
    const raised = raiseTicket(
      {
        ...input,
        type: classification.type,
        category: classification.category,
        service: classification.service,
      },
      {
        tenantId: principal.tenantId,
        ticketId: this.#deps.ids.next(),
        number,
        requesterId: principal.userId,
        createdBy: principal.userId,
        requesterOrgUnit: principal.orgUnit,
        now,
      },
    );
    const ticket: Ticket = {
      ...raised,
      links: duplicates.map((ticketId) => ({ kind: 'possible_duplicate_of', ticketId })),
      classifiedBy: classification.matchedRuleId ?? null,
    };
    const event = ticketCreatedEvent(ticket, this.#deps.ids.next(), command.correlationId);
    const outcome = await this.#deps.tickets.createTicket(ticket, [event], claim);
    // A concurrent request with the same key won the race: answer as if we were the retry.
    if (outcome.kind === 'idempotency-key-taken' && claim !== undefined) {
      return this.#replay(principal.tenantId, claim, outcome.record);
    }
    return { ticket, replayed: false };
  }

  /**
   * Billing meters (#6): a ticket ordering a catalogue item is a service request for an active
   * item of the tenant's catalogue; it takes the item's service when the requester named none.
   */
  async #withCatalogueOrder(tenantId: string, input: RaiseTicketInput): Promise<RaiseTicketInput> {
    const { catalogueItemId } = input;
    if (catalogueItemId === undefined) return input;
    if (input.type !== undefined && input.type !== 'service_request') {
      throw new ValidationFailed('Only a service request can order a catalogue item', [
        { location: 'body.type', message: 'must be service_request (or left out) with a catalogueItemId' },
      ]);
    }
    const item = orderableItem(await this.#deps.catalogueItem?.(tenantId, catalogueItemId), catalogueItemId);
    return {
      ...input,
      type: 'service_request',
      ...(input.service === undefined && item.service !== null ? { service: item.service } : {}),
    };
  }

  async #replay(
    tenantId: string,
    claim: IdempotencyClaim,
    record: { readonly fingerprint: string; readonly ticketId: string },
  ): Promise<RaiseTicketResult> {
    if (record.fingerprint !== claim.fingerprint) {
      throw new IdempotencyKeyReused(
        `Idempotency-Key '${claim.key}' was first used with a different request`,
        [{ location: 'header.Idempotency-Key', message: 'already used with a different request body' }],
      );
    }
    const ticket = await this.#deps.tickets.getTicket(tenantId, record.ticketId);
    if (ticket === undefined) throw new NotFound(`Ticket ${record.ticketId} not found`);
    return { ticket, replayed: true };
  }

  async get(principal: TenantPrincipal, ticketId: string): Promise<Ticket> {
    const ticket = await this.#deps.tickets.getTicket(principal.tenantId, ticketId);
    if (ticket === undefined || !maySeeTicket(principal, ticket)) {
      throw new NotFound(`Ticket ${ticketId} not found`);
    }
    return ticket;
  }

  async list(principal: TenantPrincipal, page: PageRequest): Promise<Page<Ticket>> {
    if (seesWholeTenantQueue(principal))
      return this.#deps.tickets.listTenantTickets(principal.tenantId, page);
    if (isTicketStaff(principal)) {
      // Delegated admins: the tenant's queue through the scope check. A page may hold fewer than
      // `limit` tickets (even none) and still have a next cursor, as a filtered DynamoDB query.
      const queue = await this.#deps.tickets.listTenantTickets(principal.tenantId, page);
      return { ...queue, items: queue.items.filter((ticket) => maySeeTicket(principal, ticket)) };
    }
    return this.#deps.tickets.listRequesterTickets(principal.tenantId, principal.userId, page);
  }
}
