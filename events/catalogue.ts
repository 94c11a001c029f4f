/** Every domain event Guichet emits, in one list: documentation and the local bus both read it. */

// Lifecycle (#4)
import { TicketCommentAdded } from './ticket-comment-added.ts';
import { TicketCreated } from './ticket-created.ts';
import { TicketRouted } from './ticket-routed.ts';
import { TicketStatusChanged } from './ticket-status-changed.ts';

export const eventCatalogue = [
  TicketCreated,
  // Lifecycle (#4)
  TicketStatusChanged,
  TicketCommentAdded,
  TicketRouted,
] as const;

export type DetailType = (typeof eventCatalogue)[number]['detailType'];
