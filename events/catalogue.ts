/** Every domain event Guichet emits, in one list: documentation and the local bus both read it. */
import { TicketCreated } from './ticket-created.ts';

export const eventCatalogue = [TicketCreated] as const;

export type DetailType = (typeof eventCatalogue)[number]['detailType'];
