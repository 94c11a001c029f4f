/**
 * A ticket's SLA standing: the one clock that sets its place in the provider's queue, taken
 * from the clocks the engine just computed. The earliest due RUNNING end-to-end clock (first
 * response or resolution) wins; when none runs, the paused one with the least business time
 * left; when every clock is stopped or not started, the ticket has no standing (and the queue
 * falls back to its placeholder due date). OLA clocks measure a team's hop and do not order the
 * provider's queue.
 */
import type { TicketSlaStanding } from '../tickets/ticket.ts';
import type { SlaClock, TicketSla } from './sla-clocks.ts';

const standingFrom = (sla: TicketSla, clock: SlaClock, stateVersion: number): TicketSlaStanding => ({
  clock: clock.clock === 'first_response' ? 'first_response' : 'resolution',
  targetSeconds: clock.targetSeconds,
  dueAt: clock.status === 'running' ? clock.dueAt : null,
  remainingSeconds: clock.remainingSeconds,
  paused: clock.status === 'paused',
  pausedReason: clock.pausedReason,
  breached: clock.breached,
  policyId: sla.policyId,
  policyVersion: sla.policyVersion,
  computedAt: sla.computedAt,
  stateVersion,
});

export const slaStandingOf = (sla: TicketSla, stateVersion: number): TicketSlaStanding | undefined => {
  const clocks = [sla.firstResponse, sla.resolution];
  const running = clocks
    .filter((clock) => clock.status === 'running' && clock.dueAt !== null)
    .sort((a, b) => (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
  const first = running[0];
  if (first !== undefined) return standingFrom(sla, first, stateVersion);
  const paused = clocks
    .filter((clock) => clock.status === 'paused')
    .sort((a, b) => a.remainingSeconds - b.remainingSeconds);
  const least = paused[0];
  return least === undefined ? undefined : standingFrom(sla, least, stateVersion);
};
