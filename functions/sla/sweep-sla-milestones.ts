/**
 * Scheduled (every minute in AWS, every `localIntervalMs` locally): fires the SLA milestones
 * that are due, exactly once each, reading only the due part of the sharded timer index.
 */
import { sweepDueMilestones } from '../../shared/domain/sla/milestone-sweeper.ts';
import { logger } from '../../shared/http/logger.ts';
import { clock, ids, slaTimers } from './deps.ts';

export const handler = async (): Promise<void> => {
  const report = await sweepDueMilestones({ index: slaTimers, firing: slaTimers, clock, ids });
  if (report.read > 0) logger.info('SLA sweep', { ...report });
};
