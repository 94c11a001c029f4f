/** Every domain event Guichet emits, in one list: documentation and the local bus both read it. */
import { ApiCallsRecorded } from './api-calls-recorded.ts';
import { AttachmentStored } from './attachment-stored.ts';
import { SlaBreached, SlaEscalated, SlaWarning } from './sla-milestones.ts';
import { TicketCommentAdded } from './ticket-comment-added.ts';
import { TicketCreated } from './ticket-created.ts';
import { TicketFirstResponded } from './ticket-first-responded.ts';
import { TicketPriorityChanged } from './ticket-priority-changed.ts';
import { TicketRouted } from './ticket-routed.ts';
import { TicketStatusChanged } from './ticket-status-changed.ts';
import { TicketTimeLogged } from './ticket-time-logged.ts';

export const eventCatalogue = [
  TicketCreated,
  // Billing
  ApiCallsRecorded,
  // SLA engine (issue #5)
  SlaWarning,
  SlaBreached,
  SlaEscalated,
  // Lifecycle (#4)
  TicketStatusChanged,
  TicketCommentAdded,
  TicketRouted,
  // SLA reach (issue #5): first public response
  TicketFirstResponded,
  // SLA breach actions (issue #5): raise_priority
  TicketPriorityChanged,
  // Billing meters (#6)
  TicketTimeLogged,
  AttachmentStored,
] as const;

export type DetailType = (typeof eventCatalogue)[number]['detailType'];
