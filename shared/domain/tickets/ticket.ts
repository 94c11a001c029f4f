/**
 * The ticket: what a requester raised at the single point of contact, and the rules that
 * shape it at intake (priority from the impact × urgency matrix, defaults per channel).
 */
import { noOrgUnit, type OrgUnit } from '../tenancy/delegation.ts';

export const ticketTypes = ['incident', 'service_request', 'question', 'information'] as const;
export const channels = ['portal', 'email', 'phone', 'chat', 'api'] as const;
export const levels = ['low', 'medium', 'high'] as const;
export const priorities = ['critical', 'high', 'medium', 'low'] as const;
export const ticketStatuses = [
  'new',
  'assigned',
  'in_progress',
  'awaiting_requester',
  'awaiting_vendor',
  'awaiting_change',
  'resolved',
  'closed',
] as const;

export type TicketType = (typeof ticketTypes)[number];
export type Channel = (typeof channels)[number];
export type Level = (typeof levels)[number];
export type Priority = (typeof priorities)[number];
export type TicketStatus = (typeof ticketStatuses)[number];

/** impact → urgency → priority. Tenants may supply their own; this is the ITIL default. */
export type PriorityMatrix = Readonly<Record<Level, Readonly<Record<Level, Priority>>>>;

export const defaultPriorityMatrix: PriorityMatrix = {
  high: { high: 'critical', medium: 'high', low: 'medium' },
  medium: { high: 'high', medium: 'medium', low: 'low' },
  low: { high: 'medium', medium: 'low', low: 'low' },
};

export const computePriority = (
  impact: Level,
  urgency: Level,
  matrix: PriorityMatrix = defaultPriorityMatrix,
) => matrix[impact][urgency];

/** Links between tickets (#4): flagged at intake or set by agents; tickets are never merged. */
export const linkKinds = ['possible_duplicate_of', 'parent', 'child', 'related'] as const;
export type LinkKind = (typeof linkKinds)[number];
export interface TicketLink {
  readonly kind: LinkKind;
  readonly ticketId: string;
}

/**
 * The ticket's SLA standing as the SLA engine last computed it (issue #5): the clock that sets
 * the ticket's place in the provider's queue. Written by the SLA tracker beside the ticket's
 * fields WITHOUT changing its version (it is derived data, not a change anyone made), and
 * carried unchanged by every ticket change. Absent while the ticket is not measured.
 */
export interface TicketSlaStanding {
  /** The clock that sets the ticket's place: the earliest due running one, else the least remaining paused one. */
  readonly clock: 'first_response' | 'resolution';
  readonly targetSeconds: number;
  /** Null while the clock is paused. */
  readonly dueAt: string | null;
  /** Business seconds left at `computedAt` (exact while paused; while running, `dueAt` is the live figure). */
  readonly remainingSeconds: number;
  readonly paused: boolean;
  readonly pausedReason: string | null;
  /** Breached at `computedAt`; a running clock is also breached once `dueAt` has passed. */
  readonly breached: boolean;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly computedAt: string;
  /** The SLA state version it was computed from: an older computation never overwrites a newer one. */
  readonly stateVersion: number;
}

export interface Ticket {
  readonly tenantId: string;
  readonly ticketId: string;
  /** Human-friendly number, per tenant, increasing; gaps are possible (a failed write burns one). */
  readonly number: number;
  readonly type: TicketType;
  readonly channel: Channel;
  readonly language: string;
  readonly subject: string;
  readonly description: string;
  readonly category: string | null;
  readonly service: string | null;
  readonly impact: Level;
  readonly urgency: Level;
  readonly priority: Priority;
  readonly status: TicketStatus;
  readonly requesterId: string;
  /** Who submitted it: the requester, or an agent raising it on their behalf. */
  readonly createdBy: string;
  /** The requester's site and department at intake: what delegated admins' scope is checked against. */
  readonly site: string | null;
  readonly department: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the ticket was last resolved; null while unresolved (cleared on reopen). */
  readonly resolvedAt: string | null;
  readonly closedAt: string | null;
  /** How many times a resolution was rejected within the reopen window. */
  readonly reopenCount: number;
  readonly links: readonly TicketLink[];
  /** The triage rule that classified the ticket at intake, if one did. */
  readonly classifiedBy: string | null;
  /** Routing (#4): the provider and team the ticket was routed to, and the agent holding it. */
  readonly providerId: string | null;
  readonly teamId: string | null;
  readonly assigneeId: string | null;
  /** How many times the ticket changed hands after its first assignment. */
  readonly reassignmentCount: number;
  /** Optimistic concurrency: every change increments it and is conditioned on the previous value. */
  readonly version: number;
  /** SLA engine (#5): derived, written without a version change; see `TicketSlaStanding`. */
  readonly sla?: TicketSlaStanding | undefined;
  /** Billing meters (#6): the catalogue item a service request orders; absent otherwise. */
  readonly catalogueItemId?: string | undefined;
}

export interface RaiseTicketInput {
  readonly subject: string;
  readonly description: string;
  readonly type?: TicketType | undefined;
  readonly channel: Channel;
  readonly language: string;
  readonly category?: string | undefined;
  readonly service?: string | undefined;
  readonly impact: Level;
  readonly urgency: Level;
  /** Billing meters (#6): the catalogue item ordered (service requests only; validated by the service). */
  readonly catalogueItemId?: string | undefined;
}

export interface RaiseTicketContext {
  readonly tenantId: string;
  readonly ticketId: string;
  readonly number: number;
  readonly requesterId: string;
  readonly createdBy: string;
  /** The requester's site and department (from their token); none for API keys. */
  readonly requesterOrgUnit?: OrgUnit | undefined;
  readonly now: Date;
  readonly priorityMatrix?: PriorityMatrix;
}

/** Until triage rules exist for a tenant, an unspecified type is taken as an incident. */
const DEFAULT_TYPE: TicketType = 'incident';

export const raiseTicket = (input: RaiseTicketInput, context: RaiseTicketContext): Ticket => {
  const at = context.now.toISOString();
  return {
    tenantId: context.tenantId,
    ticketId: context.ticketId,
    number: context.number,
    type: input.type ?? DEFAULT_TYPE,
    channel: input.channel,
    language: input.language,
    subject: input.subject.trim(),
    description: input.description,
    category: input.category ?? null,
    service: input.service ?? null,
    impact: input.impact,
    urgency: input.urgency,
    priority: computePriority(input.impact, input.urgency, context.priorityMatrix),
    status: 'new',
    requesterId: context.requesterId,
    createdBy: context.createdBy,
    site: (context.requesterOrgUnit ?? noOrgUnit).site,
    department: (context.requesterOrgUnit ?? noOrgUnit).department,
    createdAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
    reopenCount: 0,
    links: [],
    classifiedBy: null,
    providerId: null,
    teamId: null,
    assigneeId: null,
    reassignmentCount: 0,
    version: 1,
    ...(input.catalogueItemId === undefined ? {} : { catalogueItemId: input.catalogueItemId }),
  };
};
