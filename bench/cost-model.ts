/**
 * P6 — the AWS cost of 1,000 tickets through their whole lifecycle, derived from what the
 * benchmarks measured in this run (API calls, DynamoDB units, events, queue deliveries from P3;
 * function durations from P2) and the prices in `bench/aws-prices.ts`. Nothing here is typed in
 * by hand except the prices and the assumptions, which are listed next to the result.
 */
import { z } from 'zod';
import { functions, queues, schedules } from '../infra/manifest.ts';
import { awsPrices, type PriceName, pricesAsOf, pricingRegion } from './aws-prices.ts';
import type { NormalisedBenchmarkResult } from './benchmark-result.ts';
import { median, round } from './support/statistics.ts';

const TICKETS = 1_000;
const MINUTES_PER_MONTH = 30 * 24 * 60;
/** The web ACL's rules (infra/constructs/guichet-rest-api.ts): two managed groups and a rate limit. */
const WAF_RULES = 3;
/** Dead-letter queues besides one per manifest queue: the outbox pipe's and the rule targets'. */
const EXTRA_DEAD_LETTER_QUEUES = 2;
const SECRETS = 1;

export interface CostLine {
  readonly service: string;
  readonly item: string;
  /** Quantity per 1,000 tickets. */
  readonly quantity: number;
  readonly unit: string;
  readonly price: PriceName;
  readonly costUsd: number;
  readonly basis: string;
}

export interface CostModel {
  readonly region: string;
  readonly pricesAsOf: string;
  readonly tickets: number;
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  readonly assumptions: readonly string[];
  /**
   * What a stage costs per month whatever its traffic (schedules, WAF, alarms, secrets): the
   * floor under the per-ticket figure, from the manifest's declared shape.
   */
  readonly fixedMonthly: readonly CostLine[];
  readonly fixedMonthlyUsd: number;
  /** Why the model could not be computed, when it could not. */
  readonly missing?: string;
}

const capacityDataSchema = z.object({
  authorizer: z.object({ readUnitsPerCacheMiss: z.number(), extraLatencyMs: z.number().nullable() }),
  lifecycle: z.object({
    apiCalls: z.array(z.object({ operation: z.string(), function: z.string() })),
    readUnits: z.number().nullable(),
    writeUnits: z.number().nullable(),
    events: z.number(),
    queueDeliveries: z.number(),
    functionDeliveries: z.number(),
  }),
  unavailableSteps: z.array(z.string()).default([]),
});

const latencyDataSchema = z.object({
  measurements: z.record(
    z.string(),
    z.object({ connections: z.number(), api: z.object({ p50Ms: z.number() }) }),
  ),
});

const memoryGbOf = (name: string): number => (functions[name]?.memoryMb ?? 256) / 1024;

const line = (service: string, item: string, quantity: number, price: PriceName, basis: string): CostLine => {
  const unitPrice = awsPrices[price];
  return {
    service,
    item,
    quantity: round(quantity, 3) ?? 0,
    unit: unitPrice.unit,
    price,
    costUsd: (quantity * unitPrice.usd) / unitPrice.per,
    basis,
  };
};

export const buildCostModel = (results: readonly NormalisedBenchmarkResult[]): CostModel => {
  const base = { region: pricingRegion, pricesAsOf, tickets: TICKETS };
  const capacity = capacityDataSchema.safeParse(results.find((result) => result.id === 'capacity')?.data);
  const latency = latencyDataSchema.safeParse(results.find((result) => result.id === 'api-latency')?.data);
  if (!capacity.success) {
    return {
      ...base,
      lines: [],
      totalUsd: 0,
      assumptions: [],
      fixedMonthly: [],
      fixedMonthlyUsd: 0,
      missing: 'the capacity benchmark (P3) produced no lifecycle data',
    };
  }
  const lifecycle = capacity.data.lifecycle;
  // Billed duration per operation: the API's median latency at concurrency 1 (an upper bound:
  // it includes the gateway and the network), or the median over operations when not measured.
  const p50ByOperation = new Map<string, number>();
  if (latency.success) {
    for (const [name, measurement] of Object.entries(latency.data.measurements)) {
      if (measurement.connections !== 1) continue;
      p50ByOperation.set(name.split(' ')[0] ?? name, measurement.api.p50Ms);
    }
  }
  const fallbackMs = median([...p50ByOperation.values()]) ?? 50;
  const durationOf = (operation: string) =>
    Math.max(1, Math.ceil(p50ByOperation.get(operation) ?? fallbackMs));

  const apiCalls = lifecycle.apiCalls.length * TICKETS;
  const handlerGbSeconds =
    lifecycle.apiCalls.reduce(
      (sum, call) => sum + memoryGbOf(call.function) * (durationOf(call.operation) / 1000),
      0,
    ) * TICKETS;
  const authorizerMs = Math.max(1, Math.ceil(capacity.data.authorizer.extraLatencyMs ?? fallbackMs));
  const authorizerGbSeconds = apiCalls * memoryGbOf('authorizer') * (authorizerMs / 1000);
  const consumer = queues[0]?.consumer ?? 'notifyRequester';
  const consumerMs = durationOf('createTicket');
  const asyncInvocations = (lifecycle.queueDeliveries + lifecycle.functionDeliveries) * TICKETS;
  const consumerGbSeconds = asyncInvocations * memoryGbOf(consumer) * (consumerMs / 1000);
  const events = lifecycle.events * TICKETS;
  const sqsRequests = lifecycle.queueDeliveries * 3 * TICKETS;

  const lines: CostLine[] = [
    line(
      'API Gateway',
      'REST API requests',
      apiCalls,
      'apiGatewayRestRequest',
      `${lifecycle.apiCalls.length} API calls per ticket (measured lifecycle)`,
    ),
    line(
      'Lambda',
      'invocations',
      apiCalls * 2 + asyncInvocations,
      'lambdaRequest',
      'one handler + one authoriser per API call (no authoriser cache hits assumed) + one per event delivery',
    ),
    line(
      'Lambda',
      'handler compute',
      handlerGbSeconds,
      'lambdaArmGbSecond',
      `manifest memory × P2 p50 at concurrency 1 per operation (fallback ${round(fallbackMs)} ms)`,
    ),
    line(
      'Lambda',
      'authoriser compute',
      authorizerGbSeconds,
      'lambdaArmGbSecond',
      `256 MB × ${authorizerMs} ms (P3: a read with an uncached token minus the same read cached)`,
    ),
    line(
      'Lambda',
      'consumer compute',
      consumerGbSeconds,
      'lambdaArmGbSecond',
      `${consumer} memory × ${consumerMs} ms (assumed like createTicket: not timed locally)`,
    ),
    line(
      'DynamoDB',
      'write request units',
      (lifecycle.writeUnits ?? 0) * TICKETS,
      'dynamodbWriteRequestUnit',
      'P3 lifecycle, measured ConsumedCapacity incl. indexes and consumers',
    ),
    line(
      'DynamoDB',
      'read request units',
      ((lifecycle.readUnits ?? 0) +
        capacity.data.authorizer.readUnitsPerCacheMiss * lifecycle.apiCalls.length) *
        TICKETS,
      'dynamodbReadRequestUnit',
      'P3 lifecycle + authoriser reads per API call (no cache hits assumed)',
    ),
    line(
      'DynamoDB Streams',
      'read request units (Pipe)',
      events,
      'dynamodbStreamsReadRequestUnit',
      'one GetRecords per outbox event (upper bound; batching lowers it)',
    ),
    line(
      'EventBridge Pipes',
      'requests',
      events,
      'eventBridgePipesRequest',
      'one per outbox record passing the filter',
    ),
    line(
      'EventBridge',
      'custom events',
      events,
      'eventBridgeCustomEvent',
      `${lifecycle.events} events per ticket reached the bus (measured)`,
    ),
    line(
      'SQS',
      'requests',
      sqsRequests,
      'sqsStandardRequest',
      'send + receive + delete per queue delivery (no batching assumed)',
    ),
    line(
      'WAF',
      'requests inspected',
      apiCalls,
      'wafRequest',
      'every API call passes the web ACL in front of the REST API stage',
    ),
    line('S3', 'PUT requests', 0, 's3PutRequest', 'no function in the measured lifecycle touches the bucket'),
    line('S3', 'GET requests', 0, 's3GetRequest', 'no function in the measured lifecycle touches the bucket'),
  ];
  const assumptions = [
    `Prices: ${pricingRegion}, on-demand list prices as of ${pricesAsOf}, first tier, no free tier (bench/aws-prices.ts) — check them before quoting.`,
    'Lifecycle = the steps P3 could measure in this run; steps not yet available cost nothing here and are listed below.',
    'Upper bounds: every API call pays an authoriser invocation (API Gateway caches decisions for 30 s in reality); Lambda duration is the local API p50, which includes gateway and network time; SQS and Streams requests are not batched.',
    'Not modelled: cold-start (INIT) billing, CloudWatch Logs ingestion and storage, X-Ray traces (tracing is active on every function), KMS, Secrets Manager, DynamoDB storage and backups, data transfer, idle SQS long polls by event source mappings.',
  ];
  const fixedMonthly = fixedMonthlyCosts(fallbackMs);
  assumptions.push(
    `Fixed per stage and month (not per ticket): ${fixedMonthly.map((entry) => entry.item).join('; ')} — see the fixed-cost table.`,
  );
  if (capacity.data.unavailableSteps.length > 0) {
    assumptions.push(`Lifecycle steps not yet available: ${capacity.data.unavailableSteps.join(', ')}.`);
  }
  return {
    ...base,
    lines,
    totalUsd: lines.reduce((sum, entry) => sum + entry.costUsd, 0),
    assumptions,
    fixedMonthly,
    fixedMonthlyUsd: fixedMonthly.reduce((sum, entry) => sum + entry.costUsd, 0),
  };
};

/** The stage's monthly floor, from the manifest: scheduled invocations, the WAF, alarms, secrets. */
const fixedMonthlyCosts = (scheduledDurationMs: number): CostLine[] => {
  const scheduled = schedules.map((schedule) => ({
    schedule,
    invocations: MINUTES_PER_MONTH / schedule.rateMinutes,
  }));
  const invocations = scheduled.reduce((sum, entry) => sum + entry.invocations, 0);
  const gbSeconds = scheduled.reduce(
    (sum, entry) =>
      sum + entry.invocations * memoryGbOf(entry.schedule.function) * (Math.ceil(scheduledDurationMs) / 1000),
    0,
  );
  // One error alarm per function and one per dead-letter queue (infra/constructs/operational-alarms.ts).
  const alarms = Object.keys(functions).length + queues.length + EXTRA_DEAD_LETTER_QUEUES;
  return [
    line(
      'Lambda',
      'scheduled invocations',
      invocations,
      'lambdaRequest',
      scheduled.map((entry) => `${entry.schedule.name} every ${entry.schedule.rateMinutes} min`).join(', '),
    ),
    line(
      'Lambda',
      'scheduled compute',
      gbSeconds,
      'lambdaArmGbSecond',
      `manifest memory × ${Math.ceil(scheduledDurationMs)} ms per sweep (the API p50 fallback; an idle sweep reads only due items)`,
    ),
    line('WAF', 'web ACL', 1, 'wafWebAclMonth', 'one web ACL on the REST API stage'),
    line('WAF', 'rules', WAF_RULES, 'wafRuleMonth', 'two AWS managed rule groups and a per-IP rate rule'),
    line(
      'CloudWatch',
      'alarms',
      alarms,
      'cloudWatchAlarmMonth',
      `one error alarm per function (${Object.keys(functions).length}) and one per dead-letter queue (${queues.length + EXTRA_DEAD_LETTER_QUEUES})`,
    ),
    line('Secrets Manager', 'secrets', SECRETS, 'secretMonth', 'the cursor-signing key'),
  ];
};
