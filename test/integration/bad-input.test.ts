/**
 * Bad input never reaches the data: every malformed request answers a 4xx problem that says
 * what is wrong and where, and leaves the tenant's tickets exactly as they were.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { problemSchema } from '../../shared/api/problem.ts';
import { api, createTestTenant, type TestTenant, tokenOf } from '../support/local-stack.ts';

const countTickets = async (tenant: TestTenant): Promise<number> => {
  const response = await api('GET', '/v1/tickets?limit=100', { token: tokenOf(tenant, 'agent') });
  return z.object({ items: z.array(z.unknown()) }).parse(response.body).items.length;
};

describe('bad input on POST /v1/tickets', () => {
  let tenant: TestTenant;
  let token: string;

  beforeAll(async () => {
    tenant = await createTestTenant('bad-input');
    token = tokenOf(tenant, 'requester');
    await api('POST', '/v1/tickets', { token, body: { subject: 'the one valid ticket' } });
  });

  const cases: ReadonlyArray<{
    readonly name: string;
    readonly status: number;
    readonly location?: string;
    readonly request: { rawBody?: string; body?: unknown; headers?: Record<string, string> };
  }> = [
    {
      name: 'malformed JSON',
      status: 400,
      location: 'body',
      request: { rawBody: '{"subject": "unterminated', headers: { 'content-type': 'application/json' } },
    },
    { name: 'a JSON array instead of an object', status: 400, location: 'body', request: { body: [1, 2] } },
    {
      name: 'a missing subject',
      status: 400,
      location: 'body.subject',
      request: { body: { description: 'x' } },
    },
    {
      name: 'a subject of the wrong type',
      status: 400,
      location: 'body.subject',
      request: { body: { subject: 42 } },
    },
    {
      name: 'an unknown enum value',
      status: 400,
      location: 'body.urgency',
      request: { body: { subject: 'x', urgency: 'extreme' } },
    },
    {
      name: 'an unknown field',
      status: 400,
      location: 'body',
      request: { body: { subject: 'x', tenantId: 'other' } },
    },
    {
      name: 'a subject longer than 200 characters',
      status: 400,
      location: 'body.subject',
      request: { body: { subject: 'x'.repeat(201) } },
    },
    {
      name: 'an invalid language tag',
      status: 400,
      location: 'body.language',
      request: { body: { subject: 'x', language: 'not a tag' } },
    },
    {
      name: 'an invalid Idempotency-Key',
      status: 400,
      location: 'header.idempotency-key',
      request: { body: { subject: 'x' }, headers: { 'idempotency-key': 'short' } },
    },
    {
      name: 'a body over 64 KiB',
      status: 413,
      request: { body: { subject: 'big', description: 'x'.repeat(70 * 1024) } },
    },
    {
      name: 'a JSON body declared in a charset other than UTF-8',
      status: 415,
      location: 'header.Content-Type',
      request: {
        rawBody: JSON.stringify({ subject: 'x' }),
        headers: { 'content-type': 'application/json; charset=utf-16' },
      },
    },
    {
      name: 'a body over the 10 MB API Gateway limit',
      status: 413,
      request: { rawBody: 'x'.repeat(11 * 1024 * 1024), headers: { 'content-type': 'application/json' } },
    },
    {
      name: 'a body that is not JSON',
      status: 415,
      location: 'header.Content-Type',
      request: { rawBody: 'subject=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    },
  ];

  it.each(cases)('answers $status for $name, and writes nothing', async ({ status, location, request }) => {
    const before = await countTickets(tenant);
    const response = await api('POST', '/v1/tickets', { token, ...request });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    const problem = problemSchema.parse(response.body);
    expect(problem.status).toBe(status);
    if (location !== undefined) {
      expect(problem.errors?.map((error) => error.location)).toContain(location);
    }
    expect(await countTickets(tenant)).toBe(before);
  });

  it('never lets a body field choose the tenant', async () => {
    const response = await api('POST', '/v1/tickets', { token, body: { subject: 'x', tenantId: 'acme' } });
    expect(response.status).toBe(400);
  });

  it('answers 400 for a bad query parameter and a bad path id', async () => {
    const limit = await api('GET', '/v1/tickets?limit=0', { token });
    expect(limit.status).toBe(400);
    expect(problemSchema.parse(limit.body).errors?.[0]?.location).toBe('query.limit');
    const unknownQuery = await api('GET', '/v1/tickets?tenantId=acme', { token });
    expect(unknownQuery.status).toBe(400);
    const path = await api('GET', '/v1/tickets/not%23valid', { token });
    expect(path.status).toBe(400);
    expect(problemSchema.parse(path.body).errors?.[0]?.location).toBe('path.ticketId');
  });

  it('answers 404 problems for unknown routes and 405 for unknown methods', async () => {
    const unknown = await api('GET', '/v1/nothing-here', { token });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    const method = await api('DELETE', '/v1/tickets', { token });
    expect(method.status).toBe(405);
  });
});

describe('requests the gateway cannot hand to a function', () => {
  let token: string;

  beforeAll(async () => {
    token = tokenOf(await createTestTenant('bad-wire'), 'agent');
  });

  it.each([
    ['a truncated sequence', '%E0%A4%A'],
    ['a non-hex escape', '%ZZ'],
    ['a lone percent sign', '%'],
    ['an overlong UTF-8 dot', '%C0%AE'],
  ])('answers 400 naming the path parameter for %s, never a failed function', async (_name, segment) => {
    const response = await api('GET', `/v1/tickets/${segment}`, { token });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(problemSchema.parse(response.body).errors?.map((error) => error.location)).toEqual([
      'path.ticketId',
    ]);
  });

  it('answers 431 problem+json for headers over the 10,240-byte API Gateway limit, even past the parser limit', async () => {
    for (const size of [12 * 1024, 64 * 1024, 200 * 1024]) {
      const response = await api('GET', '/v1/tickets', {
        headers: { authorization: `Bearer ${'x'.repeat(size)}` },
      });
      expect(response.status).toBe(431);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(problemSchema.parse(response.body).status).toBe(431);
    }
  });
});
