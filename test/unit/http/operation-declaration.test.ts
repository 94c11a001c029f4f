/**
 * The in-function router of a context: one declaration per operation, dispatched by the proxy
 * event's method and resource template, dependencies built once on first use.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from '../../../shared/api/operation-contract.ts';
import type { Role } from '../../../shared/domain/tenancy/principal.ts';
import { encodePrincipal } from '../../../shared/http/authorizer-context.ts';
import {
  defineHttpContext,
  defineOperation,
  httpContextHandler,
} from '../../../shared/http/operation-declaration.ts';

interface CounterDeps {
  readonly greeting: string;
}

const operation = defineOperation<CounterDeps>();

const greet = operation({
  id: 'greet',
  method: 'GET',
  path: '/v1/greetings/{name}',
  contract: defineContract({
    summary: 'greet',
    description: 'greet',
    tags: [],
    path: z.object({ name: z.string().min(1) }).strict(),
    responses: {},
  }),
  roles: ['requester'],
  run: async (request, deps) => ({ status: 200, body: { text: `${deps.greeting}, ${request.path.name}` } }),
});

const rename = operation({
  id: 'rename',
  method: 'POST',
  path: '/v1/greetings/{name}',
  contract: defineContract({
    summary: 'rename',
    description: 'rename',
    tags: [],
    path: z.object({ name: z.string() }).strict(),
    body: z.object({ to: z.string().min(1) }).strict(),
    responses: {},
  }),
  roles: ['tenant_admin'],
  run: async (request) => ({ status: 201, body: { from: request.path.name, to: request.body.to } }),
});

const context = defineHttpContext({
  name: 'greetings',
  description: 'test context',
  table: 'none',
  operations: [greet, rename],
});

const principal = (roles: readonly Role[]) =>
  encodePrincipal({
    kind: 'tenant',
    tenantId: 'acme',
    tier: 'standard',
    tenantStatus: 'active',
    userId: 'alice',
    roles,
    credential: 'token',
  });

const event = (overrides: Partial<APIGatewayProxyEvent>, roles: readonly Role[] = ['requester']) =>
  ({
    resource: '/v1/greetings/{name}',
    path: '/v1/greetings/bob',
    httpMethod: 'GET',
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { name: 'bob' },
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', authorizer: principal(roles) },
    ...overrides,
  }) as APIGatewayProxyEvent;

const lambdaContext = { functionName: 'greetings', awsRequestId: 'r' } as Context;

const call = async (handler: ReturnType<typeof httpContextHandler>, proxyEvent: APIGatewayProxyEvent) => {
  const result: APIGatewayProxyResult = await handler(proxyEvent, lambdaContext);
  return { status: result.statusCode, body: JSON.parse(result.body) as Record<string, unknown> };
};

describe('httpContextHandler', () => {
  it('runs the operation the method and resource template name, with its dependencies', async () => {
    // Prepare
    const handler = httpContextHandler(context, () => ({ greeting: 'Hello' }));
    // Act
    const got = await call(handler, event({}));
    const posted = await call(
      handler,
      event({ httpMethod: 'POST', body: JSON.stringify({ to: 'robert' }) }, ['tenant_admin']),
    );
    // Assess
    expect(got).toEqual({ status: 200, body: { text: 'Hello, bob' } });
    expect(posted).toEqual({ status: 201, body: { from: 'bob', to: 'robert' } });
  });

  it("enforces each operation's own roles: a role allowed one operation is refused the other", async () => {
    const handler = httpContextHandler(context, () => ({ greeting: 'Hello' }));
    const refused = await call(
      handler,
      event({ httpMethod: 'POST', body: JSON.stringify({ to: 'robert' }) }, ['requester']),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('rename');
  });

  it('answers 404 problem+json for a method the context does not declare', async () => {
    const handler = httpContextHandler(context, () => ({ greeting: 'Hello' }));
    const result = await call(handler, event({ httpMethod: 'DELETE' }));
    expect(result.status).toBe(404);
  });

  it('builds the dependencies once, and again after a failed start', async () => {
    // Prepare
    let builds = 0;
    const handler = httpContextHandler(context, async () => {
      builds += 1;
      if (builds === 1) throw new Error('secret not readable yet');
      return { greeting: 'Hi' };
    });
    // Act
    const first = await call(handler, event({}));
    const second = await call(handler, event({}));
    const third = await call(handler, event({}));
    // Assess
    expect(first.status).toBe(500);
    expect([second, third]).toEqual([
      { status: 200, body: { text: 'Hi, bob' } },
      { status: 200, body: { text: 'Hi, bob' } },
    ]);
    expect(builds).toBe(2);
  });

  it('refuses a context that declares one route twice', () => {
    const twice = defineHttpContext({
      name: 'twice',
      description: 'x',
      table: 'none',
      operations: [greet, greet],
    });
    expect(() => httpContextHandler(twice, () => ({ greeting: 'x' }))).toThrow(/declared twice/);
  });
});
