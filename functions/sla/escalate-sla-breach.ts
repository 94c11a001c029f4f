/**
 * EventBridge target of `SlaBreached`: when the policy says `escalate`, records the escalation
 * to the next tier (once per breached milestone) and emits `SlaEscalated` through the outbox.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { slaMilestoneDetailSchema } from '../../events/sla-milestones.ts';
import { logger } from '../../shared/http/logger.ts';
import { clock, ids, slaTimers } from './deps.ts';

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  const detail = slaMilestoneDetailSchema.parse(event.detail);
  const { milestone } = detail;
  if (milestone.kind !== 'breach' || !milestone.breachActions.includes('escalate')) return;
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
