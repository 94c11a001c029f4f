/**
 * The local bus's one `deliver` function: routes a rule target of the manifest to the local
 * runtime's function invoker or to the queue of that name on the local SQS.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EventBridgeEvent } from 'aws-lambda';
import type { RuleTarget } from '../../events/rules.ts';
import type { DeliverToTarget } from './local-event-bus.ts';
import { sendEventToQueue } from './queue-delivery.ts';

/** Runs a function of the manifest with an event (the local stand-in for a Lambda invocation). */
export type InvokeFunction = (
  functionName: string,
  event: EventBridgeEvent<string, unknown>,
) => Promise<unknown>;

/** Where queue targets and function targets lead on the local stack. */
export interface TargetDelivererOptions {
  readonly sqs: SQSClient;
  /** Queue URLs by manifest queue name (see `createQueuesWithDeadLetters`). */
  readonly queueUrls: Readonly<Record<string, string>>;
  readonly invokeFunction: InvokeFunction;
}

/**
 * Builds the `deliver` option of `startLocalEventBus`. A function target's error counts as a
 * failed delivery, so the bus retries it; in AWS the retries of an asynchronous invocation are
 * Lambda's instead, but either way the consumer sees the event more than once and must be idempotent.
 *
 * @throws (from the returned function) when the target names a queue that was not created.
 */
export const createTargetDeliverer =
  (options: TargetDelivererOptions): DeliverToTarget =>
  async (target: RuleTarget, event: EventBridgeEvent<string, unknown>): Promise<void> => {
    if (target.kind === 'function') {
      await options.invokeFunction(target.name, event);
      return;
    }
    const queueUrl = options.queueUrls[target.name];
    if (queueUrl === undefined) throw new Error(`rule target queue ${target.name} does not exist locally`);
    await sendEventToQueue(options.sqs, queueUrl, event);
  };
