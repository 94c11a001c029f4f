/** The HTTP stack alone: parsing, authorisation and error mapping, with no AWS behind it. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineContract } from '../../../shared/api/operation-contract.ts';
import { Conflict } from '../../../shared/domain/errors.ts';
import { encodePrincipal } from '../../../shared/http/authorizer-context.ts';
import { httpOperation } from '../../../shared/http/http-operation.ts';

const contract = defineContract({
  summary: 'test',
  description: 'test',
  tags: [],
  path: z.object({ ticketId: z.string().regex(/^[A-Z0-9]+$/) }).strict(),
  body: z.object({ subject: z.string().min(1) }).strict(),
  responses: {},
});

/** The operation under test, as a context would declare it: requesters and agents may call it. */
const raiseTicket = { id: 'createTicket', roles: ['requester', 'agent'] } as const;

const requester = encodePrincipal({
  kind: 'tenant',
  tenantId: 'acme',
  tier: 'standard',
  tenantStatus: 'active',
  userId: 'alice',
  roles: ['requester'],
  credential: 'token',
});

const event = (
  overrides: Partial<APIGatewayProxyEvent> = {},
  authorizer: unknown = requester,
): APIGatewayProxyEvent =>
  ({
    resource: '/v1/tickets/{ticketId}',
    path: '/v1/tickets/ABC',
    httpMethod: 'POST',
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { ticketId: 'ABC' },
    stageVariables: null,
    body: JSON.stringify({ subject: 'hello' }),
    isBase64Encoded: false,
    requestContext: { requestId: 'req-1', authorizer },
    ...overrides,
  }) as APIGatewayProxyEvent;

const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 } as Context;

const invoke = async (
  handler: ReturnType<typeof httpOperation>,
  proxyEvent: APIGatewayProxyEvent,
): Promise<APIGatewayProxyResult & { problem: Record<string, unknown> }> => {
  const result = await handler(proxyEvent, context);
  return { ...result, problem: result.body === '' ? {} : JSON.parse(result.body) };
};

describe('httpOperation', () => {
  const echo = httpOperation(raiseTicket, contract, async (request) => ({
    status: 201,
    body: { id: request.path.ticketId, subject: request.body.subject, user: request.principal.userId },
  }));

  it('hands the parsed request and the principal to the business function', async () => {
    const result = await invoke(echo, event());
    expect(result.statusCode).toBe(201);
    expect(result.problem).toEqual({ id: 'ABC', subject: 'hello', user: 'alice' });
    expect(result.headers?.['x-correlation-id']).toBe('req-1');
  });

  it('keeps a well-formed client correlation id and replaces a malformed one', async () => {
    const kept = await invoke(
      echo,
      event({ headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': 'abc-123' } }),
    );
    expect(kept.headers?.['x-correlation-id']).toBe('abc-123');
    const replaced = await invoke(
      echo,
      event({ headers: { 'Content-Type': 'application/json', 'X-Correlation-Id': 'bad id <script>' } }),
    );
    expect(replaced.headers?.['x-correlation-id']).toBe('req-1');
  });

  it('answers 401 without an authoriser context, and 401 for a forged one', async () => {
    expect((await invoke(echo, event({}, null))).statusCode).toBe(401);
    expect((await invoke(echo, event({}, { ...requester, roles: 'superuser' }))).statusCode).toBe(401);
  });

  it('answers 403 when the permission table does not allow the role', async () => {
    const finance = encodePrincipal({
      kind: 'tenant',
      tenantId: 'acme',
      tier: 'standard',
      tenantStatus: 'active',
      userId: 'fred',
      roles: ['finance'],
      credential: 'token',
    });
    const result = await invoke(echo, event({}, finance));
    expect(result.statusCode).toBe(403);
    expect(result.headers?.['content-type']).toBe('application/problem+json');
  });

  it('answers 403 for an operation missing from the permission table (deny by default)', async () => {
    const unknown = httpOperation('operationNobodyDeclared', contract, async () => ({ status: 200 }));
    expect((await invoke(unknown, event())).statusCode).toBe(403);
  });

  it('collects every invalid part with its location', async () => {
    const result = await invoke(
      echo,
      event({ pathParameters: { ticketId: 'a#b' }, body: JSON.stringify({ subject: '', extra: true }) }),
    );
    expect(result.statusCode).toBe(400);
    const locations = (result.problem.errors as Array<{ location: string }>).map((error) => error.location);
    expect(locations).toEqual(expect.arrayContaining(['path.ticketId', 'body.subject', 'body']));
  });

  it('maps a domain error to its status and a stable problem type', async () => {
    const conflicting = httpOperation(raiseTicket, contract, async () => {
      throw new Conflict('Ticket is closed');
    });
    const result = await invoke(conflicting, event());
    expect(result.statusCode).toBe(409);
    expect(result.problem).toMatchObject({
      type: 'https://guichet.dev/problems/conflict',
      detail: 'Ticket is closed',
      instance: '/v1/tickets/ABC',
    });
  });

  it('answers an unexpected error with a generic 500 that reveals nothing', async () => {
    const failing = httpOperation(raiseTicket, contract, async () => {
      throw new Error('connection string postgres://secret@host');
    });
    const result = await invoke(failing, event());
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(result.problem.type).toBe('https://guichet.dev/problems/internal-error');
  });

  it('decodes a base64 body', async () => {
    const body = Buffer.from(JSON.stringify({ subject: 'encoded' })).toString('base64');
    const result = await invoke(echo, event({ body, isBase64Encoded: true }));
    expect(result.problem.subject).toBe('encoded');
  });
});
