/**
 * The local stack's stand-in for the part of API Gateway's management API that tenants'
 * usage-plan keys use: GetUsagePlans (`GET /usageplans`), CreateApiKey (`POST /apikeys`), CreateUsagePlanKey
 * (`POST /usageplans/{id}/keys`) and DeleteUsagePlanKey (`DELETE /usageplans/{id}/keys/{keyId}`),
 * over the REST-JSON protocol the SDK speaks. The onboarding function's AWS adapter talks to it
 * unchanged (`GUICHET_APIGATEWAY_ENDPOINT`), and the local gateway's limiter asks it which tier's
 * plan a usage identifier key belongs to — so the key decides the bucket, as in AWS.
 *
 * Tenancy (#3): the shared plans (`provider`, `platform`) exist too, each with the one key the
 * CDK app declares for it; the authoriser reads their values with GetApiKey
 * (`GET /apikeys/{id}?includeValue=true`). The local stack also provisions seeded tenants' keys
 * here directly (`provisionKey`), as onboarding does through the API.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { TIERS, type Tier, type UsagePlanName } from '../infra/tier-limits.ts';
import { SHARED_USAGE_PLANS, type SharedUsagePlan } from '../shared/domain/tenancy/usage-identity.ts';

/** Usage plans of the local stage, one per tier: ids, and the names GUICHET_USAGE_PLAN_NAMES holds. */
export const localUsagePlanIds: Readonly<Record<Tier, string>> = {
  free: 'local-plan-free',
  standard: 'local-plan-standard',
  premium: 'local-plan-premium',
};

export const localUsagePlanNames: Readonly<Record<Tier, string>> = {
  free: 'guichet-local-free',
  standard: 'guichet-local-standard',
  premium: 'guichet-local-premium',
};

/** The shared plans of the local stage (ids; names as GUICHET_USAGE_PLAN_NAMES would give them). */
export const localSharedPlanIds: Readonly<Record<SharedUsagePlan, string>> = {
  provider: 'local-plan-provider',
  platform: 'local-plan-platform',
};

const planIds: Readonly<Record<UsagePlanName, string>> = { ...localUsagePlanIds, ...localSharedPlanIds };
const planNames: Readonly<Record<UsagePlanName, string>> = {
  ...localUsagePlanNames,
  provider: 'guichet-local-provider',
  platform: 'guichet-local-platform',
};
const PLANS: readonly UsagePlanName[] = [...TIERS, ...SHARED_USAGE_PLANS];

const planOfId = (planId: string): UsagePlanName | undefined =>
  PLANS.find((plan) => planIds[plan] === planId);

const createApiKeySchema = z.object({ name: z.string().optional(), value: z.string().min(20).optional() });
const createUsagePlanKeySchema = z.object({ keyId: z.string(), keyType: z.literal('API_KEY') });

interface ApiKey {
  readonly id: string;
  readonly value: string;
  readonly name: string;
  planId: string | undefined;
}

export interface LocalUsagePlans {
  readonly endpoint: string;
  /** The usage plan a key value belongs to; undefined for a key in no plan. */
  planOfKey(value: string): UsagePlanName | undefined;
  /** Creates a key in a plan (what onboarding does with two calls): the local stack's seeding. */
  provisionKey(name: string, plan: UsagePlanName): { readonly keyId: string; readonly value: string };
  /** Fault injection (tests): the next `count` CreateUsagePlanKey calls fail (500), after CreateApiKey succeeded. */
  failNextPlanJoins(count: number): void;
  /** Every key with its plan (the local control endpoint `GET /_local/usage-plans` shows them). */
  keys(): ReadonlyArray<{ readonly id: string; readonly name: string; readonly usagePlanId: string | null }>;
  close(): Promise<void>;
}

export const startLocalUsagePlans = async (options: { port?: number } = {}): Promise<LocalUsagePlans> => {
  const keys = new Map<string, ApiKey>();
  let failingPlanJoins = 0;
  const byValue = new Map<string, ApiKey>();

  const reply = (response: ServerResponse, status: number, body?: unknown, errorType?: string) => {
    response.writeHead(status, {
      'content-type': 'application/json',
      ...(errorType === undefined ? {} : { 'x-amzn-errortype': errorType }),
    });
    response.end(body === undefined ? '' : JSON.stringify(body));
  };
  const readJson = async (request: IncomingMessage): Promise<unknown> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(Buffer.from(chunk));
    const text = Buffer.concat(chunks).toString('utf8');
    return text === '' ? {} : JSON.parse(text);
  };

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    const planKeys = /^\/usageplans\/([^/]+)\/keys(?:\/([^/]+))?$/.exec(path);
    void (async () => {
      if (request.method === 'GET' && path === '/usageplans') {
        return reply(response, 200, {
          item: PLANS.map((plan) => ({ id: planIds[plan], name: planNames[plan] })),
        });
      }
      const keyOfPath = /^\/apikeys\/([^/]+)$/.exec(path)?.[1];
      if (request.method === 'GET' && keyOfPath !== undefined) {
        const key = keys.get(keyOfPath);
        if (key === undefined)
          return reply(response, 404, { message: 'Invalid API Key identifier' }, 'NotFoundException');
        const includeValue = new URL(request.url ?? '/', 'http://local').searchParams.get('includeValue');
        return reply(response, 200, {
          id: key.id,
          name: key.name,
          enabled: true,
          ...(includeValue === 'true' ? { value: key.value } : {}),
        });
      }
      if (request.method === 'POST' && path === '/apikeys') {
        const input = createApiKeySchema.parse(await readJson(request));
        const key: ApiKey = {
          id: randomUUID().replaceAll('-', '').slice(0, 10),
          value: input.value ?? randomBytes(30).toString('base64url'),
          name: input.name ?? 'unnamed',
          planId: undefined,
        };
        if (byValue.has(key.value))
          return reply(response, 409, { message: 'API key already exists' }, 'ConflictException');
        keys.set(key.id, key);
        byValue.set(key.value, key);
        return reply(response, 201, { id: key.id, value: key.value, name: key.name, enabled: true });
      }
      const planId = planKeys?.[1];
      if (planId === undefined || planOfId(planId) === undefined) {
        return reply(response, 404, { message: `No such resource ${path}` }, 'NotFoundException');
      }
      if (request.method === 'POST' && planKeys?.[2] === undefined) {
        const input = createUsagePlanKeySchema.parse(await readJson(request));
        if (failingPlanJoins > 0) {
          failingPlanJoins -= 1;
          return reply(response, 500, { message: 'injected failure' }, 'ServiceUnavailableException');
        }
        const key = keys.get(input.keyId);
        if (key === undefined)
          return reply(response, 404, { message: 'Invalid API Key identifier' }, 'NotFoundException');
        // API Gateway allows a key in several plans of different stages; one stage here: one plan.
        if (key.planId !== undefined)
          return reply(response, 409, { message: 'Key already in a plan' }, 'ConflictException');
        key.planId = planId;
        return reply(response, 201, { id: key.id, type: 'API_KEY', value: key.value, name: key.name });
      }
      const keyId = planKeys?.[2];
      if (request.method === 'DELETE' && keyId !== undefined) {
        const key = keys.get(keyId);
        if (key?.planId !== planId)
          return reply(response, 404, { message: 'Invalid API Key identifier' }, 'NotFoundException');
        key.planId = undefined;
        return reply(response, 202);
      }
      return reply(response, 404, { message: `No such resource ${path}` }, 'NotFoundException');
    })().catch((error: unknown) =>
      reply(
        response,
        400,
        { message: error instanceof Error ? error.message : 'bad request' },
        'BadRequestException',
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    planOfKey: (value) => {
      const planId = byValue.get(value)?.planId;
      return planId === undefined ? undefined : planOfId(planId);
    },
    provisionKey: (name, plan) => {
      const key: ApiKey = {
        id: randomUUID().replaceAll('-', '').slice(0, 10),
        value: randomBytes(30).toString('base64url'),
        name,
        planId: planIds[plan],
      };
      keys.set(key.id, key);
      byValue.set(key.value, key);
      return { keyId: key.id, value: key.value };
    },
    failNextPlanJoins: (count) => {
      failingPlanJoins = count;
    },
    keys: () =>
      [...keys.values()].map((key) => ({ id: key.id, name: key.name, usagePlanId: key.planId ?? null })),
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
};
