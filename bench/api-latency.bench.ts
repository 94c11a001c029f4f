/**
 * P2 — API latency and throughput. Drives the local stack's API with autocannon at fixed
 * concurrencies (1, 8, 32) on the ticket routes (and the provider queue once the manifest has
 * it), and the floor server on the single DynamoDB call each route cannot do without, in the
 * same run, on the same DynamoDB Local. Each run is short (BENCH_API_SECONDS, default 3 s).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { routes } from '../infra/manifest.ts';
import { requesterTicketsPartition, ticketKeys } from '../shared/adapters/dynamodb/keys.ts';
import { DEFAULT_PAGE_SIZE } from '../shared/api/pagination.ts';
import type { BenchLocalStack, BenchmarkContext, BenchmarkResult, Figure } from './benchmark-result.ts';
import { apiCall, stackStateOf, waitForQuietPipeline } from './support/bench-http.ts';
import { round } from './support/statistics.ts';

const CONCURRENCIES = [1, 8, 32] as const;
const PROVIDER_QUEUE_PATH = '/v1/provider/queue';
/** The longest the event pipeline may take to go quiet after a write run before its floor run. */
const DRAIN_CAP_MS = 20_000;

export const TICKET_BODY = {
  subject: 'Laptop will not boot',
  description: 'Black screen since this morning; the power light blinks twice.',
  impact: 'medium',
  urgency: 'high',
} as const;

const autocannonSchema = z.object({
  duration: z.number(),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
  '2xx': z.number(),
  latency: z.object({ p50: z.number(), p99: z.number() }),
  requests: z.object({ total: z.number() }),
});

export interface LoadMeasurement {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerSecond: number;
  readonly ok: number;
  readonly failed: number;
}

const autocannon = (
  rootDir: string,
  target: { method: string; url: string; headers: Record<string, string>; body?: string },
  connections: number,
  seconds: number,
): Promise<LoadMeasurement> =>
  new Promise((resolve, reject) => {
    const args = [
      join(rootDir, 'node_modules/autocannon/autocannon.js'),
      '-c',
      String(connections),
      '-d',
      String(seconds),
      '-j',
      '-m',
      target.method,
      ...Object.entries(target.headers).flatMap(([name, value]) => ['-H', `${name}=${value}`]),
      ...(target.body === undefined ? [] : ['-b', target.body]),
      target.url,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`autocannon exited ${code}: ${stderr.slice(0, 500)}`));
        return;
      }
      const result = autocannonSchema.parse(JSON.parse(stdout));
      resolve({
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        requestsPerSecond: result['2xx'] / result.duration,
        ok: result['2xx'],
        failed: result.errors + result.timeouts + result.non2xx,
      });
    });
  });

interface Scenario {
  readonly label: string;
  readonly operation: string;
  readonly api: { method: string; path: string; token: string; body?: string };
  readonly floor: { method: string; path: string; call: string; body?: string };
  /** Writes feed the event pipeline: let it drain before the next measurement. */
  readonly writes: boolean;
}

const findToken = (
  tokens: Readonly<Record<string, string>>,
  preferred: readonly string[],
): string | undefined =>
  preferred.map((role) => tokens[role]).find((token) => token !== undefined) ?? Object.values(tokens)[0];

const scenariosFor = async (stack: BenchLocalStack): Promise<{ scenarios: Scenario[]; notes: string[] }> => {
  const state = stackStateOf(stack);
  const tenant = state.tenants[0];
  const requesterToken = tenant?.tokens.requester;
  if (tenant === undefined || requesterToken === undefined)
    throw new Error('no demo tenant with a requester');
  const created = await apiCall(stack.apiUrl, 'POST', '/v1/tickets', {
    token: requesterToken,
    body: TICKET_BODY,
  });
  const ticket = z.object({ id: z.string(), requesterId: z.string() }).parse(created.body);
  const target = {
    tableName: stack.tableName,
    ticketKey: ticketKeys(tenant.id, ticket.id),
    listIndex: 'GSI1',
    listPartitionAttribute: 'GSI1PK',
    listPartition: requesterTicketsPartition(tenant.id, ticket.requesterId),
    queryLimit: DEFAULT_PAGE_SIZE + 1,
  };
  const configured = await fetch(`${stack.floorUrl}/floor/target`, {
    method: 'POST',
    body: JSON.stringify(target),
  });
  if (!configured.ok) throw new Error(`floor target refused: ${await configured.text()}`);

  const body = JSON.stringify(TICKET_BODY);
  const scenarios: Scenario[] = [
    {
      label: 'POST /v1/tickets',
      operation: 'createTicket',
      api: { method: 'POST', path: '/v1/tickets', token: requesterToken, body },
      floor: { method: 'POST', path: '/floor/tickets', call: 'PutItem', body },
      writes: true,
    },
    {
      label: 'GET /v1/tickets/{id}',
      operation: 'getTicket',
      api: { method: 'GET', path: `/v1/tickets/${ticket.id}`, token: requesterToken },
      floor: { method: 'GET', path: '/floor/ticket', call: 'GetItem (consistent)' },
      writes: false,
    },
    {
      label: 'GET /v1/tickets',
      operation: 'listTickets',
      api: { method: 'GET', path: '/v1/tickets', token: requesterToken },
      floor: { method: 'GET', path: '/floor/tickets', call: `Query GSI1, Limit ${DEFAULT_PAGE_SIZE + 1}` },
      writes: false,
    },
  ];
  const notes: string[] = [];
  const providerQueue = routes.find(
    (route) => route.method === 'GET' && String(route.path) === PROVIDER_QUEUE_PATH,
  );
  const provider = state.providers[0];
  const providerToken =
    provider === undefined ? undefined : findToken(provider.tokens, ['provider_agent', 'agent']);
  if (providerQueue !== undefined && providerToken !== undefined) {
    scenarios.push({
      label: `GET ${PROVIDER_QUEUE_PATH}`,
      operation: providerQueue.operation,
      api: { method: 'GET', path: PROVIDER_QUEUE_PATH, token: providerToken },
      floor: { method: 'GET', path: '/floor/tickets', call: `Query (one page of ${DEFAULT_PAGE_SIZE + 1})` },
      writes: false,
    });
  } else {
    notes.push(`GET ${PROVIDER_QUEUE_PATH}: not yet available (no such route in infra/manifest.ts).`);
  }
  // Reads first: they warm the stack and DynamoDB Local's JVM before the write scenario's floors,
  // which run first within it (a cold JVM made the first floor run several times slower).
  scenarios.sort((a, b) => Number(a.writes) - Number(b.writes));
  return { scenarios, notes };
};

export const run = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const seconds = Number(process.env.BENCH_API_SECONDS ?? 3) || 3;
  const stack = await context.localStack();
  const { scenarios, notes } = await scenariosFor(stack);
  const figures: Figure[] = [];
  const measurements: Record<string, unknown> = {};
  const busyAfter: string[] = [];
  // A function, not a narrowed property: the signal changes while the loops await.
  const aborted = () => context.signal?.aborted === true;
  const runApi = (scenario: Scenario, connections: number) =>
    autocannon(
      context.rootDir,
      {
        method: scenario.api.method,
        url: `${stack.apiUrl}${scenario.api.path}`,
        headers: {
          authorization: `Bearer ${scenario.api.token}`,
          ...(scenario.api.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(scenario.api.body === undefined ? {} : { body: scenario.api.body }),
      },
      connections,
      seconds,
    );
  const runFloor = (scenario: Scenario, connections: number) =>
    autocannon(
      context.rootDir,
      {
        method: scenario.floor.method,
        url: `${stack.floorUrl}${scenario.floor.path}`,
        headers: scenario.floor.body === undefined ? {} : { 'content-type': 'application/json' },
        ...(scenario.floor.body === undefined ? {} : { body: scenario.floor.body }),
      },
      connections,
      seconds,
    );
  const report = (scenario: Scenario, connections: number, api: LoadMeasurement, floor: LoadMeasurement) => {
    const name = `${scenario.operation} c=${connections}`;
    const failures =
      api.failed + floor.failed > 0
        ? `non-2xx or errors: API ${api.failed}, floor ${floor.failed}`
        : undefined;
    figures.push(
      {
        name: `${name} p50`,
        unit: 'ms',
        value: api.p50Ms,
        floor: floor.p50Ms,
        ...(failures === undefined ? {} : { note: failures }),
      },
      { name: `${name} p99`, unit: 'ms', value: api.p99Ms, floor: floor.p99Ms },
      {
        name: `${name} throughput`,
        unit: 'req/s',
        value: round(api.requestsPerSecond, 1),
        floor: round(floor.requestsPerSecond, 1),
        lowerIsBetter: false,
      },
    );
    measurements[name] = { route: scenario.label, floorCall: scenario.floor.call, connections, api, floor };
  };
  const failed = (scenario: Scenario, connections: number, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    figures.push({
      name: `${scenario.operation} c=${connections} p50`,
      unit: 'ms',
      value: null,
      note: `failed: ${message.slice(0, 300)}`,
    });
  };
  for (const scenario of scenarios) {
    if (aborted()) break;
    if (scenario.writes) {
      // A write run leaves the event pipeline busy: its floors run first, on a quiet pipeline,
      // then the API runs one after the other (the pipeline working beside them, as in
      // production), and the pipeline drains once, before the next scenario.
      const floors = new Map<number, LoadMeasurement | Error>();
      for (const connections of CONCURRENCIES) {
        context.log(`api latency: ${scenario.label} floor c=${connections}`);
        floors.set(connections, await runFloor(scenario, connections).catch((error: Error) => error));
      }
      for (const connections of CONCURRENCIES) {
        if (aborted()) break;
        context.log(`api latency: ${scenario.label} c=${connections}`);
        const floor = floors.get(connections);
        try {
          const api = await runApi(scenario, connections);
          if (floor === undefined || floor instanceof Error) throw floor ?? new Error('no floor run');
          report(scenario, connections, api, floor);
        } catch (error) {
          failed(scenario, connections, error);
        }
      }
      // Bounded: a pipeline still busy after the cap is noted, not waited out (module budget).
      if (!(await waitForQuietPipeline(stack, DRAIN_CAP_MS)).stable) busyAfter.push(scenario.label);
      continue;
    }
    for (const connections of CONCURRENCIES) {
      if (aborted()) break;
      context.log(`api latency: ${scenario.label} c=${connections}`);
      try {
        const api = await runApi(scenario, connections);
        const floor = await runFloor(scenario, connections);
        report(scenario, connections, api, floor);
      } catch (error) {
        failed(scenario, connections, error);
      }
    }
  }
  if (busyAfter.length > 0) {
    notes.push(
      `The event pipeline was still busy ${DRAIN_CAP_MS / 1000} s after the API runs of ${busyAfter.join(', ')}: the next scenario started beside its consumers.`,
    );
  }
  notes.push(
    `Runs of ${seconds} s per concurrency; the API path is local gateway → authoriser (decision cached per token, as in API Gateway) → function → guard proxy → measuring proxy → DynamoDB Local; the floor path is floor server → its own guard proxy instance (admin key) → the same measuring proxy → the same DynamoDB Local.`,
    'POST runs create real tickets: their floors run first on a quiet pipeline; the event pipeline (outbox → bus → rules → router, SLA, billing, inbox) keeps working during the API runs, as it would in production, and is drained before the next scenario.',
    'Everything (stack, DynamoDB Local, load generator) shares this machine: compare ratios, not absolute numbers.',
  );
  return {
    id: 'api-latency',
    title: 'P2 — API latency and throughput versus a single DynamoDB call',
    method:
      'autocannon against the local stack at concurrencies 1, 8, 32; p50/p99 latency and successful requests per second; floor: an HTTP server doing only the equivalent PutItem/GetItem/Query.',
    figures,
    notes,
    data: { seconds, concurrencies: [...CONCURRENCIES], measurements },
  };
};
