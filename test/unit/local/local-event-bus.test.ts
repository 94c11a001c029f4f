/**
 * The local bus through the real EventBridge SDK client: PutEvents over HTTP, rule matching,
 * asynchronous delivery with retries and dead letters, fault injection, and the schedules.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBridgeEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import type { RuleSpec, RuleTarget } from '../../../events/rules.ts';
import { type LocalEventBus, startLocalEventBus } from '../../../local/event-bus/local-event-bus.ts';
import { startLocalSchedules } from '../../../local/event-bus/local-schedules.ts';

const BUS_NAME = 'guichet-test';

const ticketRule: RuleSpec = {
  name: 'tickets-to-notifications',
  description: 'test rule',
  pattern: {
    source: ['guichet'],
    'detail-type': ['TicketCreated'],
    detail: { priority: [{ 'anything-but': 'low' }] },
  },
  targets: [{ kind: 'queue', name: 'notifications' }],
};

const auditRule: RuleSpec = {
  name: 'everything-to-audit',
  description: 'test rule',
  pattern: { source: [{ prefix: 'guichet' }] },
  targets: [{ kind: 'function', name: 'audit' }],
};

interface Delivery {
  readonly target: RuleTarget;
  readonly event: EventBridgeEvent<string, unknown>;
}

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((resource) => resource.stop()));
});

const startBus = async (
  deliver: (target: RuleTarget, event: EventBridgeEvent<string, unknown>) => Promise<void>,
  rules: readonly RuleSpec[] = [ticketRule],
): Promise<LocalEventBus> => {
  const bus = await startLocalEventBus({
    busName: BUS_NAME,
    rules,
    deliver,
    port: 0,
    retryBaseDelayMs: 5,
    log: () => undefined,
  });
  running.push(bus);
  return bus;
};

const clientFor = (bus: LocalEventBus, maxAttempts = 3): EventBridgeClient =>
  new EventBridgeClient({
    endpoint: bus.url,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'any', secretAccessKey: 'any' },
    maxAttempts,
  });

const ticketEntry = (priority: string) => ({
  EventBusName: BUS_NAME,
  Source: 'guichet',
  DetailType: 'TicketCreated',
  Detail: JSON.stringify({ ticketId: `t-${priority}`, priority }),
  Resources: ['arn:guichet:ticket/1'],
});

describe('local event bus: PutEvents through the real SDK', () => {
  it('answers with event ids and delivers matching events, and only those, after responding', async () => {
    const deliveries: Delivery[] = [];
    const bus = await startBus(async (target, event) => {
      deliveries.push({ target, event });
    });

    const result = await clientFor(bus).send(
      new PutEventsCommand({ Entries: [ticketEntry('high'), ticketEntry('low')] }),
    );

    expect(result.FailedEntryCount).toBe(0);
    const ids = (result.Entries ?? []).map((entry) => entry.EventId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
    await bus.idle();
    expect(deliveries).toHaveLength(1);
    const [delivery] = deliveries;
    expect(delivery?.target).toEqual({ kind: 'queue', name: 'notifications' });
    expect(delivery?.event).toEqual({
      version: '0',
      id: ids[0],
      'detail-type': 'TicketCreated',
      source: 'guichet',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'eu-west-3',
      resources: ['arn:guichet:ticket/1'],
      detail: { ticketId: 't-high', priority: 'high' },
    });
    expect(bus.deliveredCount).toBe(1);
    expect(bus.events().map((event) => event.id)).toEqual(ids);
  });

  it('answers PutEvents without waiting for the targets', async () => {
    let release: () => void = () => undefined;
    const targetDone = new Promise<void>((resolve) => {
      release = resolve;
    });
    let deliveryStarted = false;
    const bus = await startBus(async () => {
      deliveryStarted = true;
      await targetDone;
    });

    const result = await clientFor(bus).send(new PutEventsCommand({ Entries: [ticketEntry('high')] }));

    expect(result.FailedEntryCount).toBe(0);
    expect(bus.deliveredCount).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deliveryStarted).toBe(true);
    release();
    await bus.idle();
    expect(bus.deliveredCount).toBe(1);
  });

  it('delivers one event to the targets of every rule it matches', async () => {
    const deliveries: Delivery[] = [];
    const bus = await startBus(
      async (target, event) => {
        deliveries.push({ target, event });
      },
      [ticketRule, auditRule],
    );

    await clientFor(bus).send(new PutEventsCommand({ Entries: [ticketEntry('high')] }));
    await bus.idle();

    expect(deliveries.map((delivery) => delivery.target.name).sort()).toEqual(['audit', 'notifications']);
  });

  it('accepts the bus ARN as EventBusName and takes Time from the entry', async () => {
    const deliveries: Delivery[] = [];
    const bus = await startBus(async (target, event) => {
      deliveries.push({ target, event });
    });

    await clientFor(bus).send(
      new PutEventsCommand({
        Entries: [
          {
            ...ticketEntry('high'),
            EventBusName: `arn:aws:events:eu-west-3:000000000000:event-bus/${BUS_NAME}`,
            Time: new Date('2024-03-01T10:20:30Z'),
          },
        ],
      }),
    );
    await bus.idle();

    expect(deliveries[0]?.event.time).toBe('2024-03-01T10:20:30Z');
  });

  it('rejects bad entries one by one, like AWS, and keeps the good ones', async () => {
    const deliveries: Delivery[] = [];
    const bus = await startBus(async (target, event) => {
      deliveries.push({ target, event });
    });

    const result = await clientFor(bus).send(
      new PutEventsCommand({
        Entries: [
          { ...ticketEntry('high'), Detail: '{"ticketId": ' },
          { ...ticketEntry('high'), Detail: '["an", "array"]' },
          { ...ticketEntry('high'), EventBusName: 'some-other-bus' },
          { ...ticketEntry('high'), Source: undefined },
          ticketEntry('urgent'),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(4);
    const entries = result.Entries ?? [];
    expect(entries.map((entry) => entry.ErrorCode)).toEqual([
      'MalformedDetail',
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
      undefined,
    ]);
    expect(entries[4]?.EventId).toEqual(expect.any(String));
    await bus.idle();
    expect(deliveries.map((delivery) => delivery.event.detail)).toEqual([
      { ticketId: 't-urgent', priority: 'urgent' },
    ]);
  });

  it('refuses an entry without EventBusName, which means the default bus', async () => {
    const bus = await startBus(async () => undefined);
    const { EventBusName: _omitted, ...entry } = ticketEntry('high');

    const result = await clientFor(bus).send(new PutEventsCommand({ Entries: [entry] }));

    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorMessage).toMatch(/default/);
  });

  it('answers an unknown operation with an AWS-style 400', async () => {
    const bus = await startBus(async () => undefined);

    const response = await fetch(bus.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSEvents.ListRules', 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      __type: 'UnknownOperationException',
      message: expect.any(String),
    });
  });

  it('rejects more than 10 entries as a whole', async () => {
    const bus = await startBus(async () => undefined);

    const call = clientFor(bus).send(
      new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => ticketEntry('high')) }),
    );

    await expect(call).rejects.toMatchObject({ name: 'ValidationException' });
    expect(bus.events()).toHaveLength(0);
  });
});

describe('local event bus: fault injection', () => {
  it('failPutEvents(n) makes the next n calls fail with InternalException, then recovers', async () => {
    const bus = await startBus(async () => undefined);
    const client = clientFor(bus, 1);
    bus.failPutEvents(1);

    await expect(client.send(new PutEventsCommand({ Entries: [ticketEntry('high')] }))).rejects.toMatchObject(
      {
        name: 'InternalException',
        $metadata: { httpStatusCode: 500 },
      },
    );
    expect(bus.events()).toHaveLength(0);

    const recovered = await client.send(new PutEventsCommand({ Entries: [ticketEntry('high')] }));
    expect(recovered.FailedEntryCount).toBe(0);
    expect(bus.events()).toHaveLength(1);
  });

  it('outlasts the SDK retries when n is at least its maxAttempts', async () => {
    const bus = await startBus(async () => undefined);
    bus.failPutEvents(2);

    await expect(
      clientFor(bus, 2).send(new PutEventsCommand({ Entries: [ticketEntry('high')] })),
    ).rejects.toMatchObject({ name: 'InternalException' });
    expect(bus.events()).toHaveLength(0);
  });
});

describe('local event bus: delivery retries and dead letters', () => {
  it('retries a failing delivery with backoff and delivers it once', async () => {
    let attempts = 0;
    const attemptTimes: number[] = [];
    const delivered: string[] = [];
    const bus = await startBus(async (_target, event) => {
      attempts += 1;
      attemptTimes.push(performance.now());
      if (attempts <= 2) throw new Error(`transient failure ${attempts}`);
      delivered.push(event.id);
    });

    const result = await clientFor(bus).send(new PutEventsCommand({ Entries: [ticketEntry('high')] }));
    await bus.idle();

    expect(attempts).toBe(3);
    expect(delivered).toEqual([result.Entries?.[0]?.EventId]);
    expect(bus.deliveredCount).toBe(1);
    expect(bus.deadLetters).toHaveLength(0);
    const [first = 0, second = 0, third = 0] = attemptTimes;
    // Base delay 5 ms, doubled: the second wait is the longer one.
    expect(second - first).toBeGreaterThanOrEqual(4);
    expect(third - second).toBeGreaterThanOrEqual(9);
  });

  it('dead-letters an event whose delivery keeps failing', async () => {
    let attempts = 0;
    const logged: string[] = [];
    const bus = await startLocalEventBus({
      busName: BUS_NAME,
      rules: [ticketRule],
      deliver: async () => {
        attempts += 1;
        throw new Error('consumer is down');
      },
      maxDeliveryAttempts: 3,
      retryBaseDelayMs: 1,
      log: (message) => logged.push(message),
    });
    running.push(bus);

    const result = await clientFor(bus).send(new PutEventsCommand({ Entries: [ticketEntry('high')] }));
    await bus.idle();

    expect(attempts).toBe(3);
    expect(bus.deliveredCount).toBe(0);
    expect(bus.deadLetters).toEqual([
      {
        ruleName: ticketRule.name,
        target: { kind: 'queue', name: 'notifications' },
        event: expect.objectContaining({ id: result.Entries?.[0]?.EventId }),
        attempts: 3,
        error: 'consumer is down',
        at: expect.any(String),
      },
    ]);
    expect(logged).toEqual(['event delivery failed; dead-lettered']);
  });

  it('stop() cancels pending retries, dead-letters them and resolves promptly', async () => {
    const bus = await startLocalEventBus({
      busName: BUS_NAME,
      rules: [ticketRule],
      deliver: async () => {
        throw new Error('consumer is down');
      },
      retryBaseDelayMs: 10_000,
      log: () => undefined,
    });

    await clientFor(bus).send(new PutEventsCommand({ Entries: [ticketEntry('high')] }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await bus.stop();

    expect(performance.now() - started).toBeLessThan(1000);
    expect(bus.deadLetters).toHaveLength(1);
    expect(bus.deadLetters[0]?.error).toMatch(/stopped/);
  });

  it('keeps only the newest events in its archive', async () => {
    const bus = await startLocalEventBus({
      busName: BUS_NAME,
      rules: [],
      deliver: async () => undefined,
      archiveLimit: 3,
    });
    running.push(bus);
    const client = clientFor(bus);

    for (const priority of ['a', 'b', 'c', 'd', 'e']) {
      await client.send(new PutEventsCommand({ Entries: [ticketEntry(priority)] }));
    }

    expect(bus.events().map((event) => event.detail)).toEqual([
      { ticketId: 't-c', priority: 'c' },
      { ticketId: 't-d', priority: 'd' },
      { ticketId: 't-e', priority: 'e' },
    ]);
  });
});

describe('local schedules', () => {
  it('ticks with a ScheduledEvent and never overlaps two runs of one schedule', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const events: unknown[] = [];
    const schedules = startLocalSchedules(
      [{ name: 'sla-sweeper', function: 'notifyRequester', rateMinutes: 1, localIntervalMs: 20 }],
      async (functionName, event) => {
        events.push({ functionName, event });
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((resolve) => setTimeout(resolve, 70));
        concurrent -= 1;
      },
      { region: 'eu-west-3' },
    );
    running.push(schedules);

    await new Promise((resolve) => setTimeout(resolve, 400));
    await schedules.stop();

    const stats = schedules.stats()['sla-sweeper'];
    expect(maxConcurrent).toBe(1);
    expect(stats?.runs).toBeGreaterThanOrEqual(3);
    expect(stats?.skipped).toBeGreaterThan(0);
    expect(events[0]).toEqual({
      functionName: 'notifyRequester',
      event: {
        version: '0',
        id: expect.any(String),
        'detail-type': 'Scheduled Event',
        source: 'aws.events',
        account: '000000000000',
        time: expect.stringMatching(/Z$/),
        region: 'eu-west-3',
        resources: ['arn:aws:events:eu-west-3:000000000000:rule/sla-sweeper'],
        detail: {},
      },
    });
    const runsAtStop = stats?.runs;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(schedules.stats()['sla-sweeper']?.runs).toBe(runsAtStop);
  });

  it('keeps ticking after a failed run', async () => {
    let calls = 0;
    const schedules = startLocalSchedules(
      [{ name: 'flaky', function: 'notifyRequester', rateMinutes: 1, localIntervalMs: 15 }],
      async () => {
        calls += 1;
        throw new Error('boom');
      },
      { log: () => undefined },
    );
    running.push(schedules);

    await new Promise((resolve) => setTimeout(resolve, 120));
    await schedules.stop();

    expect(calls).toBeGreaterThanOrEqual(3);
    expect(schedules.stats().flaky?.failures).toBe(calls);
  });
});
