/**
 * Child-process entry of the bench stack: the real local stack (as `npm start --ephemeral-ports`)
 * with the capacity-measuring proxy between its guard and DynamoDB Local, plus the floor server
 * and the measuring proxy's control endpoints. Prints one `GUICHET_BENCH_READY {…}` line.
 *
 * It runs in its own Node process, like a deployed stage, so the load generator and the runner
 * do not share its event loop.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDynamoDbGuardProxy } from '../../local/data-isolation/dynamodb-guard-proxy.ts';
import { closeServer, listen } from '../../local/data-isolation/http-plumbing.ts';
import { ephemeralPorts, startLocalStack } from '../../local/local-stack.ts';
import { type CapacityMeasuringProxy, startCapacityMeasuringProxy } from './capacity-measuring-proxy.ts';
import { startFloorServer } from './floor-server.ts';

export const BENCH_READY_PREFIX = 'GUICHET_BENCH_READY ';

/** The local stack's own keys (see `local/local-stack.ts`): they tell callers apart. */
const STACK_ADMIN_ACCESS_KEY = 'GUICHETLOCALADMIN';
const STACK_FUNCTION_ACCESS_KEY = 'GUICHETLOCALFUNCTION';
const FLOOR_ACCESS_KEY = 'GUICHETBENCHFLOOR';
const REGION = 'eu-west-1';
/** The local stack's table (see `local/local-stack.ts`). */
const TABLE_NAME = 'guichet-local';

const main = async () => {
  const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const stateFileIndex = process.argv.indexOf('--state-file');
  const stateFile = stateFileIndex === -1 ? undefined : process.argv[stateFileIndex + 1];
  if (stateFile === undefined) throw new Error('--state-file <path> is required');

  let measuring: CapacityMeasuringProxy | undefined;
  let dynamoDbLocalEndpoint = '';
  const stack = await startLocalStack({
    rootDir,
    ports: ephemeralPorts,
    // The benchmarks load one demo tenant far beyond its tier's rate: measure the path, not the 429s.
    throttle: false,
    // Schedules at their AWS rate (the SLA sweeper once a minute): a per-second sweep would add
    // its reads to every operation's capacity and keep the pipeline from ever looking quiet.
    deployedScheduleRates: true,
    log: (message, details) =>
      console.error(details === undefined ? message : `${message} ${JSON.stringify(details)}`),
    wrapDynamoDbEndpoint: async (upstreamEndpoint) => {
      dynamoDbLocalEndpoint = upstreamEndpoint;
      measuring = await startCapacityMeasuringProxy({
        upstreamEndpoint,
        adminAccessKeyId: STACK_ADMIN_ACCESS_KEY,
        functionAccessKeyIds: [STACK_FUNCTION_ACCESS_KEY],
      });
      return measuring;
    },
  });
  const proxy = measuring;
  if (proxy === undefined) throw new Error('the local stack did not use the measuring proxy');

  const floorGuard = await startDynamoDbGuardProxy({
    upstreamEndpoint: proxy.endpoint,
    scopeOf: () => undefined,
    functionAccessKeyIds: [],
    adminAccessKeyId: FLOOR_ACCESS_KEY,
    region: REGION,
  });
  const floor = await startFloorServer({
    dynamodbEndpoint: floorGuard.endpoint,
    accessKeyId: FLOOR_ACCESS_KEY,
    region: REGION,
  });

  const control = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://control').pathname;
    if (request.method === 'GET' && path === '/capacity') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(proxy.tally()));
      return;
    }
    if (request.method === 'POST' && path === '/capacity/reset') {
      proxy.reset();
      response.writeHead(204).end();
      return;
    }
    response.writeHead(404).end();
  });
  const controlPort = await listen(control, 0, '127.0.0.1');

  const state = { apiUrl: stack.apiUrl, docsUrl: stack.docsUrl, ...stack.demo };
  await mkdir(dirname(stateFile), { recursive: true });
  await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  console.log(
    `${BENCH_READY_PREFIX}${JSON.stringify({
      apiUrl: stack.apiUrl,
      stateFile,
      floorUrl: floor.url,
      controlUrl: `http://127.0.0.1:${controlPort}`,
      dynamoDbLocalEndpoint,
      tableName: TABLE_NAME,
    })}`,
  );

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await closeServer(control);
    await floor.close();
    await floorGuard.close();
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
};

main().catch((error: unknown) => {
  console.error(
    `bench stack could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
