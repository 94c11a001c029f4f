/** Every domain event Guichet emits, in one list: documentation and the local bus both read it. */
import { ApiCallsRecorded } from './api-calls-recorded.ts';
import { SlaBreached, SlaEscalated, SlaWarning } from './sla-milestones.ts';
import { TicketCreated } from './ticket-created.ts';

export const eventCatalogue = [
  TicketCreated,
  // Billing
  ApiCallsRecorded,
  // SLA engine (issue #5)
  SlaWarning,
  SlaBreached,
  SlaEscalated,
] as const;

export type DetailType = (typeof eventCatalogue)[number]['detailType'];
