/**
 * The local stand-in for the EventBridge Pipe: reads the table's stream, keeps the inserts of
 * outbox items, and puts their events on the bus with the real EventBridge client.
 *
 * A shard's position only advances once the bus has accepted every event of the batch, so a
 * failed publication is retried until it succeeds — the event of a committed write is never lost
 * (at least once: a retry after a partial success may publish an event twice).
 */

import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { OUTBOX_ENTITY_TYPE } from '../shared/adapters/dynamodb/keys.ts';

export interface OutboxStreamRelay {
  /** Events the bus accepted so far. */
  readonly publishedCount: number;
  /** Publication attempts that failed and will be retried. */
  readonly failedAttempts: number;
  stop(): Promise<void>;
}

const outboxImageSchema = z.object({
  entityType: z.literal(OUTBOX_ENTITY_TYPE),
  source: z.string(),
  detailType: z.string(),
  detail: z.string(),
});

const POLL_INTERVAL_MS = 50;
/** New shards appear rarely (the stream rolls them over); looking for them never holds up polling. */
const DISCOVERY_INTERVAL_MS = 1000;
const RETRY_DELAY_MS = 200;
const PUT_EVENTS_BATCH = 10;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const toBusEntry = (record: StreamRecord, busName: string): PutEventsRequestEntry | undefined => {
  const image = record.dynamodb?.NewImage;
  // Filter first, on the raw image, as the Pipe's filter does: only outbox inserts are ever
  // unmarshalled, so no other item's shape (an empty map, say) can stall the relay.
  if (record.eventName !== 'INSERT' || image?.entityType?.S !== OUTBOX_ENTITY_TYPE) return undefined;
  const wanted = Object.entries({
    entityType: image.entityType,
    source: image.source,
    detailType: image.detailType,
    detail: image.detail,
  }).filter(([, value]) => value !== undefined);
  // The streams client's AttributeValue is structurally the same as DynamoDB's.
  const outbox = unmarshall(Object.fromEntries(wanted) as Record<string, AttributeValue>);
  const parsed = outboxImageSchema.safeParse(outbox);
  if (!parsed.success) return undefined;
  return {
    EventBusName: busName,
    Source: parsed.data.source,
    DetailType: parsed.data.detailType,
    Detail: parsed.data.detail,
  };
};

export const startOutboxStreamRelay = async (options: {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly eventBridge: EventBridgeClient;
  readonly tableName: string;
  readonly busName: string;
  /** Where to start in a shard first seen: everything still in the stream, or only what comes next. */
  readonly startFrom?: 'TRIM_HORIZON' | 'LATEST';
  readonly log?: (message: string, details: Readonly<Record<string, unknown>>) => void;
}): Promise<OutboxStreamRelay> => {
  const table = await options.dynamodb.send(new DescribeTableCommand({ TableName: options.tableName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (streamArn === undefined) throw new Error(`Table ${options.tableName} has no stream`);
  const log = options.log ?? ((message, details) => console.error(JSON.stringify({ message, ...details })));
  const iterators = new Map<string, string | null>();
  let running = true;
  let publishedCount = 0;
  let failedAttempts = 0;

  const publish = async (entries: PutEventsRequestEntry[]): Promise<void> => {
    for (let start = 0; start < entries.length; start += PUT_EVENTS_BATCH) {
      let pending = entries.slice(start, start + PUT_EVENTS_BATCH);
      while (pending.length > 0 && running) {
        try {
          const result = await options.eventBridge.send(new PutEventsCommand({ Entries: pending }));
          const failed = pending.filter((_, index) => result.Entries?.[index]?.ErrorCode !== undefined);
          publishedCount += pending.length - failed.length;
          pending = failed;
        } catch (error) {
          log('outbox relay: PutEvents failed, will retry', { error: String(error) });
        }
        if (pending.length > 0) {
          failedAttempts += 1;
          await sleep(RETRY_DELAY_MS);
        }
      }
      if (pending.length > 0) throw new Error('relay stopped before publishing');
    }
  };

  const discoverShards = async (): Promise<void> => {
    let exclusiveStartShardId: string | undefined;
    do {
      const description = await options.streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: exclusiveStartShardId }),
      );
      for (const shard of description.StreamDescription?.Shards ?? []) {
        if (shard.ShardId === undefined || iterators.has(shard.ShardId)) continue;
        const iterator = await options.streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: options.startFrom ?? 'TRIM_HORIZON',
          }),
        );
        iterators.set(shard.ShardId, iterator.ShardIterator ?? null);
      }
      exclusiveStartShardId = description.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
  };

  const pollShard = async (shardId: string, iterator: string): Promise<boolean> => {
    const batch = await options.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    const entries = (batch.Records ?? [])
      .map((record) => toBusEntry(record, options.busName))
      .filter((entry): entry is PutEventsRequestEntry => entry !== undefined);
    await publish(entries);
    iterators.set(shardId, batch.NextShardIterator ?? null);
    return (batch.Records?.length ?? 0) > 0;
  };

  const stopping = new AbortController();
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stopping.signal.removeEventListener('abort', wake);
        resolve();
      }, ms);
      stopping.signal.addEventListener('abort', wake, { once: true });
    });

  // Shard discovery runs beside polling: a DescribeStream (slow on a loaded DynamoDB Local) in
  // the polling loop used to delay every record that arrived meanwhile.
  const discoveryLoop = async (): Promise<void> => {
    while (running) {
      try {
        await discoverShards();
      } catch (error) {
        if (running) log('outbox relay: shard discovery failed, will retry', { error: String(error) });
      }
      await pause(DISCOVERY_INTERVAL_MS);
    }
  };

  const loop = async (): Promise<void> => {
    while (running) {
      try {
        let busy = false;
        for (const [shardId, iterator] of iterators) {
          if (iterator === null || !running) continue;
          busy = (await pollShard(shardId, iterator)) || busy;
        }
        if (!busy) await sleep(POLL_INTERVAL_MS);
      } catch (error) {
        if (running) log('outbox relay: stream read failed, will retry', { error: String(error) });
        await sleep(RETRY_DELAY_MS);
      }
    }
  };

  const done = Promise.all([loop(), discoveryLoop()]);
  return {
    get publishedCount() {
      return publishedCount;
    },
    get failedAttempts() {
      return failedAttempts;
    },
    async stop() {
      running = false;
      stopping.abort();
      await done;
    },
  };
};
