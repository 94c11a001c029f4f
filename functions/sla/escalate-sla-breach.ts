/**
 * EventBridge target of `SlaBreached`: carries out the policy's breach actions, each at most once
 * per breached milestone (a redelivered event does nothing twice). `escalate` records the
 * escalation to the next tier and emits `SlaEscalated` through the outbox; `raise_priority`
 * raises the ticket's priority one step (history + `TicketPriorityChanged`); `notify` tells the
 * team lead (or every agent of the team) in the provider inbox.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { slaMilestoneDetailSchema } from '../../events/sla-milestones.ts';
import { logger } from '../../shared/http/logger.ts';
import { breachActions, breachNotifier, clock, ids, slaTimers } from './deps.ts';

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = slaMilestoneDetailSchema.parse(event.detail);
  const { milestone } = detail;
  if (milestone.kind !== 'breach') return;
  if (milestone.breachActions.includes('raise_priority')) {
    const outcome = await breachActions.raisePriority(detail.tenantId, milestone, detail.correlationId);
    logger.info('SLA breach raised priority', {
      tenantId: detail.tenantId,
      ticketId: milestone.ticketId,
      outcome,
    });
  }
  if (milestone.breachActions.includes('notify')) {
    const outcome = await breachNotifier.notify(detail.tenantId, milestone);
    logger.info('SLA breach notified', { tenantId: detail.tenantId, ticketId: milestone.ticketId, outcome });
  }
  if (!milestone.breachActions.includes('escalate')) return;
  const tier = (await slaTimers.escalationCount(detail.tenantId, milestone.ticketId)) + 1;
  const at = clock.now().toISOString();
  const eventId = ids.next();
  const recorded = await slaTimers.recordEscalation(
    detail.tenantId,
    milestone.ticketId,
    milestone.milestoneKey,
    tier,
    {
      eventId,
      tenantId: detail.tenantId,
      detailType: 'SlaEscalated',
      detail: {
        eventId,
        tenantId: detail.tenantId,
        occurredAt: at,
        version: 1,
        correlationId: detail.correlationId,
        aggregateId: milestone.ticketId,
        aggregateVersion: detail.aggregateVersion,
        escalation: {
          ticketId: milestone.ticketId,
          milestoneKey: milestone.milestoneKey,
          tier,
          actions: milestone.breachActions,
          escalatedAt: at,
        },
      },
    },
    at,
  );
  logger.info('SLA breach escalation', {
    tenantId: detail.tenantId,
    ticketId: milestone.ticketId,
    tier,
    recorded,
  });
};
