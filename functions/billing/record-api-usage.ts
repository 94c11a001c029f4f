/**
 * Consumer of the API access-log subscription (AWS only; locally API calls are published on
 * the bus as `ApiCallsRecorded`): counts each batch's authenticated calls per tenant × caller ×
 * minute into the `api.calls` meter, idempotently (see api-access-log-usage.ts). A failure
 * throws, and Lambda's asynchronous retry redelivers the same batch, which counts once.
 */
import type { CloudWatchLogsEvent } from 'aws-lambda';
import {
  type ApiAccess,
  apiUsageOf,
  decodeSubscriptionData,
  parseAccessLogLine,
} from '../../shared/adapters/aws/api-access-log-usage.ts';
import { logger } from '../../shared/http/logger.ts';
import { metering } from './deps.ts';

export const handler = async (event: CloudWatchLogsEvent): Promise<void> => {
  const accesses: ApiAccess[] = [];
  for (const message of decodeSubscriptionData(event.awslogs.data)) {
    const access = parseAccessLogLine(message);
    if (access !== undefined) accesses.push(access);
  }
  for (const observation of apiUsageOf(accesses)) {
    const result = await metering.record(observation);
    if (result.outcome === 'uncovered') {
      logger.warn('Usage not covered by any engagement', {
        tenantId: observation.tenantId,
        factId: observation.factId,
      });
    }
  }
};
