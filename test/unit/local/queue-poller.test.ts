/**
 * Queue targets and the local SQS event source mapping, against a real fauxqs and the real SQS
 * client: Lambda's partial-batch semantics, redelivery after the visibility timeout, and the
 * dead-letter queue after `maxReceiveCount`.
 */
import { createHash } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { QueueSpec } from '../../../infra/manifest.ts';
import { startLocalEventBus } from '../../../local/event-bus/local-event-bus.ts';
import {
  createLocalSqsClient,
  createQueuesWithDeadLetters,
  type LocalQueue,
  type QueuePoller,
  type SqsBatchConsumer,
  sendEventToQueue,
  startQueuePoller,
} from '../../../local/event-bus/queue-delivery.ts';
import { createTargetDeliverer } from '../../../local/event-bus/target-delivery.ts';

let server: FauxqsServer;
let sqs: SQSClient;
let queueCounter = 0;

beforeAll(async () => {
  server = await startFauxqs({ port: 0, logger: false });
  sqs = createLocalSqsClient(server.address, 'eu-west-3');
});

afterAll(async () => {
  sqs.destroy();
  await server.stop();
});

const stoppers: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(stoppers.splice(0).map((resource) => resource.stop()));
});

/** A fresh queue per test (fauxqs is shared), with a short visibility timeout to keep tests fast. */
const freshQueue = async (
  overrides: Partial<QueueSpec> = {},
): Promise<{ spec: QueueSpec; queue: LocalQueue }> => {
  queueCounter += 1;
  const spec: QueueSpec = {
    name: `test-queue-${queueCounter}`,
    consumer: 'notifyRequester',
    batchSize: 10,
    visibilityTimeoutSeconds: 1,
    maxConcurrency: 1,
    maxReceiveCount: 3,
    ...overrides,
  };
  const created = await createQueuesWithDeadLetters(sqs, [spec]);
  const queue = created[spec.name];
  if (queue === undefined) throw new Error('queue not created');
  return { spec, queue };
};

const poll = async (spec: QueueSpec, queue: LocalQueue, consumer: SqsBatchConsumer): Promise<QueuePoller> => {
  const poller = await startQueuePoller({
    sqs,
    queueUrl: queue.queueUrl,
    batchSize: spec.batchSize,
    visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds,
    maxConcurrency: spec.maxConcurrency,
    consumer,
    log: () => undefined,
  });
  stoppers.push(poller);
  return poller;
};

const send = async (queueUrl: string, body: string): Promise<void> => {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: body,
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
    }),
  );
};

const until = async (condition: () => boolean, timeoutMs = 5000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const queueDepth = (name: string): number => {
  const state = server.inspectQueue(name);
  if (state === undefined) throw new Error(`no queue ${name}`);
  return state.messages.ready.length + state.messages.inflight.length + state.messages.delayed.length;
};

const bodiesOf = (records: readonly SQSRecord[]): string[] => records.map((record) => record.body);

describe('createQueuesWithDeadLetters', () => {
  it('creates the queue and its -dlq wired by a RedrivePolicy with maxReceiveCount', async () => {
    const { queue } = await freshQueue({ maxReceiveCount: 4, visibilityTimeoutSeconds: 7 });

    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queue.queueUrl, AttributeNames: ['All'] }),
    );

    expect(queue.deadLetterQueueName).toBe(`${queue.name}-dlq`);
    expect(queue.queueArn).toBe(`arn:aws:sqs:eu-west-3:000000000000:${queue.name}`);
    expect(Attributes?.VisibilityTimeout).toBe('7');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: queue.deadLetterQueueArn,
      maxReceiveCount: '4',
    });
  });
});

describe('startQueuePoller (Lambda SQS event source mapping)', () => {
  it('holds up to maxConcurrency batches in flight at once, and no more', async () => {
    const { spec, queue } = await freshQueue({ batchSize: 1, maxConcurrency: 3 });
    let inFlight = 0;
    let mostInFlight = 0;
    let handled = 0;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    await poll(spec, queue, async () => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await released;
      inFlight -= 1;
      handled += 1;
    });

    for (let index = 0; index < 5; index += 1) await send(queue.queueUrl, `{"n":${index}}`);
    await until(() => inFlight === 3);
    // Two messages wait: every poller holds a batch.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inFlight).toBe(3);
    release();
    await until(() => handled === 5);
    expect(mostInFlight).toBe(3);
    await until(() => queueDepth(queue.name) === 0);
  });

  it('hands the consumer a Lambda SQSEvent and deletes the batch when it returns nothing', async () => {
    const { spec, queue } = await freshQueue();
    const batches: SQSEvent[] = [];
    await poll(spec, queue, async (event) => {
      batches.push(event);
    });

    await send(queue.queueUrl, '{"hello":"world"}');
    await until(() => batches.length === 1);
    await until(() => queueDepth(queue.name) === 0);

    const record = batches[0]?.Records[0];
    expect(record).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: '{"hello":"world"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d+$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d+$/),
      },
      messageAttributes: {
        kind: { dataType: 'String', stringValue: 'test', stringListValues: [], binaryListValues: [] },
      },
      md5OfBody: createHash('md5').update('{"hello":"world"}').digest('hex'),
      md5OfMessageAttributes: expect.any(String),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.queueArn,
      awsRegion: 'eu-west-3',
    });
  });

  it('redelivers only the records reported in batchItemFailures', async () => {
    const { spec, queue } = await freshQueue();
    const seen: SQSRecord[] = [];
    await poll(spec, queue, async (event): Promise<SQSBatchResponse> => {
      seen.push(...event.Records);
      const failing = event.Records.filter(
        (record) => record.body === 'bad' && record.attributes.ApproximateReceiveCount === '1',
      );
      return { batchItemFailures: failing.map((record) => ({ itemIdentifier: record.messageId })) };
    });

    for (const body of ['good-1', 'bad', 'good-2']) await send(queue.queueUrl, body);
    await until(() => bodiesOf(seen).filter((body) => body === 'bad').length === 2);
    await until(() => queueDepth(queue.name) === 0);

    expect(bodiesOf(seen).sort()).toEqual(['bad', 'bad', 'good-1', 'good-2']);
    expect(
      seen
        .filter((record) => record.body === 'bad')
        .map((record) => record.attributes.ApproximateReceiveCount),
    ).toEqual(['1', '2']);
  });

  it('redelivers the whole batch when the consumer throws', async () => {
    const { spec, queue } = await freshQueue();
    const seen: SQSRecord[] = [];
    await poll(spec, queue, async (event) => {
      seen.push(...event.Records);
      if (seen.length === 1) throw new Error('handler crashed');
    });

    await send(queue.queueUrl, 'crash-once');
    await until(() => seen.length === 2);
    await until(() => queueDepth(queue.name) === 0);

    expect(seen.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it('fails the whole batch when batchItemFailures names an id outside the batch', async () => {
    const { spec, queue } = await freshQueue();
    const seen: SQSRecord[] = [];
    await poll(spec, queue, async (event): Promise<SQSBatchResponse> => {
      seen.push(...event.Records);
      return seen.length === 1
        ? { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] }
        : { batchItemFailures: [] };
    });

    await send(queue.queueUrl, 'only');
    await until(() => seen.length === 2);
    await until(() => queueDepth(queue.name) === 0);

    expect(seen.map((record) => record.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);
  });

  it('moves a record that always fails to the DLQ after maxReceiveCount receives', async () => {
    const { spec, queue } = await freshQueue({ maxReceiveCount: 2 });
    const receiveCounts: string[] = [];
    await poll(spec, queue, async (event): Promise<SQSBatchResponse> => {
      receiveCounts.push(...event.Records.map((record) => record.attributes.ApproximateReceiveCount));
      return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
    });

    await send(queue.queueUrl, 'poison');
    await until(() => queueDepth(queue.deadLetterQueueName) === 1, 8000);

    expect(receiveCounts).toEqual(['1', '2']);
    expect(queueDepth(queue.name)).toBe(0);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.deadLetterQueueUrl }));
    expect(Messages?.map((message) => message.Body)).toEqual(['poison']);
  });

  it('stops promptly while long-polling an empty queue', async () => {
    const { spec, queue } = await freshQueue();
    const poller = await startQueuePoller({
      sqs,
      queueUrl: queue.queueUrl,
      batchSize: spec.batchSize,
      visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds,
      waitTimeSeconds: 20,
      consumer: async () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));

    const started = performance.now();
    await poller.stop();

    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('bus → queue target → poller', () => {
  it('carries a PutEvents entry to the consumer as the JSON EventBridge event', async () => {
    const { spec, queue } = await freshQueue();
    const bus = await startLocalEventBus({
      busName: 'guichet-test',
      rules: [
        {
          name: 'to-queue',
          description: 'test',
          pattern: { source: ['guichet'] },
          targets: [{ kind: 'queue', name: spec.name }],
        },
      ],
      deliver: createTargetDeliverer({
        sqs,
        queueUrls: { [spec.name]: queue.queueUrl },
        invokeFunction: async () => undefined,
      }),
      retryBaseDelayMs: 5,
    });
    stoppers.push(bus);
    const bodies: unknown[] = [];
    await poll(spec, queue, async (event) => {
      bodies.push(...event.Records.map((record) => JSON.parse(record.body)));
    });

    const result = await new EventBridgeClient({
      endpoint: bus.url,
      region: 'eu-west-3',
      credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    }).send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: 'guichet-test', Source: 'guichet', DetailType: 'TicketCreated', Detail: '{"n":1}' },
        ],
      }),
    );
    await until(() => bodies.length === 1);

    expect(bodies[0]).toEqual(
      expect.objectContaining({ id: result.Entries?.[0]?.EventId, detail: { n: 1 } }),
    );
  });

  it('fails the delivery (so the bus retries) for a queue that does not exist', async () => {
    const deliver = createTargetDeliverer({ sqs, queueUrls: {}, invokeFunction: async () => undefined });
    await expect(
      deliver(
        { kind: 'queue', name: 'missing' },
        {
          version: '0',
          id: 'x',
          'detail-type': 'T',
          source: 's',
          account: '000000000000',
          time: '2024-01-01T00:00:00Z',
          region: 'eu-west-3',
          resources: [],
          detail: {},
        },
      ),
    ).rejects.toThrow(/missing/);
  });

  it('sendEventToQueue puts the event JSON as the message body', async () => {
    const { queue } = await freshQueue();
    const event = {
      version: '0',
      id: 'evt-1',
      'detail-type': 'TicketCreated',
      source: 'guichet',
      account: '000000000000',
      time: '2024-01-01T00:00:00Z',
      region: 'eu-west-3',
      resources: [],
      detail: { ticketId: 't-1' },
    };

    await sendEventToQueue(sqs, queue.queueUrl, event);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl }));

    expect(JSON.parse(Messages?.[0]?.Body ?? 'null')).toEqual(event);
  });
});
