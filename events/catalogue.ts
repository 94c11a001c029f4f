/** Every domain event Guichet emits, in one list: documentation and the local bus both read it. */
import { ApiCallsRecorded } from './api-calls-recorded.ts';
import { TicketCreated } from './ticket-created.ts';

export const eventCatalogue = [
  TicketCreated,
  // Billing
  ApiCallsRecorded,
] as const;

export type DetailType = (typeof eventCatalogue)[number]['detailType'];
