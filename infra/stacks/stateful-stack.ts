/**
 * What Guichet keeps: the table, the event bus and its archive, the queues and their dead
 * letters, the object bucket and the cursor signing secret. Everything here is retained on
 * stack deletion; the other stacks receive these resources and may be torn down freely.
 */
import { Duration, RemovalPolicies, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  TABLE_PARTITION_KEY,
  TABLE_SORT_KEY,
  TTL_ATTRIBUTE,
  tableIndexes,
} from '../../shared/adapters/dynamodb/table-definition.ts';
import { allowEventBridgeRules, DeadLetterQueue, ManifestQueue } from '../constructs/secure-queue.ts';
import type { DeploymentManifest } from './deployment-manifest.ts';
import { type DeploymentSettings, resourceNames, ruleArn } from './deployment-settings.ts';
import { limitResourceCount } from './stack-layout.ts';

export interface StatefulStackProps extends StackProps {
  readonly settings: DeploymentSettings;
  readonly manifest: DeploymentManifest;
}

/** The stateful resources, as the other stacks of the stage receive them. */
export interface StatefulResources {
  readonly table: dynamodb.Table;
  readonly eventBus: events.EventBus;
  /** Manifest queues by name. */
  readonly queues: ReadonlyMap<string, ManifestQueue>;
  /** Where EventBridge puts events a rule target did not accept after its retries. */
  readonly ruleTargetDeadLetterQueue: sqs.Queue;
  /** Where the outbox pipe puts stream records it could not deliver to the bus. */
  readonly outboxDeadLetterQueue: sqs.Queue;
  readonly objectBucket: s3.Bucket;
  readonly cursorSecret: secretsmanager.Secret;
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly table: dynamodb.Table;
  readonly eventBus: events.EventBus;
  readonly queues: ReadonlyMap<string, ManifestQueue>;
  readonly ruleTargetDeadLetterQueue: DeadLetterQueue;
  readonly outboxDeadLetterQueue: DeadLetterQueue;
  readonly objectBucket: s3.Bucket;
  readonly cursorSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    const names = resourceNames(props.settings.stage);
    const { eventRules, queues, schedules } = props.manifest;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_SORT_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Both images, chosen once: changing the view type means disabling the stream, and a
      // disabled stream breaks the outbox pipe for good (a new stream has a new ARN).
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of tableIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }

    this.eventBus = new events.EventBus(this, 'EventBus', {
      eventBusName: names.eventBus,
      description: `Guichet domain events (${props.settings.stage})`,
    });
    // Every event, replayable for 30 days: a consumer fixed after an incident can catch up.
    this.eventBus.archive('Archive', {
      archiveName: names.eventArchive,
      description: 'All Guichet domain events, for replay',
      eventPattern: { account: [this.account] },
      retention: Duration.days(30),
    });

    const ruleArnsByQueue = new Map<string, string[]>();
    const allRuleArns: string[] = [];
    for (const rule of eventRules) {
      const arn = ruleArn(this, names.busRule(rule.name), names.eventBus);
      allRuleArns.push(arn);
      for (const target of rule.targets) {
        if (target.kind !== 'queue') continue;
        ruleArnsByQueue.set(target.name, [...(ruleArnsByQueue.get(target.name) ?? []), arn]);
      }
    }
    for (const schedule of schedules) allRuleArns.push(ruleArn(this, names.scheduleRule(schedule.name)));

    const manifestQueues = new Map<string, ManifestQueue>();
    for (const spec of queues) {
      const managed = new ManifestQueue(this, `Queue-${spec.name}`, spec);
      allowEventBridgeRules(managed.queue, ruleArnsByQueue.get(spec.name) ?? []);
      manifestQueues.set(spec.name, managed);
    }
    for (const queueName of ruleArnsByQueue.keys()) {
      if (!manifestQueues.has(queueName))
        throw new Error(`An event rule targets unknown queue "${queueName}"`);
    }
    this.queues = manifestQueues;

    this.ruleTargetDeadLetterQueue = new DeadLetterQueue(this, 'RuleTargetDeadLetters', 'event rule targets');
    allowEventBridgeRules(this.ruleTargetDeadLetterQueue, allRuleArns);
    this.outboxDeadLetterQueue = new DeadLetterQueue(this, 'OutboxDeadLetters', 'the outbox pipe');

    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log destination; logging its own accesses into itself would log every log delivery, without end.',
    });

    this.objectBucket = new s3.Bucket(this, 'Objects', {
      bucketName: names.objectBucket(this.account, this.region),
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      // `Bucket` implements `IBucket`, but declares `isWebsite` as `boolean | undefined`, which
      // `exactOptionalPropertyTypes` will not widen to the interface's optional `isWebsite?`.
      serverAccessLogsBucket: accessLogs as s3.IBucket,
      serverAccessLogsPrefix: 'objects/',
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(90) },
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSigningKey', {
      description: 'Signs the pagination cursors handed to Guichet API clients',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.cursorSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The cursor signing key has no credential on the other side to rotate in step; rotating it only invalidates the pagination cursors clients hold, so it is rotated by hand (docs/infra.md) rather than on a schedule.',
    });

    // Queues and dead-letter queues too: deleting the stack must not drop messages in flight.
    RemovalPolicies.of(this).retain();
    limitResourceCount(this);
  }
}
