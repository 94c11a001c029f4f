/**
 * P3 — consumed capacity per API operation and per ticket lifecycle, versus the theoretical
 * minimum for the items each must touch. The measuring proxy between the guard and DynamoDB
 * Local asks for `ReturnConsumedCapacity: TOTAL` on every call and sums the answers; calls are
 * made one at a time on a fresh tenant, so everything counted between a reset and the quiet
 * after the call (including the asynchronous consumers the call's events reach) belongs to it.
 *
 * Lifecycle steps whose operations are not in the manifest yet are listed as not yet available;
 * they are picked up automatically once their routes exist.
 */
import { type AttributeValue, DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { eventRules, routes } from '../infra/manifest.ts';
import { notificationPartition, ticketKeys } from '../shared/adapters/dynamodb/keys.ts';
import { tableIndexes } from '../shared/adapters/dynamodb/table-definition.ts';
import { TICKET_BODY } from './api-latency.bench.ts';
import type { BenchLocalStack, BenchmarkContext, BenchmarkResult, Figure } from './benchmark-result.ts';
import {
  type ApiAnswer,
  apiCall,
  readBusState,
  readTally,
  resetTally,
  type Tally,
  waitUntilStable,
} from './support/bench-http.ts';
import { indexCopiesOf, itemSize, minimumReadUnits, minimumWriteUnits } from './support/item-size.ts';
import { median, round } from './support/statistics.ts';

/** One measured API call and what it caused. */
export interface StepMeasurement {
  readonly label: string;
  readonly operation: string;
  /** The manifest function that answers the route. */
  readonly function: string;
  readonly status: number;
  readonly elapsedMs: number;
  /** Capacity consumed while the request was in flight (authoriser and handler). */
  readonly syncReadUnits: number;
  readonly syncWriteUnits: number;
  /** Of which the authoriser's platform reads (function role). */
  readonly authorizerReadUnits: number;
  /** Capacity consumed afterwards by the consumers its events reached. */
  readonly asyncReadUnits: number;
  readonly asyncWriteUnits: number;
  readonly dynamodbRequests: number;
  readonly events: readonly string[];
  readonly minimumReadUnits: number | null;
  readonly minimumWriteUnits: number | null;
  readonly minimumBasis: string;
}

interface LifecycleStep {
  readonly label: string;
  /** Operation ids that can perform the step, in order of preference. */
  readonly candidates: readonly {
    readonly operation: string;
    readonly body: (ticket: { id: string; tenantId: string }) => unknown;
  }[];
  readonly role: string;
  readonly minimum: { readonly writes: 'ticket' | 'ticket+item'; readonly basis: string };
}

/**
 * The rest of the lifecycle: assign, two comments, resolve, close, through the real contracts
 * (`POST /v1/tickets/{id}/transitions` with If-Match, `POST /v1/tickets/{id}/comments`).
 * Routing has no API call of its own: the router runs on `TicketCreated`, so its reads and
 * writes are part of create's asynchronous work above. A step that answers non-2xx is reported
 * as failed with its status, so a contract change shows instead of silently counting nothing.
 */
const LATER_STEPS: readonly LifecycleStep[] = [
  {
    label: 'assign',
    candidates: [{ operation: 'transitionTicket', body: () => ({ to: 'assigned' }) }],
    role: 'agent',
    minimum: { writes: 'ticket', basis: 'one UpdateItem of the ticket' },
  },
  {
    label: 'comment 1',
    candidates: [
      { operation: 'addTicketComment', body: () => ({ body: 'Looking into it.', visibility: 'public' }) },
    ],
    role: 'agent',
    minimum: { writes: 'ticket+item', basis: 'one PutItem of a comment (≤ 1 KB)' },
  },
  {
    label: 'comment 2',
    candidates: [
      {
        operation: 'addTicketComment',
        body: () => ({ body: 'Thanks, it boots again.', visibility: 'public' }),
      },
    ],
    role: 'requester',
    minimum: { writes: 'ticket+item', basis: 'one PutItem of a comment (≤ 1 KB)' },
  },
  {
    label: 'resolve',
    candidates: [{ operation: 'transitionTicket', body: () => ({ to: 'resolved' }) }],
    role: 'agent',
    minimum: { writes: 'ticket', basis: 'one UpdateItem of the ticket' },
  },
  {
    label: 'close',
    candidates: [{ operation: 'transitionTicket', body: () => ({ to: 'closed' }) }],
    role: 'requester',
    minimum: { writes: 'ticket', basis: 'one UpdateItem of the ticket' },
  },
];

const ruleTargetsSchema = z.object({ 'detail-type': z.array(z.string()).optional() });

/** Targets (queue and function deliveries) the manifest's rules give one event of this type. */
export const deliveriesFor = (detailType: string): { queue: number; function: number } => {
  let queue = 0;
  let fn = 0;
  for (const rule of eventRules) {
    const pattern = ruleTargetsSchema.safeParse(rule.pattern);
    const types = pattern.success ? pattern.data['detail-type'] : undefined;
    if (types !== undefined && !types.includes(detailType)) continue;
    for (const target of rule.targets) {
      if (target.kind === 'queue') queue += 1;
      else fn += 1;
    }
  }
  return { queue, function: fn };
};

const subtract = (after: Tally, before: Tally) => ({
  readUnits: after.readUnits - before.readUnits,
  writeUnits: after.writeUnits - before.writeUnits,
  requests: after.requests - before.requests,
});

const routeOf = (operation: string) => routes.find((route) => route.operation === operation);

const measureCall = async (
  stack: BenchLocalStack,
  call: () => Promise<ApiAnswer>,
): Promise<{ answer: ApiAnswer; sync: Tally; settled: Tally; events: string[] }> => {
  await resetTally(stack);
  const before = await readBusState(stack);
  const answer = await call();
  const sync = await readTally(stack);
  const settled = await waitUntilStable(
    async () => {
      const [tally, bus] = await Promise.all([readTally(stack), readBusState(stack)]);
      return {
        tally,
        // Units and deliveries say whether the call's work is done; a request count would also
        // move with background reads that consume nothing.
        progress: [
          tally.readUnits,
          tally.writeUnits,
          bus.relay.published,
          bus.bus.accepted,
          bus.bus.delivered,
        ],
      };
    },
    { quietMs: 2_500, timeoutMs: 20_000, pollMs: 250, compare: (value) => value.progress },
  );
  const after = await readBusState(stack);
  const events = after.events.slice(before.events.length).map((event) => event.detailType);
  return { answer, sync, settled: settled.value.tally, events };
};

export const run = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const stack = await context.localStack();
  const dynamodb = new DynamoDBClient({
    region: 'eu-west-1',
    endpoint: stack.dynamoDbLocalEndpoint,
    credentials: { accessKeyId: 'GUICHETBENCHREADER', secretAccessKey: 'local' },
  });
  const notes: string[] = [];
  try {
    const tenantId = `bench-${Date.now().toString(36)}`;
    const tenantAnswer = await apiCall(stack.apiUrl, 'POST', '/_local/tenants', {
      body: { id: tenantId, name: 'Bench capacity', tier: 'standard' },
    });
    const tenant = z.object({ tokens: z.record(z.string(), z.string()) }).parse(tenantAnswer.body);
    const tokenOf = (role: string): string => {
      const token = tenant.tokens[role];
      if (token === undefined) throw new Error(`bench tenant has no ${role} token`);
      return token;
    };
    const requester = tokenOf('requester');
    const steps: StepMeasurement[] = [];
    const readItem = async (key: { PK: string; SK: string }) =>
      (
        await dynamodb.send(
          new GetItemCommand({ TableName: stack.tableName, Key: { PK: { S: key.PK }, SK: { S: key.SK } } }),
        )
      ).Item;

    const record = (
      label: string,
      operation: string,
      measured: Awaited<ReturnType<typeof measureCall>>,
      minimum: { read: number | null; write: number | null; basis: string },
    ): StepMeasurement => {
      const asyncPart = subtract(measured.settled, measured.sync);
      const step: StepMeasurement = {
        label,
        operation,
        function: routeOf(operation)?.function ?? '(none)',
        status: measured.answer.status,
        elapsedMs: round(measured.answer.elapsedMs) ?? 0,
        syncReadUnits: measured.sync.readUnits,
        syncWriteUnits: measured.sync.writeUnits,
        authorizerReadUnits: measured.sync.byCaller.function.units,
        asyncReadUnits: asyncPart.readUnits,
        asyncWriteUnits: asyncPart.writeUnits,
        dynamodbRequests: measured.settled.requests,
        events: measured.events,
        minimumReadUnits: minimum.read,
        minimumWriteUnits: minimum.write,
        minimumBasis: minimum.basis,
      };
      steps.push(step);
      return step;
    };

    // Create, first with a token the authoriser has not seen (its cost shows), then a second time.
    const createCall = () =>
      apiCall(stack.apiUrl, 'POST', '/v1/tickets', { token: requester, body: TICKET_BODY });
    const firstCreate = await measureCall(stack, createCall);
    const secondCreate = await measureCall(stack, createCall);
    const ticket = z.object({ id: z.string(), requesterId: z.string() }).parse(secondCreate.answer.body);
    const ticketItem = await readItem(ticketKeys(tenantId, ticket.id));
    if (ticketItem === undefined) throw new Error('created ticket not found in DynamoDB Local');
    const ticketBytes = itemSize(ticketItem);
    const ticketWrite = minimumWriteUnits(ticketBytes, indexCopiesOf(ticketItem, tableIndexes));
    const notificationItems =
      (
        await dynamodb.send(
          new QueryCommand({
            TableName: stack.tableName,
            KeyConditionExpression: 'PK = :pk',
            ExpressionAttributeValues: { ':pk': { S: notificationPartition(tenantId, ticket.requesterId) } },
          }),
        )
      ).Items ?? [];
    const notificationWrite =
      notificationItems[0] === undefined
        ? null
        : minimumWriteUnits(
            itemSize(notificationItems[0]),
            indexCopiesOf(notificationItems[0], tableIndexes),
          );
    const createMinimum = {
      read: 0,
      write: notificationWrite === null ? ticketWrite : ticketWrite + notificationWrite,
      basis: `one PutItem of the ticket (${ticketBytes} B, on the table and ${indexCopiesOf(ticketItem, tableIndexes)} indexes)${notificationWrite === null ? '' : ' + one PutItem of the inbox entry'}`,
    };
    const authorizerStep = record(
      'create (authoriser not cached)',
      'createTicket',
      firstCreate,
      createMinimum,
    );
    const createStep = record('create', 'createTicket', secondCreate, createMinimum);
    const authorizerReadUnits = authorizerStep.authorizerReadUnits;
    // The authoriser's time: a read with a token it has not seen minus the same read cached, per
    // role not used yet (the tenant's data session already exists, so only the authoriser differs).
    const authorizerDifferences: number[] = [];
    for (const role of ['agent', 'tenant_admin', 'delegated_admin']) {
      const token = tenant.tokens[role];
      if (token === undefined) continue;
      const read = () => apiCall(stack.apiUrl, 'GET', `/v1/tickets/${ticket.id}`, { token });
      const uncached = await read();
      const cached = await read();
      if (uncached.status < 300 && cached.status < 300) {
        authorizerDifferences.push(uncached.elapsedMs - cached.elapsedMs);
      }
    }
    const authorizerExtraMs = Math.max(
      1,
      median(authorizerDifferences) ?? authorizerStep.elapsedMs - createStep.elapsedMs,
    );
    // The first create is a measurement of the authoriser; the lifecycle counts the second.
    steps.splice(steps.indexOf(authorizerStep), 1);

    const getMeasured = await measureCall(stack, () =>
      apiCall(stack.apiUrl, 'GET', `/v1/tickets/${ticket.id}`, { token: requester }),
    );
    record('read', 'getTicket', getMeasured, {
      read: minimumReadUnits(ticketBytes, true),
      write: 0,
      basis: 'one strongly consistent GetItem of the ticket (read-your-writes)',
    });

    const listMeasured = await measureCall(stack, () =>
      apiCall(stack.apiUrl, 'GET', '/v1/tickets', { token: requester }),
    );
    const listed = z
      .object({ items: z.array(z.object({ id: z.string() })) })
      .safeParse(listMeasured.answer.body);
    let listedBytes = 0;
    for (const item of listed.success ? listed.data.items : []) {
      const stored = await readItem(ticketKeys(tenantId, item.id));
      listedBytes += stored === undefined ? 0 : itemSize(stored);
    }
    record('list', 'listTickets', listMeasured, {
      read: minimumReadUnits(listedBytes, false),
      write: 0,
      basis: `one eventually consistent Query returning the page (${listed.success ? listed.data.items.length : 0} tickets, ${listedBytes} B)`,
    });

    const inboxMeasured = await measureCall(stack, () =>
      apiCall(stack.apiUrl, 'GET', '/v1/me/notifications', { token: requester }),
    );
    const inboxBytes = notificationItems.reduce(
      (sum, item: Record<string, AttributeValue>) => sum + itemSize(item),
      0,
    );
    record('inbox', 'listMyNotifications', inboxMeasured, {
      read: minimumReadUnits(inboxBytes, false),
      write: 0,
      basis: `one eventually consistent Query returning the inbox (${notificationItems.length} entries)`,
    });

    const unavailable: string[] = [];
    for (const step of LATER_STEPS) {
      const candidate = step.candidates.find((option) => routeOf(option.operation) !== undefined);
      const route = candidate === undefined ? undefined : routeOf(candidate.operation);
      if (candidate === undefined || route === undefined) {
        unavailable.push(`${step.label} (${step.candidates.map((option) => option.operation).join(' or ')})`);
        continue;
      }
      const current = await apiCall(stack.apiUrl, 'GET', `/v1/tickets/${ticket.id}`, {
        token: tokenOf('agent'),
      });
      // Updates may require the current version: send back the ETag the API gave, whatever its format.
      const etag = current.etag;
      const path = String(route.path).replace('{ticketId}', ticket.id);
      const measured = await measureCall(stack, () =>
        apiCall(stack.apiUrl, route.method, path, {
          token: tokenOf(step.role),
          body: candidate.body({ id: ticket.id, tenantId }),
          ...(etag === undefined ? {} : { headers: { 'if-match': etag } }),
        }),
      );
      const measuredStep = record(step.label, candidate.operation, measured, {
        read: 0,
        write: step.minimum.writes === 'ticket' ? ticketWrite : 1,
        basis: step.minimum.basis,
      });
      if (measuredStep.status >= 300) {
        notes.push(
          `${step.label}: ${route.method} ${route.path} answered ${measuredStep.status}; adapt its request in bench/capacity.bench.ts (LATER_STEPS).`,
        );
      }
    }
    if (unavailable.length > 0) notes.push(`Lifecycle steps not yet available: ${unavailable.join(', ')}.`);

    const sum = (pick: (step: StepMeasurement) => number | null) =>
      steps.reduce<number | null>((total, step) => {
        const value = pick(step);
        return total === null || value === null ? null : total + value;
      }, 0);
    const lifecycleRead = sum((step) => step.syncReadUnits + step.asyncReadUnits);
    const lifecycleWrite = sum((step) => step.syncWriteUnits + step.asyncWriteUnits);
    const lifecycleMinRead = sum((step) => step.minimumReadUnits);
    const lifecycleMinWrite = sum((step) => step.minimumWriteUnits);

    const figures: Figure[] = [];
    for (const step of steps) {
      const failed = step.status >= 300 ? { note: `HTTP ${step.status}` } : {};
      figures.push(
        {
          name: `${step.label} (${step.operation}) write units`,
          unit: 'WRU',
          value: step.syncWriteUnits + step.asyncWriteUnits,
          floor: step.minimumWriteUnits,
          ...failed,
        },
        {
          name: `${step.label} (${step.operation}) read units`,
          unit: 'RRU',
          value: step.syncReadUnits + step.asyncReadUnits,
          floor: step.minimumReadUnits,
          ...failed,
        },
      );
    }
    figures.push(
      { name: 'authoriser per cache miss read units', unit: 'RRU', value: authorizerReadUnits, floor: 1 },
      { name: 'lifecycle write units', unit: 'WRU', value: lifecycleWrite, floor: lifecycleMinWrite },
      { name: 'lifecycle read units', unit: 'RRU', value: lifecycleRead, floor: lifecycleMinRead },
    );
    notes.push(
      'Units include global secondary index writes (DynamoDB Local reports them). Transactions cost twice a plain write; the minimum is plain writes of the items the operation must change, and the cheapest read of the items it must return.',
      'Asynchronous work (outbox relay → bus → queue → consumer) is attributed to the call whose events caused it; the outbox item itself is counted in the write of the call.',
      'The authoriser minimum is two eventually consistent reads of small items (issuer registration, tenant standing). Its time (data.authorizer.extraLatencyMs, used by the cost model) is the median, over roles not used before, of a read with an uncached token minus the same read cached.',
    );
    const events = steps.flatMap((step) => step.events);
    const deliveries = events.map(deliveriesFor);
    return {
      id: 'capacity',
      title: 'P3 — Consumed capacity per operation and per lifecycle versus the theoretical minimum',
      method:
        'ReturnConsumedCapacity: TOTAL on every DynamoDB call (injected by a measuring proxy), one API call at a time on a fresh tenant, summed until the event pipeline is quiet; floor: the cheapest DynamoDB access to the items the operation must touch.',
      figures,
      notes,
      data: {
        steps,
        unavailableSteps: unavailable,
        authorizer: { readUnitsPerCacheMiss: authorizerReadUnits, extraLatencyMs: round(authorizerExtraMs) },
        lifecycle: {
          apiCalls: steps.map((step) => ({ operation: step.operation, function: step.function })),
          readUnits: lifecycleRead,
          writeUnits: lifecycleWrite,
          minimumReadUnits: lifecycleMinRead,
          minimumWriteUnits: lifecycleMinWrite,
          events: events.length,
          eventTypes: events,
          queueDeliveries: deliveries.reduce((total, entry) => total + entry.queue, 0),
          functionDeliveries: deliveries.reduce((total, entry) => total + entry.function, 0),
          dynamodbRequests: steps.reduce((total, step) => total + step.dynamodbRequests, 0),
        },
      },
    };
  } finally {
    dynamodb.destroy();
  }
};
