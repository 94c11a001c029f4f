/**
 * Routing latency: from `POST /v1/tickets` to the ticket routed and assigned (its version moves
 * past 1), observed by a client polling `GET /v1/tickets/{id}` every POLL_MS, one ticket at a
 * time and in bursts of BURST concurrent tickets.
 *
 * Floor, measured in the same run on the same DynamoDB Local: a bare event taking the same
 * pipeline to a consumer that does nothing — an outbox item put straight into the table, read
 * from the table's stream by the production relay code, put on a local bus (the production bus
 * code) whose one rule delivers it to a no-op function. What routing adds on top is the API
 * request itself, the router's reads and writes, and the client's polling.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { startLocalEventBus } from '../local/event-bus/local-event-bus.ts';
import { startOutboxStreamRelay } from '../local/outbox-stream-relay.ts';
import { toOutboxItem } from '../shared/adapters/dynamodb/outbox-records.ts';
import type { BenchmarkContext, BenchmarkResult, Figure } from './benchmark-result.ts';
import { apiCall, stackStateOf } from './support/bench-http.ts';
import { quantile, round } from './support/statistics.ts';

const SEQUENTIAL = Number(process.env.BENCH_ROUTING_TICKETS ?? 20) || 20;
const BURST = 8;
const BURSTS = 3;
const POLL_MS = 10;
const TIMEOUT_MS = 20_000;
const PROBE_TYPE = 'RoutingLatencyProbe';
const PROBE_TENANT = 'bench-routing-probe';
const BUS_NAME = 'routing-latency-floor';
const REGION = 'eu-west-1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const ticketSchema = z.object({ id: z.string(), version: z.number() });

/** Time from the create request to the client seeing the ticket routed (null on timeout). */
const timeToRouted = async (apiUrl: string, requester: string, agent: string): Promise<number | null> => {
  const started = performance.now();
  const created = await apiCall(apiUrl, 'POST', '/v1/tickets', {
    token: requester,
    body: { subject: `Routing latency ${Date.now()}` },
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}`);
  const { id } = ticketSchema.parse(created.body);
  while (performance.now() - started < TIMEOUT_MS) {
    const read = await apiCall(apiUrl, 'GET', `/v1/tickets/${id}`, { token: agent });
    if (read.status === 200 && ticketSchema.parse(read.body).version > 1) return performance.now() - started;
    await sleep(POLL_MS);
  }
  return null;
};

/** The floor pipeline: DynamoDB Local's stream → the relay → a bus → a no-op consumer. */
const startFloorPipeline = async (dynamoDbLocalEndpoint: string, tableName: string) => {
  const credentials = { accessKeyId: 'BENCHROUTINGFLOOR', secretAccessKey: 'local' };
  const arrivals = new Map<string, (at: number) => void>();
  const bus = await startLocalEventBus({
    busName: BUS_NAME,
    port: 0,
    defaultRegion: REGION,
    rules: [
      {
        name: 'probe-to-no-op',
        description: 'The floor: a bare event to a consumer that does nothing.',
        pattern: { 'detail-type': [PROBE_TYPE] },
        targets: [{ kind: 'function', name: 'noOp' }],
      },
    ],
    deliver: async (_target, event) => {
      const detail = z.object({ eventId: z.string() }).safeParse(event.detail);
      if (detail.success) arrivals.get(detail.data.eventId)?.(performance.now());
    },
    log: () => undefined,
  });
  const dynamodb = new DynamoDBClient({ region: REGION, endpoint: dynamoDbLocalEndpoint, credentials });
  const relay = await startOutboxStreamRelay({
    dynamodb,
    streams: new DynamoDBStreamsClient({ region: REGION, endpoint: dynamoDbLocalEndpoint, credentials }),
    eventBridge: new EventBridgeClient({ region: REGION, endpoint: bus.url, credentials }),
    tableName,
    busName: BUS_NAME,
    startFrom: 'LATEST',
    log: () => undefined,
  });
  const documents = DynamoDBDocumentClient.from(dynamodb);
  let sequence = 0;

  /** Time from the outbox write to the no-op consumer receiving the event (null on timeout). */
  const probe = async (): Promise<number | null> => {
    sequence += 1;
    const eventId = `probe-${Date.now()}-${sequence}`;
    const arrived = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), TIMEOUT_MS);
      arrivals.set(eventId, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
    const occurredAt = new Date().toISOString();
    const started = performance.now();
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: toOutboxItem(
          { eventId, tenantId: PROBE_TENANT, detailType: PROBE_TYPE, detail: { eventId, occurredAt } },
          occurredAt,
        ),
      }),
    );
    const at = await arrived;
    arrivals.delete(eventId);
    return at === null ? null : at - started;
  };

  return {
    probe,
    async stop() {
      await relay.stop();
      await bus.stop();
    },
  };
};

const figure = (name: string, samples: readonly number[], floors: readonly number[], q: number): Figure => ({
  name,
  unit: 'ms',
  value: round(quantile(samples, q), 0),
  floor: round(quantile(floors, q), 0),
});

export const run = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const stack = await context.localStack();
  const state = stackStateOf(stack);
  const acme = state.tenants.find((tenant) => tenant.id === 'acme');
  const requester = acme?.tokens.requester;
  const agent = acme?.tokens.agent;
  if (requester === undefined || agent === undefined) throw new Error('the demo tenant acme has no tokens');
  const floor = await startFloorPipeline(stack.dynamoDbLocalEndpoint, stack.tableName);
  const notes: string[] = [];
  try {
    // Warm both paths (cold starts, the directory cache, the relay's first shard discovery).
    for (let index = 0; index < 3; index += 1) {
      await timeToRouted(stack.apiUrl, requester, agent);
      await floor.probe();
    }
    const sequential: number[] = [];
    const sequentialFloor: number[] = [];
    context.log(`routing latency: ${SEQUENTIAL} tickets one at a time`);
    for (let index = 0; index < SEQUENTIAL; index += 1) {
      const routed = await timeToRouted(stack.apiUrl, requester, agent);
      const probed = await floor.probe();
      if (routed !== null) sequential.push(routed);
      if (probed !== null) sequentialFloor.push(probed);
    }
    const burst: number[] = [];
    const burstFloor: number[] = [];
    context.log(`routing latency: ${BURSTS} bursts of ${BURST} tickets`);
    for (let burstIndex = 0; burstIndex < BURSTS; burstIndex += 1) {
      const routed = await Promise.all(
        Array.from({ length: BURST }, () => timeToRouted(stack.apiUrl, requester, agent)),
      );
      const probed = await Promise.all(Array.from({ length: BURST }, () => floor.probe()));
      burst.push(...routed.filter((value): value is number => value !== null));
      burstFloor.push(...probed.filter((value): value is number => value !== null));
    }
    const lost = SEQUENTIAL + BURST * BURSTS - sequential.length - burst.length;
    if (lost > 0) notes.push(`${lost} tickets were not seen routed within ${TIMEOUT_MS / 1000} s`);
    notes.push(
      `The client polls every ${POLL_MS} ms (plus one GET's time), which the figures include and the floor does not.`,
    );
    return {
      id: 'routing-latency',
      title: 'Routing latency: create → routed and assigned',
      method:
        'Time from POST /v1/tickets until GET shows the ticket routed and assigned, on the local stack (outbox → stream relay → bus → router). Floor: a bare outbox event through the same stream, relay and bus code to a no-op consumer, in the same run.',
      figures: [
        figure('one at a time p50', sequential, sequentialFloor, 0.5),
        figure('one at a time p95', sequential, sequentialFloor, 0.95),
        figure(`burst of ${BURST} p50`, burst, burstFloor, 0.5),
        figure(`burst of ${BURST} p95`, burst, burstFloor, 0.95),
      ],
      notes,
      data: { sequential, sequentialFloor, burst, burstFloor },
    };
  } finally {
    await floor.stop();
  }
};
