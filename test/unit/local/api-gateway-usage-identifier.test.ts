/**
 * The local gateway behaves like API Gateway with `apiKeyRequired` token routes and the key
 * source AUTHORIZER: an authoriser decision that admits the caller without a usage identifier
 * is refused (403 problem+json) and the handler never runs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalApiGateway, startLocalApiGateway } from '../../../local/api-gateway.ts';

const allow = (usageIdentifierKey: string | undefined) => ({
  principalId: 'someone',
  policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow' }] },
  context: { kind: 'provider', providerId: 'desk' },
  ...(usageIdentifierKey === undefined ? {} : { usageIdentifierKey }),
});

describe('local gateway: usage identifier required on token routes', () => {
  let gateway: LocalApiGateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  const start = async (usageIdentifierKey: string | undefined, handled: string[]) => {
    gateway = await startLocalApiGateway({
      port: 0,
      stage: 'test',
      routes: [
        {
          method: 'GET',
          path: '/v1/provider/desk',
          function: 'getProviderDesk',
          operation: 'getProviderDesk',
          auth: 'token',
        },
      ],
      authorizer: 'authorizer',
      authorizerCacheTtlSeconds: 0,
      invoke: async (name) => {
        if (name === 'authorizer') return allow(usageIdentifierKey);
        handled.push(name);
        return { statusCode: 200, body: '{}' };
      },
      log: () => {},
    });
    return fetch(`${gateway.url}/v1/provider/desk`, { headers: { authorization: 'Bearer a.b.c' } });
  };

  it('refuses an admitted caller without a usage identifier, before the handler', async () => {
    const handled: string[] = [];
    const response = await start(undefined, handled);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({
      status: 403,
      type: expect.stringContaining('usage-identifier-missing'),
    });
    expect(handled).toEqual([]);
  });

  it('serves an admitted caller with a usage identifier', async () => {
    const handled: string[] = [];
    const response = await start('shared-key-of-provider-0000000000', handled);
    expect(response.status).toBe(200);
    expect(handled).toEqual(['getProviderDesk']);
  });
});
