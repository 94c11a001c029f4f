/**
 * The outbox relay: the table's stream → EventBridge Pipes → the bus. A handler commits a state
 * change and its events in one `TransactWriteItems` (the item plus an `OUTBOX` item); the pipe
 * forwards only the inserts of outbox items, so an event is published if and only if its state
 * change was committed. Delivery is at least once; consumers deduplicate.
 *
 * An outbox item carries `entityType = 'OUTBOX'`, `source`, `detailType` and `detail` (the event
 * detail as a JSON string); the target's input template passes that string through as the detail.
 */
import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_ENTITY_TYPE } from '../../shared/adapters/dynamodb/keys.ts';

/** Only newly inserted outbox items: updates and TTL deletions of them are not events. */
export const OUTBOX_FILTER_PATTERN = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entityType: { S: [OUTBOX_ENTITY_TYPE] } } },
} as const;

/** JSON paths into the stream record, resolved by Pipes for each event. */
export const OUTBOX_TARGET = {
  detailType: '$.dynamodb.NewImage.detailType.S',
  source: '$.dynamodb.NewImage.source.S',
  /** A bare path, not JSON: the template's output is the attribute's text, i.e. the detail JSON. */
  inputTemplate: '<$.dynamodb.NewImage.detail.S>',
} as const;

export interface OutboxPipeProps {
  readonly pipeName: string;
  readonly table: dynamodb.Table;
  readonly eventBus: events.EventBus;
  readonly deadLetterQueue: sqs.IQueue;
}

export class OutboxPipe extends Construct {
  readonly pipe: pipes.CfnPipe;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: OutboxPipeProps) {
    super(scope, id);
    const streamArn = props.table.tableStreamArn;
    if (streamArn === undefined) throw new Error('The outbox pipe needs the table stream');

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'Guichet outbox pipe: reads the table stream, publishes to the bus',
      inlinePolicies: {
        OutboxRelay: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'ReadTableStream',
              actions: [
                'dynamodb:DescribeStream',
                'dynamodb:GetRecords',
                'dynamodb:GetShardIterator',
                'dynamodb:ListStreams',
              ],
              resources: [streamArn],
            }),
            new iam.PolicyStatement({
              sid: 'PublishEvents',
              actions: ['events:PutEvents'],
              resources: [props.eventBus.eventBusArn],
            }),
            new iam.PolicyStatement({
              sid: 'DeadLetters',
              actions: ['sqs:SendMessage'],
              resources: [props.deadLetterQueue.queueArn],
            }),
          ],
        }),
      },
    });
    logGroup.grantWrite(this.role);

    this.pipe = new pipes.CfnPipe(this, 'Pipe', {
      name: props.pipeName,
      description: 'Relays committed outbox items from the table stream to the Guichet bus',
      roleArn: this.role.roleArn,
      source: streamArn,
      sourceParameters: {
        filterCriteria: { filters: [{ pattern: JSON.stringify(OUTBOX_FILTER_PATTERN) }] },
        dynamoDbStreamParameters: {
          // From the oldest record the stream still holds: a re-created pipe re-delivers (and
          // consumers deduplicate) rather than silently skipping what happened meanwhile.
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: 10,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
        },
      },
      target: props.eventBus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { detailType: OUTBOX_TARGET.detailType, source: OUTBOX_TARGET.source },
        inputTemplate: OUTBOX_TARGET.inputTemplate,
      },
      logConfiguration: {
        level: 'ERROR',
        cloudwatchLogsLogDestination: { logGroupArn: logGroup.logGroupArn },
      },
    });
    // The role's policy must exist before the pipe validates its access to the stream.
    this.pipe.node.addDependency(this.role);
  }
}
