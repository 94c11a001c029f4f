/**
 * The alarms an operator must hear about: any message in a dead-letter queue (an event or a job
 * was given up on) and any function error. They notify one encrypted SNS topic; subscribing a
 * pager or a chat channel to it is a deployment concern, not part of the app.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { GuichetFunction } from './guichet-function.ts';

export class OperationalAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly #action: actions.SnsAction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // CloudWatch cannot publish to a topic encrypted with the AWS managed SNS key, so the topic
    // gets its own key whose policy lets CloudWatch use it.
    const key = new kms.Key(this, 'TopicKey', {
      description: 'Encrypts the Guichet alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Guichet alarms',
      masterKey: key,
      enforceSSL: true,
    });
    this.#action = new actions.SnsAction(this.topic);
  }

  /** Alarms as soon as one message sits in the dead-letter queue. */
  onDeadLetters(id: string, queue: sqs.IQueue, what: string): cloudwatch.Alarm {
    return this.#alarm(
      id,
      queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      `Messages in the dead-letter queue of ${what}: inspect, fix, then redrive`,
    );
  }

  /** Alarms on any invocation error of the function. */
  onErrors(id: string, fn: GuichetFunction, name: string): cloudwatch.Alarm {
    return this.#alarm(
      id,
      fn.function.metricErrors({ period: Duration.minutes(1), statistic: 'Sum' }),
      `Function ${name} reported errors`,
    );
  }

  #alarm(id: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      alarmDescription: description,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.#action);
    return alarm;
  }
}
