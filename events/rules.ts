/**
 * EventBridge rules: which events reach which consumer. Declared once; the CDK app turns each
 * into an `events.Rule`, the local bus matches them with its own pattern matcher.
 */
import { ApiCallsRecorded } from './api-calls-recorded.ts';
import { AttachmentStored } from './attachment-stored.ts';
import { EVENT_SOURCE } from './envelope.ts';
import type { EventPattern } from './event-pattern.ts';
import { SlaBreached } from './sla-milestones.ts';
import { TicketCommentAdded } from './ticket-comment-added.ts';
import { TicketCreated } from './ticket-created.ts';
import { TicketStatusChanged } from './ticket-status-changed.ts';
import { TicketTimeLogged } from './ticket-time-logged.ts';

/** A rule target is either a function of the manifest or a queue of the manifest. */
export type RuleTarget =
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'queue'; readonly name: string };

export interface RuleSpec {
  readonly name: string;
  readonly description: string;
  readonly pattern: EventPattern;
  readonly targets: readonly RuleTarget[];
}

export const rules = [
  {
    name: 'ticket-created-to-notifications',
    description: 'Tell the requester their request was received (notification inbox).',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [TicketCreated.detailType] },
    targets: [{ kind: 'queue', name: 'notifications' }],
  },
  // Routing (#4)
  {
    name: 'ticket-created-to-router',
    description: "Route every new ticket by its tenant's rules to a provider team, and assign an agent.",
    pattern: { source: [EVENT_SOURCE], 'detail-type': [TicketCreated.detailType] },
    targets: [{ kind: 'function', name: 'routeTicket' }],
  },
  // Billing: every metered event goes to the usage queue, counted once by the aggregator.
  {
    name: 'metered-events-to-billing-usage',
    description: 'Usage metering: events that carry billable work, to the billing usage queue.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [TicketCreated.detailType, ApiCallsRecorded.detailType],
    },
    targets: [{ kind: 'queue', name: 'billing-usage' }],
  },
  // SLA engine (issue #5)
  {
    name: 'ticket-events-to-sla',
    description:
      "Keep each ticket's SLA history, clocks and milestone timers in step (TicketStatusChanged, TicketRouted, … start matching when the lifecycle emits them).",
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [
        TicketCreated.detailType,
        'TicketStatusChanged',
        'TicketRouted',
        'TicketPriorityChanged',
        'TicketFirstResponded',
      ],
    },
    targets: [{ kind: 'function', name: 'trackTicketSla' }],
  },
  {
    name: 'sla-breached-to-escalation',
    description: 'A breached milestone escalates the ticket to the next tier when its policy says so.',
    pattern: { source: [EVENT_SOURCE], 'detail-type': [SlaBreached.detailType] },
    targets: [{ kind: 'function', name: 'escalateSlaBreach' }],
  },
  // Billing meters (#6): time entries (agent minutes) and every act of a person (active seats).
  {
    name: 'activity-events-to-billing-usage',
    description:
      'Usage metering: logged time (agent handling minutes) and the lifecycle acts that make a person an active seat.',
    pattern: {
      source: [EVENT_SOURCE],
      'detail-type': [
        TicketTimeLogged.detailType,
        TicketStatusChanged.detailType,
        TicketCommentAdded.detailType,
        AttachmentStored.detailType,
      ],
    },
    targets: [{ kind: 'queue', name: 'billing-usage' }],
  },
  // Routing (#4): agents' loads follow their tickets' status
  {
    name: 'ticket-status-changed-to-agent-loads',
    description: "Release the assignee's load when a ticket is resolved or closed, restore it on reopen.",
    pattern: { source: [EVENT_SOURCE], 'detail-type': [TicketStatusChanged.detailType] },
    targets: [{ kind: 'function', name: 'releaseAgentLoad' }],
  },
] as const satisfies readonly RuleSpec[];
