/** Composition root of the lifecycle functions: the lifecycle service over the tickets repository. */
import { systemClock, ulidGenerator } from '../../shared/adapters/system-clock.ts';
import { TicketLifecycleService } from '../../shared/domain/tickets/ticket-lifecycle-service.ts';
import { ticketRepository } from './deps.ts';

export const lifecycleService = new TicketLifecycleService({
  tickets: ticketRepository,
  clock: systemClock,
  ids: ulidGenerator,
});
