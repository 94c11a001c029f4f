/**
 * The manifest's EventBridge rules and schedules. Patterns go to EventBridge verbatim (the local
 * bus matches the very same objects); targets are manifest functions or manifest queues, each
 * with retries and the rule-target dead-letter queue for what still fails.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RuleSpec, RuleTarget } from '../../events/rules.ts';
import type { DeployedSchedule } from '../stacks/deployment-manifest.ts';
import type { GuichetFunction } from './guichet-function.ts';

export interface EventRoutingProps {
  readonly eventBus: events.IEventBus;
  readonly rules: readonly RuleSpec[];
  readonly schedules: readonly DeployedSchedule[];
  readonly functionNamed: (name: string) => GuichetFunction;
  /**
   * Manifest queues by name, as imported references: the queues' own stack already allows these
   * rules to send, and a real reference would have CDK write a policy back into that stack.
   */
  readonly queueNamed: (name: string) => sqs.IQueue;
  readonly deadLetterQueue: sqs.IQueue;
  readonly busRuleName: (ruleName: string) => string;
  readonly scheduleRuleName: (scheduleName: string) => string;
}

/** EventBridge retries with backoff for up to this long before giving up to the dead letters. */
const TARGET_RETRY = { retryAttempts: 8, maxEventAge: Duration.hours(6) } as const;

export class EventRouting extends Construct {
  readonly rules: ReadonlyMap<string, events.Rule>;
  readonly #props: EventRoutingProps;

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    this.#props = props;
    const rules = new Map<string, events.Rule>();

    for (const spec of props.rules) {
      const rule = new events.Rule(this, `Rule-${spec.name}`, {
        ruleName: props.busRuleName(spec.name),
        description: spec.description,
        eventBus: props.eventBus,
        // The manifest's pattern is free-form JSON in the EventBridge syntax; CDK passes unknown
        // keys (`detail-type`, nested `detail`) through to the template unchanged.
        eventPattern: spec.pattern as events.EventPattern,
        targets: spec.targets.map((target) => this.#target(target)),
      });
      rules.set(spec.name, rule);
    }

    for (const schedule of props.schedules) {
      const rule = new events.Rule(this, `Schedule-${schedule.name}`, {
        ruleName: props.scheduleRuleName(schedule.name),
        description: `Runs ${schedule.function} every ${schedule.rateMinutes} minute(s)`,
        schedule: events.Schedule.rate(Duration.minutes(schedule.rateMinutes)),
        targets: [this.#target({ kind: 'function', name: schedule.function })],
      });
      rules.set(`schedule:${schedule.name}`, rule);
    }
    this.rules = rules;
  }

  #target(target: RuleTarget): events.IRuleTarget {
    const delivery = { ...TARGET_RETRY, deadLetterQueue: this.#props.deadLetterQueue };
    return target.kind === 'function'
      ? new targets.LambdaFunction(this.#props.functionNamed(target.name).function, delivery)
      : new targets.SqsQueue(this.#props.queueNamed(target.name), delivery);
  }
}
