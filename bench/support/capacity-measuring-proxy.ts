/**
 * A measuring HTTP proxy between the guard and DynamoDB Local (benchmarks only). It asks
 * DynamoDB for `ReturnConsumedCapacity: TOTAL` on every data-plane call, sums the capacity the
 * answers report, per operation and per kind of caller, and otherwise forwards bytes untouched.
 * Only the request body changes: DynamoDB Local does not verify SigV4 signatures, and the
 * response (whose CRC32 header the SDK checks) is passed through as it came.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { z } from 'zod';
import { accessKeyIdOf, closeServer, listen, readBody } from '../../local/data-isolation/http-plumbing.ts';

const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810.';
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

const READ_OPERATIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const WRITE_OPERATIONS = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
]);

/** Who called: the admin key (bootstrap, relay), a function role, or an STS tenant/provider session. */
export type CallerKind = 'admin' | 'function' | 'scoped';

export interface CapacityTally {
  readonly requests: number;
  readonly readUnits: number;
  readonly writeUnits: number;
  /** Per DynamoDB operation, e.g. `{ TransactWriteItems: { requests: 1, units: 6 } }`. */
  readonly byOperation: Readonly<Record<string, { requests: number; units: number }>>;
  readonly byCaller: Readonly<Record<CallerKind, { requests: number; units: number }>>;
}

export const emptyTally = (): CapacityTally => ({
  requests: 0,
  readUnits: 0,
  writeUnits: 0,
  byOperation: {},
  byCaller: {
    admin: { requests: 0, units: 0 },
    function: { requests: 0, units: 0 },
    scoped: { requests: 0, units: 0 },
  },
});

/** True for the operations that consume read or write capacity. */
export const isCapacityOperation = (operation: string): boolean =>
  READ_OPERATIONS.has(operation) || WRITE_OPERATIONS.has(operation);

/** The request body with `ReturnConsumedCapacity: TOTAL`, unless the caller asked for more already. */
export const withConsumedCapacityRequested = (body: Buffer): Buffer => {
  const parsed = requestBodySchema.safeParse(JSON.parse(body.toString('utf8')));
  if (!parsed.success) return body;
  const request = parsed.data;
  if (request.ReturnConsumedCapacity === 'INDEXES' || request.ReturnConsumedCapacity === 'TOTAL') return body;
  return Buffer.from(JSON.stringify({ ...request, ReturnConsumedCapacity: 'TOTAL' }), 'utf8');
};

const requestBodySchema = z.record(z.string(), z.unknown());
const consumedEntrySchema = z.object({ CapacityUnits: z.number().optional() });
const consumedResponseSchema = z.object({
  ConsumedCapacity: z.union([consumedEntrySchema, z.array(consumedEntrySchema)]).optional(),
});

/** Sums `ConsumedCapacity[].CapacityUnits` (an object for single-item calls, an array for batches). */
export const capacityUnitsIn = (response: unknown): number => {
  const parsed = consumedResponseSchema.safeParse(response);
  if (!parsed.success || parsed.data.ConsumedCapacity === undefined) return 0;
  const consumed = parsed.data.ConsumedCapacity;
  const entries = Array.isArray(consumed) ? consumed : [consumed];
  return entries.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};

/** Adds one answered call to a tally (returns a new tally). */
export const addToTally = (
  tally: CapacityTally,
  call: { operation: string; caller: CallerKind; units: number },
): CapacityTally => {
  const previous = tally.byOperation[call.operation] ?? { requests: 0, units: 0 };
  const callerPrevious = tally.byCaller[call.caller];
  return {
    requests: tally.requests + 1,
    readUnits: tally.readUnits + (READ_OPERATIONS.has(call.operation) ? call.units : 0),
    writeUnits: tally.writeUnits + (WRITE_OPERATIONS.has(call.operation) ? call.units : 0),
    byOperation: {
      ...tally.byOperation,
      [call.operation]: { requests: previous.requests + 1, units: previous.units + call.units },
    },
    byCaller: {
      ...tally.byCaller,
      [call.caller]: { requests: callerPrevious.requests + 1, units: callerPrevious.units + call.units },
    },
  };
};

export interface CapacityMeasuringProxy {
  readonly endpoint: string;
  /** What was consumed since the last reset. */
  tally(): CapacityTally;
  reset(): void;
  close(): Promise<void>;
}

export const startCapacityMeasuringProxy = async (options: {
  readonly upstreamEndpoint: string;
  readonly adminAccessKeyId: string;
  readonly functionAccessKeyIds: readonly string[];
}): Promise<CapacityMeasuringProxy> => {
  const upstream = new URL(options.upstreamEndpoint);
  const upstreamAgent = new Agent({ keepAlive: true });
  let tally = emptyTally();
  const callerOf = (request: IncomingMessage): CallerKind => {
    const key = accessKeyIdOf(request);
    if (key === options.adminAccessKeyId) return 'admin';
    return key !== undefined && options.functionAccessKeyIds.includes(key) ? 'function' : 'scoped';
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const original = await readBody(request, MAX_REQUEST_BYTES);
    const targetHeader = request.headers['x-amz-target'];
    const target = (Array.isArray(targetHeader) ? targetHeader[0] : targetHeader) ?? '';
    const operation = target.startsWith(DYNAMODB_TARGET_PREFIX)
      ? target.slice(DYNAMODB_TARGET_PREFIX.length)
      : '';
    const measured = isCapacityOperation(operation);
    const body = measured ? withConsumedCapacityRequested(original) : original;
    const caller = callerOf(request);
    const upstreamRequest = httpRequest(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: { ...request.headers, 'content-length': String(body.length) },
        agent: upstreamAgent,
      },
      (upstreamResponse) => {
        const chunks: Buffer[] = [];
        upstreamResponse.on('data', (chunk: Buffer) => chunks.push(chunk));
        upstreamResponse.on('end', () => {
          const answer = Buffer.concat(chunks);
          if (measured && (upstreamResponse.statusCode ?? 500) < 300) {
            let units = 0;
            try {
              units = capacityUnitsIn(JSON.parse(answer.toString('utf8')));
            } catch {
              // Not JSON: nothing to count.
            }
            tally = addToTally(tally, { operation, caller, units });
          }
          response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
          response.end(answer);
        });
      },
    );
    upstreamRequest.on('error', (error) => {
      response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
    upstreamRequest.end(body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  const port = await listen(server, 0, '127.0.0.1');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    tally: () => tally,
    reset: () => {
      tally = emptyTally();
    },
    close: async () => {
      await closeServer(server);
      upstreamAgent.destroy();
    },
  };
};
