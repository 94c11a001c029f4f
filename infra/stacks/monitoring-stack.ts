/**
 * Alarms and their topic, in a stack of their own: they watch the stateful queues and the
 * functions of every function stack, so this stack comes last (one alarm per function keeps it
 * far under CloudFormation's 500-resource limit for hundreds of functions).
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { GuichetFunction } from '../constructs/guichet-function.ts';
import { OperationalAlarms } from '../constructs/operational-alarms.ts';
import { limitResourceCount } from './stack-layout.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface MonitoringStackProps extends StackProps {
  readonly stateful: StatefulStack;
  /** Every manifest function, whichever stack holds it. */
  readonly functions: ReadonlyMap<string, GuichetFunction>;
}

export class MonitoringStack extends Stack {
  readonly alarms: OperationalAlarms;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { stateful } = props;
    this.alarms = new OperationalAlarms(this, 'Alarms');
    for (const [name, managed] of stateful.queues) {
      this.alarms.onDeadLetters(`DeadLetters-${name}`, managed.deadLetterQueue, `the ${name} queue`);
    }
    this.alarms.onDeadLetters(
      'DeadLetters-RuleTargets',
      stateful.ruleTargetDeadLetterQueue,
      'event rule targets',
    );
    this.alarms.onDeadLetters('DeadLetters-Outbox', stateful.outboxDeadLetterQueue, 'the outbox pipe');
    for (const [name, fn] of props.functions) this.alarms.onErrors(`Errors-${name}`, fn, name);
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    limitResourceCount(this);
  }
}
