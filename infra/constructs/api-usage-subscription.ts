/**
 * Billing meters (#6): the AWS producer of the `api.calls` meter. The REST API's access-log
 * group is subscribed to the manifest function `recordApiUsage`, which counts authenticated
 * calls per tenant × caller × minute. Kept apart from the API construct so the API stays
 * unaware of billing.
 */
import type * as logs from 'aws-cdk-lib/aws-logs';
import { FilterPattern, SubscriptionFilter } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { Construct } from 'constructs';
import type { GuichetFunction } from './guichet-function.ts';

export interface ApiUsageSubscriptionProps {
  readonly accessLogs: logs.ILogGroup;
  readonly consumer: GuichetFunction;
}

export class ApiUsageSubscription extends Construct {
  readonly filter: SubscriptionFilter;

  constructor(scope: Construct, id: string, props: ApiUsageSubscriptionProps) {
    super(scope, id);
    this.filter = new SubscriptionFilter(this, 'AccessLogsToUsage', {
      logGroup: props.accessLogs,
      destination: new LambdaDestination(props.consumer.function),
      // Only lines of authenticated tenant callers carry usage; the rest is filtered out at the source.
      filterPattern: FilterPattern.any(
        FilterPattern.stringValue('$.credential', '=', 'token'),
        FilterPattern.stringValue('$.credential', '=', 'api_key'),
      ),
    });
  }
}
