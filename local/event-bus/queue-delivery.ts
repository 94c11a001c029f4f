/**
 * SQS on the local stack, both sides of it: the bus's queue targets (an event becomes a message,
 * its body the JSON event, as EventBridge sends it) and the Lambda SQS event source mapping (a
 * poller that hands batches to a consumer with Lambda's partial-batch-failure semantics).
 * Everything goes through the real `@aws-sdk/client-sqs`, so it runs against fauxqs or AWS alike.
 */
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type {
  EventBridgeEvent,
  SQSBatchResponse,
  SQSEvent,
  SQSMessageAttributes,
  SQSRecord,
} from 'aws-lambda';
import { z } from 'zod';
import type { QueueSpec } from '../../infra/manifest.ts';

/** Lambda's SQS handler contract: a batch in, optionally the ids of the records that failed out. */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` lets plain `async () => {}` handlers be consumers, as in aws-lambda's SQSHandler.
export type SqsBatchConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | void>;

/** Where the poller reports failures nobody awaits. */
export type PollerLogger = (message: string, details: Readonly<Record<string, unknown>>) => void;

/** A queue created with its dead-letter queue. */
export interface LocalQueue {
  readonly name: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueName: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
}

/** SQS's longest retention: dead letters wait for a human. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 60 * 60;
/** ReceiveMessage returns at most 10 messages; Lambda's larger batches need a batching window we do not emulate. */
const MAX_RECEIVE_BATCH = 10;
const DEFAULT_WAIT_TIME_SECONDS = 1;
const RECEIVE_ERROR_BACKOFF_MS = 250;

/** Any credentials do for the local emulator; the region is what ends up in ARNs. */
export const createLocalSqsClient = (endpoint: string, region = 'us-east-1'): SQSClient =>
  new SQSClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

/** The dead-letter queue's name for a queue of the manifest. */
export const deadLetterQueueName = (queueName: string): string => `${queueName}-dlq`;

const queueArnOf = async (sqs: SQSClient, queueUrl: string): Promise<string> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new Error(`queue ${queueUrl} reported no QueueArn`);
  return arn;
};

const createQueue = async (
  sqs: SQSClient,
  name: string,
  attributes: Readonly<Record<string, string>>,
): Promise<{ readonly queueUrl: string; readonly queueArn: string }> => {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: { ...attributes } }),
  );
  if (QueueUrl === undefined) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
  return { queueUrl: QueueUrl, queueArn: await queueArnOf(sqs, QueueUrl) };
};

/**
 * Creates each queue of the manifest and its `<name>-dlq`, wired by a `RedrivePolicy` with the
 * spec's `maxReceiveCount`. fauxqs 1.9.2 honours RedrivePolicy the way SQS does (on the receive
 * that pushes `ApproximateReceiveCount` past `maxReceiveCount`, the message moves to the DLQ
 * instead of being returned), so the poller does not have to. Idempotent for identical specs.
 *
 * @returns the created queues by manifest name.
 */
export const createQueuesWithDeadLetters = async (
  sqs: SQSClient,
  queues: readonly QueueSpec[],
): Promise<Readonly<Record<string, LocalQueue>>> => {
  const created: Record<string, LocalQueue> = {};
  for (const spec of queues) {
    const dlqName = deadLetterQueueName(spec.name);
    const deadLetter = await createQueue(sqs, dlqName, {
      MessageRetentionPeriod: String(DEAD_LETTER_RETENTION_SECONDS),
    });
    const queue = await createQueue(sqs, spec.name, {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: deadLetter.queueArn,
        maxReceiveCount: String(spec.maxReceiveCount),
      }),
    });
    created[spec.name] = {
      name: spec.name,
      queueUrl: queue.queueUrl,
      queueArn: queue.queueArn,
      deadLetterQueueName: dlqName,
      deadLetterQueueUrl: deadLetter.queueUrl,
      deadLetterQueueArn: deadLetter.queueArn,
    };
  }
  return created;
};

/** Sends an event to a queue the way an EventBridge SQS target does: the whole JSON event as the body. */
export const sendEventToQueue = async (
  sqs: SQSClient,
  queueUrl: string,
  event: EventBridgeEvent<string, unknown>,
): Promise<void> => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(event) }));
};

const toLambdaMessageAttributes = (
  attributes: Readonly<Record<string, MessageAttributeValue>> | undefined,
): SQSMessageAttributes => {
  const converted: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    converted[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((binary) =>
        Buffer.from(binary).toString('base64'),
      ),
      ...(value.StringValue === undefined ? {} : { stringValue: value.StringValue }),
      ...(value.BinaryValue === undefined
        ? {}
        : { binaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
    };
  }
  return converted;
};

/** Builds the record Lambda's event source mapping would hand a function for one received message. */
const toSqsRecord = (message: Message, eventSourceARN: string, awsRegion: string): SQSRecord | undefined => {
  const { MessageId, ReceiptHandle, Body, MD5OfBody } = message;
  if (MessageId === undefined || ReceiptHandle === undefined || Body === undefined) return undefined;
  const system = message.Attributes ?? {};
  const optional = (
    name: 'AWSTraceHeader' | 'SequenceNumber' | 'MessageGroupId' | 'MessageDeduplicationId',
  ) => {
    const value = system[name];
    return value === undefined ? {} : { [name]: value };
  };
  return {
    messageId: MessageId,
    receiptHandle: ReceiptHandle,
    body: Body,
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? String(Date.now()),
      SenderId: system.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...optional('AWSTraceHeader'),
      ...optional('SequenceNumber'),
      ...optional('MessageGroupId'),
      ...optional('MessageDeduplicationId'),
    },
    messageAttributes: toLambdaMessageAttributes(message.MessageAttributes),
    md5OfBody: MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes === undefined
      ? {}
      : { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion,
  };
};

const batchResponseSchema = z
  .object({
    batchItemFailures: z.array(z.object({ itemIdentifier: z.string().min(1) })).nullish(),
  })
  .nullish();

/**
 * The message ids to delete after a batch, with Lambda's `ReportBatchItemFailures` rules: no
 * response (or no / an empty failure list) means all succeeded; a response that does not parse,
 * or names an id that is not in the batch, fails the whole batch.
 */
const succeededMessageIds = (records: readonly SQSRecord[], response: unknown): ReadonlySet<string> => {
  const batchIds = new Set(records.map((record) => record.messageId));
  const parsed = batchResponseSchema.safeParse(response);
  if (!parsed.success) return new Set();
  const failures = parsed.data?.batchItemFailures ?? [];
  const failedIds = new Set(failures.map((failure) => failure.itemIdentifier));
  if ([...failedIds].some((id) => !batchIds.has(id))) return new Set();
  return new Set([...batchIds].filter((id) => !failedIds.has(id)));
};

/** One event source mapping: which queue feeds which consumer, in batches of what size. */
export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  /** Messages per consumer call (at most 10 locally). */
  readonly batchSize: number;
  /** How long a received message stays hidden; a failed one reappears after it. */
  readonly visibilityTimeoutSeconds: number;
  readonly consumer: SqsBatchConsumer;
  /** Long-poll duration; short, so that `stop()` is prompt. */
  readonly waitTimeSeconds?: number;
  /**
   * Batches handed to the consumer at the same time, as the mapping's `maxConcurrency` allows
   * in AWS (where Lambda starts with five pollers); 1 when absent.
   */
  readonly maxConcurrency?: number;
  readonly log?: PollerLogger;
}

/** A running event source mapping. */
export interface QueuePoller {
  /** Batches handed to the consumer so far. */
  readonly batchCount: number;
  /** Stops polling; resolves once the batch in hand (if any) is finished. */
  stop(): Promise<void>;
}

const defaultPollerLog: PollerLogger = (message, details) => {
  console.error(JSON.stringify({ level: 'ERROR', component: 'local-queue-poller', message, ...details }));
};

const isAbort = (error: unknown): boolean => error instanceof Error && error.name === 'AbortError';

/**
 * Starts polling `queueUrl` and feeding batches to `consumer` as Lambda's SQS event source mapping
 * does, up to `maxConcurrency` batches at a time. Messages that succeed are deleted; the rest stay in flight until
 * their visibility timeout lapses, then reappear (and, past `maxReceiveCount`, go to the DLQ).
 */
export const startQueuePoller = async (options: QueuePollerOptions): Promise<QueuePoller> => {
  const { sqs, queueUrl, consumer } = options;
  const log = options.log ?? defaultPollerLog;
  const eventSourceARN = await queueArnOf(sqs, queueUrl);
  const awsRegion = await sqs.config.region();
  const stopping = new AbortController();
  let batchCount = 0;

  const deleteMessages = async (records: readonly SQSRecord[]): Promise<void> => {
    for (let start = 0; start < records.length; start += MAX_RECEIVE_BATCH) {
      const chunk = records.slice(start, start + MAX_RECEIVE_BATCH);
      const { Failed } = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      if (Failed !== undefined && Failed.length > 0)
        log('deleting consumed messages failed', { queueUrl, Failed });
    }
  };

  const processBatch = async (messages: readonly Message[]): Promise<void> => {
    const records = messages.flatMap((message) => toSqsRecord(message, eventSourceARN, awsRegion) ?? []);
    if (records.length === 0) return;
    batchCount += 1;
    let response: unknown;
    try {
      response = await consumer({ Records: records });
    } catch (error) {
      // As with Lambda, a thrown batch is left whole to the visibility timeout.
      log('queue consumer failed; the batch will be received again', {
        queueUrl,
        messageIds: records.map((record) => record.messageId),
        error: error instanceof Error ? error.message : String(error),
      });
      return;
    }
    const succeeded = succeededMessageIds(records, response);
    if (succeeded.size < records.length) {
      log('queue consumer reported failures; they will be received again', {
        queueUrl,
        failedMessageIds: records
          .filter((record) => !succeeded.has(record.messageId))
          .map((record) => record.messageId),
      });
    }
    await deleteMessages(records.filter((record) => succeeded.has(record.messageId)));
  };

  const pollLoop = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        const { Messages } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(Math.max(1, options.batchSize), MAX_RECEIVE_BATCH),
            VisibilityTimeout: options.visibilityTimeoutSeconds,
            WaitTimeSeconds: options.waitTimeSeconds ?? DEFAULT_WAIT_TIME_SECONDS,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        // Messages received by a poll that stop() aborted are simply not handled: they reappear
        // after their visibility timeout, as they would after a crashed Lambda poller.
        if (Messages !== undefined && Messages.length > 0) await processBatch(Messages);
      } catch (error) {
        if (stopping.signal.aborted || isAbort(error)) return;
        log('polling the queue failed; retrying', {
          queueUrl,
          error: error instanceof Error ? error.message : String(error),
        });
        await new Promise((resolve) => setTimeout(resolve, RECEIVE_ERROR_BACKOFF_MS));
      }
    }
  };

  const loop = Promise.all(
    Array.from({ length: Math.max(1, options.maxConcurrency ?? 1) }, () => pollLoop()),
  );
  return {
    get batchCount() {
      return batchCount;
    },
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
};
