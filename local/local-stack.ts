/**
 * The whole local stack in one process: DynamoDB Local behind the LeadingKeys guard, a tagged
 * STS, fauxqs for SQS and S3, the local EventBridge bus with the manifest's rules, the outbox
 * stream relay (the local Pipe), queue pollers and schedules, the OIDC issuer, and the API
 * gateway in front of the manifest's functions — then the demo organisations.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startFauxqs } from 'fauxqs';
import { z } from 'zod';
import {
  AUTHORIZER_CACHE_TTL_SECONDS,
  eventRules,
  functions,
  queues,
  routes,
  schedules,
} from '../infra/manifest.ts';
import { TIERS, type Tier } from '../infra/tier-limits.ts';
import { DynamoDbDirectory } from '../shared/adapters/dynamodb/dynamodb-directory.ts';
import { DynamoDbEngagementTerms } from '../shared/adapters/dynamodb/dynamodb-engagement-terms.ts';
import { DynamoDbOrganisationDirectory } from '../shared/adapters/dynamodb/dynamodb-organisation-directory.ts';
import { startLocalApiGateway } from './api-gateway.ts';
import { createBillingControl, QueueAckFaults } from './billing-control.ts';
import { seedBillingDemo } from './billing-demo-seed.ts';
import { startDynamoDbGuardProxy } from './data-isolation/dynamodb-guard-proxy.ts';
import { startLocalSts } from './data-isolation/local-sts.ts';
import { type DemoState, seedDemoOrganisations, seedTenant } from './demo-data.ts';
import { recordSeededIdentityProvider, seedDemoDesks, seedTestProvider } from './demo-desks.ts';
import { tenantUsers } from './demo-organisations.ts';
import { seedDemoRoutingRules } from './demo-routing.ts';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { startLocalEventBus } from './event-bus/local-event-bus.ts';
import { startLocalSchedules } from './event-bus/local-schedules.ts';
import {
  createLocalSqsClient,
  createQueuesWithDeadLetters,
  startQueuePoller,
} from './event-bus/queue-delivery.ts';
import { createTargetDeliverer } from './event-bus/target-delivery.ts';
import { assertFunctionName, createLocalLambdaRuntime } from './lambda-runtime.ts';
import { localUsagePlanNames, startLocalUsagePlans } from './local-usage-plans.ts';
import { startLocalOidcIssuer } from './oidc-issuer.ts';
import { startOutboxStreamRelay } from './outbox-stream-relay.ts';
import { ensureTable } from './table-bootstrap.ts';
import { TenantRateLimiter, usagePlanThrottle } from './tenant-rate-limiter.ts';

export interface LocalStackPorts {
  readonly api: number;
  readonly oidc: number;
  readonly eventBus: number;
  readonly sts: number;
  readonly dynamoDbGuard: number;
  readonly dynamoDbLocal: number;
  readonly fauxqs: number;
}

export const defaultPorts: LocalStackPorts = {
  api: 4010,
  oidc: 4011,
  eventBus: 4012,
  sts: 4013,
  dynamoDbGuard: 4014,
  dynamoDbLocal: 4015,
  fauxqs: 4016,
};

/** Every port 0: the OS picks free ones (tests, parallel stacks). */
export const ephemeralPorts: LocalStackPorts = {
  api: 0,
  oidc: 0,
  eventBus: 0,
  sts: 0,
  dynamoDbGuard: 0,
  dynamoDbLocal: 0,
  fauxqs: 0,
};

export interface LocalStackOptions {
  readonly rootDir: string;
  readonly ports: LocalStackPorts;
  /** Keep DynamoDB data here across restarts; in memory when omitted. */
  readonly persistDir?: string;
  readonly authorizerCacheTtlSeconds?: number;
  readonly log?: (message: string, details?: Readonly<Record<string, unknown>>) => void;
  /**
   * Benchmarks only: puts a proxy (e.g. one that measures consumed capacity) between the guard
   * and DynamoDB Local. The guard forwards to the endpoint it returns instead of DynamoDB Local's.
   */
  readonly wrapDynamoDbEndpoint?: (
    upstreamEndpoint: string,
  ) => Promise<{ readonly endpoint: string; close(): Promise<void> }>;
  /**
   * Benchmarks only: `false` turns the usage plans' throttling off, so a latency benchmark
   * measures the request path instead of a tier's rate limit answering 429.
   */
  readonly throttle?: boolean;
  /**
   * Ticks scheduled rules at their AWS rate (`rateMinutes`) instead of the fast local interval:
   * the benchmarks measure operations, not a sweeper polling every second beside them.
   */
  readonly deployedScheduleRates?: boolean;
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly docsUrl: string;
  readonly demo: DemoState;
  stop(): Promise<void>;
}

const REGION = 'eu-west-1';
const STAGE = 'local';
const TABLE_NAME = 'guichet-local';
const BUS_NAME = 'guichet-local';
const BUCKET_NAME = 'guichet-local-objects';
const DATA_ACCESS_ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-local-data-access';
// tenancy: the read-only data-access role, for functions whose manifest `table` access is 'read'
const READ_ONLY_DATA_ACCESS_ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-local-data-access-read';
/** What a `table: 'none'` function's environment names in AWS: no role it could assume. */
const NO_DATA_ACCESS_ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-local-no-data-access';
// DynamoDB Local accepts only alphanumeric access keys.
const FUNCTION_ACCESS_KEY = 'GUICHETLOCALFUNCTION';
const ADMIN_ACCESS_KEY = 'GUICHETLOCALADMIN';
const SECRET_KEY = 'local';

/** Fails fast, before anything starts, when the API port is taken (a second `npm start`). */
const assertPortFree = (port: number, what: string): Promise<void> =>
  port === 0
    ? Promise.resolve()
    : new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', (error: NodeJS.ErrnoException) =>
          reject(
            error.code === 'EADDRINUSE'
              ? new Error(`${what} port ${port} is already in use (is another Guichet stack running?)`)
              : error,
          ),
        );
        probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
      });

const tokenRequestSchema = z
  .object({
    issuer: z.string(),
    subject: z.string(),
    claims: z.record(z.string(), z.unknown()).default({}),
    audience: z.string().optional(),
    expiresInSeconds: z.number().int().optional(),
  })
  .strict();

const tenantRequestSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,40}$/),
    name: z.string().min(1).default('Test tenant'),
    tier: z.enum(['free', 'standard', 'premium']).default('standard'),
    // tenancy: false seeds a legacy tenant, onboarded before usage-plan keys existed (tests)
    usagePlanKey: z.boolean().default(true),
  })
  .strict();

const faultRequestSchema = z.object({ count: z.number().int().min(1).max(100) }).strict();

export const startLocalStack = async (options: LocalStackOptions): Promise<LocalStack> => {
  const log = options.log ?? ((message: string) => console.log(message));
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`while stopping: ${String(error)}`);
      }
    }
  };

  await assertPortFree(options.ports.api, 'API');
  try {
    const dynamoDbLocal = await startDynamoDbLocal({
      port: options.ports.dynamoDbLocal,
      ...(options.persistDir === undefined ? {} : { persistDir: options.persistDir }),
    });
    stops.push(() => dynamoDbLocal.stop());
    const wrapped = await options.wrapDynamoDbEndpoint?.(dynamoDbLocal.endpoint);
    if (wrapped !== undefined) stops.push(() => wrapped.close());

    const sts = await startLocalSts({
      roleArn: DATA_ACCESS_ROLE_ARN,
      readOnlyRoleArn: READ_ONLY_DATA_ACCESS_ROLE_ARN,
      port: options.ports.sts,
      trustedCallerAccessKeyIds: [FUNCTION_ACCESS_KEY],
    });
    stops.push(() => sts.close());

    const guard = await startDynamoDbGuardProxy({
      upstreamEndpoint: wrapped?.endpoint ?? dynamoDbLocal.endpoint,
      scopeOf: (accessKeyId) => sts.scopeOf(accessKeyId),
      accessOf: (accessKeyId) => sts.accessOf(accessKeyId),
      functionAccessKeyIds: [FUNCTION_ACCESS_KEY],
      adminAccessKeyId: ADMIN_ACCESS_KEY,
      port: options.ports.dynamoDbGuard,
      region: REGION,
      onRefusal: (refusal) => log(`dynamodb guard refused ${refusal.operation}: ${refusal.reason}`),
    });
    stops.push(() => guard.close());

    const adminCredentials = { accessKeyId: ADMIN_ACCESS_KEY, secretAccessKey: SECRET_KEY };
    const adminDynamoDb = new DynamoDBClient({
      region: REGION,
      endpoint: guard.endpoint,
      credentials: adminCredentials,
    });
    stops.push(async () => adminDynamoDb.destroy());
    await ensureTable(adminDynamoDb, TABLE_NAME);

    const fauxqs = await startFauxqs({ port: options.ports.fauxqs, logger: false, defaultRegion: REGION });
    stops.push(() => fauxqs.stop());
    const sqs = createLocalSqsClient(fauxqs.address, REGION);
    const queueSet = await createQueuesWithDeadLetters(sqs, queues);
    const s3 = new S3Client({
      region: REGION,
      endpoint: fauxqs.address,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: SECRET_KEY },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET_NAME }));

    // The bus must exist before the functions' environment names it; its deliveries need the runtime.
    let invokeFunction: (name: string, event: unknown) => Promise<unknown> = () =>
      Promise.reject(new Error('runtime not ready'));
    const bus = await startLocalEventBus({
      busName: BUS_NAME,
      rules: eventRules,
      port: options.ports.eventBus,
      defaultRegion: REGION,
      deliver: createTargetDeliverer({
        sqs,
        queueUrls: Object.fromEntries(Object.values(queueSet).map((queue) => [queue.name, queue.queueUrl])),
        invokeFunction: (name, event) => invokeFunction(name, event),
      }),
      log: (message, details) => log(`event bus: ${message}`, details),
    });
    stops.push(() => bus.stop());

    // tenancy: the stand-in for API Gateway's usage-plan keys (onboarding creates tenants' keys there)
    const usagePlans = await startLocalUsagePlans();
    stops.push(() => usagePlans.close());
    // tenancy: the providers' and platform's shared keys, as the CDK app declares them
    const sharedUsageKeyIds = {
      provider: usagePlans.provisionKey('guichet-local-provider', 'provider').keyId,
      platform: usagePlans.provisionKey('guichet-local-platform', 'platform').keyId,
    };

    const runtime = createLocalLambdaRuntime({
      rootDir: options.rootDir,
      // tenancy: each function assumes the data-access role its manifest `table` access names, as in AWS
      dataAccessRoleFor: (access) =>
        access === 'read-write'
          ? DATA_ACCESS_ROLE_ARN
          : access === 'read'
            ? READ_ONLY_DATA_ACCESS_ROLE_ARN
            : NO_DATA_ACCESS_ROLE_ARN,
      environment: {
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: FUNCTION_ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY: SECRET_KEY,
        GUICHET_STAGE: STAGE,
        GUICHET_TABLE_NAME: TABLE_NAME,
        GUICHET_EVENT_BUS_NAME: BUS_NAME,
        GUICHET_BUCKET_NAME: BUCKET_NAME,
        GUICHET_DATA_ACCESS_ROLE_ARN: DATA_ACCESS_ROLE_ARN,
        GUICHET_CURSOR_KEY: randomBytes(32).toString('base64url'),
        GUICHET_DYNAMODB_ENDPOINT: guard.endpoint,
        GUICHET_STS_ENDPOINT: sts.endpoint,
        GUICHET_EVENTBRIDGE_ENDPOINT: bus.url,
        GUICHET_SQS_ENDPOINT: fauxqs.address,
        GUICHET_S3_ENDPOINT: fauxqs.address,
        POWERTOOLS_SERVICE_NAME: 'guichet',
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
        // tenancy: usage-plan keys of onboarded tenants
        GUICHET_USAGE_PLAN_NAMES: JSON.stringify(localUsagePlanNames),
        GUICHET_APIGATEWAY_ENDPOINT: usagePlans.endpoint,
        // tenancy: the authoriser reads the shared usage-plan keys' values by id
        GUICHET_SHARED_USAGE_KEY_IDS: JSON.stringify(sharedUsageKeyIds),
      },
    });
    invokeFunction = (name, event) => runtime.invoke(assertFunctionName(name), event);
    await runtime.warmUp();

    // Billing tests: a queue's batch can be processed and then left unacknowledged (a crash).
    const ackFaults = new QueueAckFaults();
    for (const spec of queues) {
      const queue = queueSet[spec.name];
      if (queue === undefined) throw new Error(`queue ${spec.name} was not created`);
      const poller = await startQueuePoller({
        sqs,
        queueUrl: queue.queueUrl,
        batchSize: spec.batchSize,
        maxConcurrency: spec.maxConcurrency,
        visibilityTimeoutSeconds: spec.visibilityTimeoutSeconds,
        consumer: async (event) => {
          const result = await runtime.invoke(spec.consumer, event);
          if (ackFaults.take(spec.name))
            throw new Error(`injected crash after processing a ${spec.name} batch`);
          return z
            .object({ batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })) })
            .optional()
            .parse(result);
        },
      });
      stops.push(() => poller.stop());
    }

    const scheduleRunner = startLocalSchedules(
      options.deployedScheduleRates === true
        ? schedules.map((schedule) => ({ ...schedule, localIntervalMs: schedule.rateMinutes * 60_000 }))
        : schedules,
      (name, event) => runtime.invoke(assertFunctionName(name), event),
    );
    stops.push(() => scheduleRunner.stop());

    const relayEventBridge = new EventBridgeClient({
      region: REGION,
      endpoint: bus.url,
      credentials: adminCredentials,
      // The relay retries on its own, without advancing the stream; SDK retries would hide failures.
      maxAttempts: 1,
    });
    const relay = await startOutboxStreamRelay({
      dynamodb: adminDynamoDb,
      streams: new DynamoDBStreamsClient({
        region: REGION,
        endpoint: guard.endpoint,
        credentials: adminCredentials,
      }),
      eventBridge: relayEventBridge,
      tableName: TABLE_NAME,
      busName: BUS_NAME,
      log: (message, details) => log(message, details),
    });
    stops.push(() => relay.stop());

    const oidc = await startLocalOidcIssuer({ port: options.ports.oidc });
    stops.push(() => oidc.stop());

    const directory = new DynamoDbDirectory({
      tableName: TABLE_NAME,
      client: DynamoDBDocumentClient.from(adminDynamoDb, {
        marshallOptions: { removeUndefinedValues: true },
      }),
    });

    const seedDeps = { directory, oidc };
    const adminDocumentClient = DynamoDBDocumentClient.from(adminDynamoDb, {
      marshallOptions: { removeUndefinedValues: true },
    });
    // Billing: engagement terms and price books (until the tenancy context's directory replaces them).
    const engagementTerms = new DynamoDbEngagementTerms({
      tableName: TABLE_NAME,
      client: adminDocumentClient,
    });
    // tenancy: providers' desks and engagements (platform items), seeded like the directory
    const organisations = new DynamoDbOrganisationDirectory({
      tableName: TABLE_NAME,
      client: adminDocumentClient,
    });
    // tenancy: what onboarding does for a tenant, for the tenants the local stack seeds itself
    const provisionSeededTenantKey = async (tenantId: string, tier: Tier): Promise<void> =>
      organisations.recordUsagePlanKey(
        tenantId,
        usagePlans.provisionKey(`guichet-local-tenant-${tenantId}`, tier),
      );
    const billingControl = createBillingControl({
      engagementTerms,
      eventBridge: new EventBridgeClient({
        region: REGION,
        endpoint: bus.url,
        credentials: adminCredentials,
      }),
      busName: BUS_NAME,
      ackFaults,
    });
    const control = async (
      request: IncomingMessage,
      response: ServerResponse,
      body: Buffer,
    ): Promise<boolean> => {
      const path = new URL(request.url ?? '/', 'http://local').pathname;
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
        return true;
      };
      const json = (): unknown => (body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
      if (request.method === 'POST' && path === '/_local/tokens') {
        const parsed = tokenRequestSchema.safeParse(json());
        if (!parsed.success) return reply(400, { error: parsed.error.message });
        const token = await oidc.issueToken(parsed.data.issuer, {
          subject: parsed.data.subject,
          audience: parsed.data.audience ?? 'guichet-api',
          claims: parsed.data.claims,
          ...(parsed.data.expiresInSeconds === undefined
            ? {}
            : { expiresInSeconds: parsed.data.expiresInSeconds }),
        });
        return reply(200, { token });
      }
      if (request.method === 'POST' && path === '/_local/tenants') {
        const parsed = tenantRequestSchema.safeParse(json());
        if (!parsed.success) return reply(400, { error: parsed.error.message });
        const { id, name, tier, usagePlanKey } = parsed.data;
        const tenant = await seedTenant(seedDeps, {
          id,
          name,
          tier,
          homeRegion: REGION,
          rolesClaim: 'roles',
          userIdClaim: 'sub',
          users: tenantUsers(id),
        });
        // tenancy: its issuer is its registered identity provider
        await recordSeededIdentityProvider(organisations, oidc, {
          id,
          rolesClaim: 'roles',
          userIdClaim: 'sub',
        });
        if (usagePlanKey) await provisionSeededTenantKey(id, tier);
        return reply(201, tenant);
      }
      if (request.method === 'POST' && path === '/_local/faults/put-events') {
        const parsed = faultRequestSchema.safeParse(json());
        if (!parsed.success) return reply(400, { error: parsed.error.message });
        bus.failPutEvents(parsed.data.count);
        return reply(200, { failing: parsed.data.count });
      }
      if (await billingControl(request.method ?? 'GET', path, json, reply)) return true;
      const rotate = /^\/_local\/issuers\/([a-z0-9-]+)\/rotate$/.exec(path);
      if (request.method === 'POST' && rotate?.[1] !== undefined) {
        await oidc.rotateKey(rotate[1]);
        return reply(200, { rotated: rotate[1] });
      }
      if (request.method === 'GET' && path === '/_local/state') {
        return reply(200, {
          bus: {
            accepted: bus.events().length,
            delivered: bus.deliveredCount,
            deadLetters: bus.deadLetters.length,
          },
          relay: { published: relay.publishedCount, failedAttempts: relay.failedAttempts },
          guard: { refusals: guard.refusals.length },
          events: bus
            .events()
            .map((event) => ({ id: event.id, detailType: event['detail-type'], detail: event.detail })),
        });
      }
      // tenancy: a fresh provider with its own IdP and a token per provider role (tests)
      if (request.method === 'POST' && path === '/_local/providers') {
        const parsed = tenantRequestSchema.pick({ id: true, name: true }).strict().safeParse(json());
        if (!parsed.success) return reply(400, { error: parsed.error.message });
        return reply(201, await seedTestProvider({ directory, organisations, oidc }, parsed.data));
      }
      // tenancy: an IdP on the local issuer that nobody has registered yet (tests of BYO identity)
      if (request.method === 'POST' && path === '/_local/issuers') {
        const parsed = tenantRequestSchema.pick({ id: true }).strict().safeParse(json());
        if (!parsed.success) return reply(400, { error: parsed.error.message });
        await oidc.ensureIssuer(parsed.data.id);
        return reply(201, { issuer: oidc.issuerUrl(parsed.data.id), jwksUri: oidc.jwksUrl(parsed.data.id) });
      }
      // tenancy: the usage-plan keys onboarding created (names and plans, never values)
      if (request.method === 'GET' && path === '/_local/usage-plans') {
        return reply(200, { keys: usagePlans.keys() });
      }
      if (request.method === 'POST' && path === '/_local/faults/usage-plan-keys') {
        const parsed = faultRequestSchema.safeParse(json());
        if (!parsed.success) return reply(400, { error: parsed.error.message });
        usagePlans.failNextPlanJoins(parsed.data.count);
        return reply(200, { failing: parsed.data.count });
      }
      return reply(404, { error: `no local control endpoint ${request.method} ${path}` });
    };

    const gateway = await startLocalApiGateway({
      port: options.ports.api,
      stage: STAGE,
      routes,
      authorizer: 'authorizer',
      authorizerCacheTtlSeconds: options.authorizerCacheTtlSeconds ?? AUTHORIZER_CACHE_TTL_SECONDS,
      invoke: (name, event) => runtime.invoke(name, event),
      control,
      log: (message, details) => log(message, details),
      // tenancy: per-tenant token buckets by tier, as the usage plans in AWS
      ...(options.throttle === false
        ? {}
        : { throttle: usagePlanThrottle(new TenantRateLimiter(), (key) => usagePlans.planOfKey(key)) }),
    });
    stops.push(() => gateway.stop());

    const demo = await seedDemoOrganisations(seedDeps);
    // tenancy: seeded tenants get their usage-plan key, as onboarding gives it
    for (const tenant of demo.tenants) {
      await provisionSeededTenantKey(tenant.id, z.enum(TIERS).parse(tenant.tier));
    }
    await seedBillingDemo(engagementTerms);
    // tenancy: the demo providers' desks and engagements
    await seedDemoDesks(organisations, oidc, new Date());
    // routing: the demo tenants' routing rules, through the store the API writes
    await seedDemoRoutingRules(adminDocumentClient, TABLE_NAME, new Date());

    return {
      apiUrl: gateway.url,
      docsUrl: `${gateway.url}/docs`,
      demo,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
};

/** Lists functions, for the start banner. */
export const functionCount = (): number => Object.keys(functions).length;

/** A free TCP port, for processes (Java) that cannot be told to pick one themselves. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
