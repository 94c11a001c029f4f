/**
 * What Guichet runs: the functions, the REST API, the event rules and schedules, the outbox
 * pipe, the tenant data-access roles and the alarms, all read from the manifest. Adding a
 * function, route, queue consumer, rule or schedule there is all it takes to deploy it here.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ApiUsageSubscription } from '../constructs/api-usage-subscription.ts';
import { EventRouting } from '../constructs/event-routing.ts';
import { GuichetFunction } from '../constructs/guichet-function.ts';
import { GuichetRestApi } from '../constructs/guichet-rest-api.ts';
import { bindObjects } from '../constructs/object-access.ts';
import { OutboxPipe } from '../constructs/outbox-pipe.ts';
import { bindTable, TenantDataAccess } from '../constructs/tenant-data-access.ts';
import {
  AUTHORIZER_CACHE_TTL_SECONDS,
  eventRules,
  type FunctionSpec,
  functions,
  queues,
  routes,
  schedules,
} from '../manifest.ts';
import { type DeploymentSettings, resourceNames } from './deployment-settings.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly settings: DeploymentSettings;
  readonly stateful: StatefulResources;
}

export class StatelessStack extends Stack {
  readonly functions: ReadonlyMap<string, GuichetFunction>;
  readonly dataAccess: TenantDataAccess;
  readonly restApi: GuichetRestApi;
  readonly eventRouting: EventRouting;
  readonly outboxPipe: OutboxPipe;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful, settings } = props;
    const names = resourceNames(settings.stage);

    const manifestFunctions = new Map<string, GuichetFunction>();
    const functionSpecs: ReadonlyArray<readonly [string, FunctionSpec]> = Object.entries(functions);
    for (const [name, spec] of functionSpecs) {
      const fn = new GuichetFunction(this, name, {
        spec,
        environment: {
          GUICHET_STAGE: settings.stage,
          GUICHET_EVENT_BUS_NAME: stateful.eventBus.eventBusName,
          GUICHET_BUCKET_NAME: stateful.objectBucket.bucketName,
          // The ARN only: the key itself is read from Secrets Manager at cold start.
          GUICHET_CURSOR_SECRET_ARN: stateful.cursorSecret.secretArn,
        },
      });
      manifestFunctions.set(name, fn);
    }
    this.functions = manifestFunctions;
    const functionNamed = (name: string): GuichetFunction => {
      const fn = manifestFunctions.get(name);
      if (fn === undefined) throw new Error(`The manifest refers to unknown function "${name}"`);
      return fn;
    };

    this.dataAccess = new TenantDataAccess(this, 'TenantDataAccess', {
      table: stateful.table,
      functions: manifestFunctions.values(),
    });
    for (const fn of manifestFunctions.values()) {
      const { spec } = fn;
      bindTable(fn, spec.table, { table: stateful.table, dataAccess: this.dataAccess });
      // Cursors paginate table queries: only functions that read the table may read their key.
      if (spec.table !== 'none') stateful.cursorSecret.grantRead(fn.role);
      if (spec.putsEvents === true) stateful.eventBus.grantPutEventsTo(fn.role);
      if (spec.bucket !== undefined) bindObjects(fn, names.objectBucket, spec.bucket);
    }

    for (const spec of queues) {
      const managed = stateful.queues.get(spec.name);
      if (managed === undefined) throw new Error(`Queue "${spec.name}" is missing from the stateful stack`);
      const consumer = functionNamed(spec.consumer);
      if (spec.visibilityTimeoutSeconds < consumer.spec.timeoutSeconds) {
        throw new Error(
          `Queue "${spec.name}": visibility timeout ${spec.visibilityTimeoutSeconds}s is shorter than ${spec.consumer}'s timeout`,
        );
      }
      consumer.function.addEventSource(
        new SqsEventSource(managed.queue, { batchSize: spec.batchSize, reportBatchItemFailures: true }),
      );
    }

    const importedQueues = new Map<string, sqs.IQueue>();
    this.eventRouting = new EventRouting(this, 'EventRouting', {
      eventBus: events.EventBus.fromEventBusArn(this, 'EventBus', stateful.eventBus.eventBusArn),
      rules: eventRules,
      schedules,
      functionNamed,
      queueNamed: (name) => {
        const managed = stateful.queues.get(name);
        if (managed === undefined) throw new Error(`An event rule targets unknown queue "${name}"`);
        const existing = importedQueues.get(name);
        if (existing !== undefined) return existing;
        const imported = this.#importQueue(`RuleTargetQueue-${name}`, managed.queue);
        importedQueues.set(name, imported);
        return imported;
      },
      deadLetterQueue: this.#importQueue('RuleTargetDeadLetters', stateful.ruleTargetDeadLetterQueue),
      busRuleName: names.busRule,
      scheduleRuleName: names.scheduleRule,
    });

    this.outboxPipe = new OutboxPipe(this, 'OutboxPipe', {
      pipeName: names.outboxPipe,
      table: stateful.table,
      eventBus: stateful.eventBus,
      deadLetterQueue: stateful.outboxDeadLetterQueue,
    });

    this.restApi = new GuichetRestApi(this, 'RestApi', {
      stage: settings.stage,
      routes,
      functionNamed,
      authorizer: functionNamed('authorizer'),
      authorizerCacheTtl: Duration.seconds(AUTHORIZER_CACHE_TTL_SECONDS),
      usagePlanName: names.usagePlan,
    });
    // Billing meters (#6): API calls are metered from the access log.
    new ApiUsageSubscription(this, 'ApiUsageMetering', {
      accessLogs: this.restApi.accessLogs,
      consumer: functionNamed('recordApiUsage'),
    });

    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url });
    for (const [tier, plan] of this.restApi.usagePlans) {
      new CfnOutput(this, `UsagePlanId-${tier}`, {
        value: plan.usagePlanId,
        description: `Usage plan of the ${tier} tier: onboarding adds each tenant's API key to it`,
      });
    }
  }

  /**
   * A stateful queue as an imported reference whose ARN is built in this stack's own region and
   * account, so CDK sees rule and target in one environment and writes no policy back into the
   * stateful stack (that stack already names the rules allowed to send).
   */
  #importQueue(id: string, queue: sqs.IQueue): sqs.IQueue {
    return sqs.Queue.fromQueueAttributes(this, id, {
      queueArn: this.formatArn({ service: 'sqs', resource: queue.queueName }),
      queueUrl: queue.queueUrl,
      queueName: queue.queueName,
    });
  }
}
