/**
 * The event wiring of the stage: the manifest's rules on the bus, the schedules, and the outbox
 * pipe from the table stream to the bus. Rules target functions of the HTTP and workers stacks
 * (the invoke permissions live here, with the rules), so this stack follows them.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { EventRouting } from '../constructs/event-routing.ts';
import type { GuichetFunction } from '../constructs/guichet-function.ts';
import { OutboxPipe } from '../constructs/outbox-pipe.ts';
import type { DeploymentManifest } from './deployment-manifest.ts';
import { type DeploymentSettings, resourceNames } from './deployment-settings.ts';
import { limitResourceCount } from './stack-layout.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface EventsStackProps extends StackProps {
  readonly settings: DeploymentSettings;
  readonly manifest: DeploymentManifest;
  readonly stateful: StatefulResources;
  readonly functionNamed: (name: string) => GuichetFunction;
}

export class EventsStack extends Stack {
  readonly eventRouting: EventRouting;
  readonly outboxPipe: OutboxPipe;

  constructor(scope: Construct, id: string, props: EventsStackProps) {
    super(scope, id, props);
    const { stateful, manifest } = props;
    const names = resourceNames(props.settings.stage);

    const importedQueues = new Map<string, sqs.IQueue>();
    this.eventRouting = new EventRouting(this, 'EventRouting', {
      eventBus: events.EventBus.fromEventBusArn(this, 'EventBus', stateful.eventBus.eventBusArn),
      rules: manifest.eventRules,
      schedules: manifest.schedules,
      functionNamed: props.functionNamed,
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
    limitResourceCount(this);
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
