/** Every domain event Guichet emits, in one list: documentation and the local bus both read it. */
import { TicketCreated } from './ticket-created.ts';
// Lifecycle (#4)
import { TicketStatusChanged } from './ticket-status-changed.ts';

export const eventCatalogue = [
  TicketCreated,
  // Lifecycle (#4)
  TicketStatusChanged,
] as const;

export type DetailType = (typeof eventCatalogue)[number]['detailType'];
