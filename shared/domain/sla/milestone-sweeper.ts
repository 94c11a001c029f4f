/**
 * The milestone sweeper: reads the due part of every shard of the timer index and fires each
 * due milestone through its port, which marks it fired with a conditional write in the same
 * transaction as the outgoing event. Overlapping sweeps, a sweep that crashed half way, or an
 * index read that is a little stale therefore never fire a milestone twice: the second attempt
 * finds the fired marker and only cleans up the timer.
 */
import type { Clock, IdGenerator, OutgoingEvent } from '../shared/ports.ts';
import type { MilestoneTimer } from './sla-service.ts';

export interface DueMilestone extends MilestoneTimer {
  readonly tenantId: string;
  readonly ticketId: string;
}

export interface DueMilestoneIndex {
  readonly shards: number;
  /** Milestones of one shard due at or before `now`, earliest first. */
  due(shard: number, now: string): Promise<readonly DueMilestone[]>;
}

/** `fired`: this call fired it; `already_fired`: a marker existed; `rescheduled`: the timer moved or went. */
export type FireOutcome = 'fired' | 'already_fired' | 'rescheduled';

export interface MilestoneFiring {
  fire(due: DueMilestone, event: OutgoingEvent): Promise<FireOutcome>;
}

export interface SweepReport {
  readonly read: number;
  readonly fired: number;
  readonly alreadyFired: number;
  readonly rescheduled: number;
}

export const milestoneEvent = (due: DueMilestone, firedAt: string, eventId: string): OutgoingEvent => ({
  eventId,
  tenantId: due.tenantId,
  detailType: due.kind === 'breach' ? 'SlaBreached' : 'SlaWarning',
  detail: {
    eventId,
    tenantId: due.tenantId,
    occurredAt: firedAt,
    version: 1,
    correlationId: `${due.ticketId}-${due.milestoneKey}`,
    aggregateId: due.ticketId,
    aggregateVersion: due.policyVersion,
    milestone: {
      ticketId: due.ticketId,
      milestoneKey: due.milestoneKey,
      clock: due.clock,
      teamId: due.teamId,
      hop: due.hop,
      kind: due.kind,
      threshold: due.threshold,
      dueAt: due.dueAt,
      firedAt,
      priority: due.priority,
      policyId: due.policyId,
      policyVersion: due.policyVersion,
      breachActions: [...due.breachActions],
    },
  },
});

export const sweepDueMilestones = async (deps: {
  index: DueMilestoneIndex;
  firing: MilestoneFiring;
  clock: Clock;
  ids: IdGenerator;
}): Promise<SweepReport> => {
  const now = deps.clock.now().toISOString();
  const perShard = await Promise.all(
    Array.from({ length: deps.index.shards }, async (_, shard) => {
      const due = await deps.index.due(shard, now);
      const outcomes: FireOutcome[] = [];
      // In due order within a shard: a ticket's milestones share its shard, so they fire in order.
      for (const milestone of due) {
        outcomes.push(await deps.firing.fire(milestone, milestoneEvent(milestone, now, deps.ids.next())));
      }
      return { read: due.length, outcomes };
    }),
  );
  const outcomes = perShard.flatMap((shard) => shard.outcomes);
  return {
    read: perShard.reduce((sum, shard) => sum + shard.read, 0),
    fired: outcomes.filter((outcome) => outcome === 'fired').length,
    alreadyFired: outcomes.filter((outcome) => outcome === 'already_fired').length,
    rescheduled: outcomes.filter((outcome) => outcome === 'rescheduled').length,
  };
};
