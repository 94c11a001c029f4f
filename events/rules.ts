/**
 * EventBridge rules: which events reach which consumer. Declared once; the CDK app turns each
 * into an `events.Rule`, the local bus matches them with its own pattern matcher.
 */
import { EVENT_SOURCE } from './envelope.ts';
import type { EventPattern } from './event-pattern.ts';
import { TicketCreated } from './ticket-created.ts';

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
] as const satisfies readonly RuleSpec[];
