/**
 * SQS queues the way Guichet uses them: encrypted at rest (SSE-SQS, which EventBridge can send
 * to without a customer key), TLS only, and either backed by a dead-letter queue or being one.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DeployedQueue } from '../stacks/deployment-manifest.ts';

/** Dead letters are kept as long as SQS allows, so an incident can be replayed after a weekend. */
const DEAD_LETTER_RETENTION = Duration.days(14);

const secureDefaults = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;

/** A queue that is itself a dead-letter queue (of a queue, a pipe or a rule target). */
export class DeadLetterQueue extends sqs.Queue {
  constructor(scope: Construct, id: string, purpose: string) {
    super(scope, id, { ...secureDefaults, retentionPeriod: DEAD_LETTER_RETENTION });
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is the dead-letter queue for ${purpose}; a dead-letter queue of its own would only move the same messages one hop further, and its depth is alarmed instead.`,
    });
  }
}

/** A manifest queue and its dead-letter queue, redriven after `maxReceiveCount` deliveries. */
export class ManifestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: DeadLetterQueue;
  readonly spec: DeployedQueue;

  constructor(scope: Construct, id: string, spec: DeployedQueue) {
    super(scope, id);
    this.spec = spec;
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', `the ${spec.name} queue`);
    this.queue = new sqs.Queue(this, 'Queue', {
      ...secureDefaults,
      visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
  }
}

/**
 * Lets exactly these EventBridge rules send to the queue. The rule ARNs are computed from
 * their deterministic names, not referenced, so the queue's stack does not depend on the rules'.
 */
export const allowEventBridgeRules = (queue: sqs.Queue, ruleArns: readonly string[]): void => {
  if (ruleArns.length === 0) return;
  queue.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowGuichetRules',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
    }),
  );
};
