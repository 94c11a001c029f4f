/** The AWS producer of api.calls: access-log lines → calls per tenant × caller × minute, stable across redeliveries. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  apiUsageOf,
  decodeSubscriptionData,
  parseAccessLogLine,
} from '../../../shared/adapters/aws/api-access-log-usage.ts';

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    requestId: 'r-1',
    requestTime: '26/Nov/2026:10:15:42 +0000',
    requestTimeEpoch: '1795688142000',
    httpMethod: 'GET',
    resourcePath: '/v1/tickets',
    status: '200',
    tenantId: 'acme',
    userId: 'key-1',
    credential: 'api_key',
    ...overrides,
  });

const subscriptionData = (messageType: string, messages: readonly string[]) =>
  gzipSync(
    JSON.stringify({
      messageType,
      owner: '123456789012',
      logGroup: 'api-access',
      logStream: 's',
      subscriptionFilters: ['f'],
      logEvents: messages.map((message, index) => ({ id: String(index), timestamp: 0, message })),
    }),
  ).toString('base64');

describe('parseAccessLogLine', () => {
  it('reads an authenticated tenant request', () => {
    expect(parseAccessLogLine(line())).toEqual({
      requestId: 'r-1',
      requestTimeEpoch: 1_795_688_142_000,
      tenantId: 'acme',
      userId: 'key-1',
      credential: 'api_key',
    });
  });

  it.each([
    [
      'an unauthenticated request (API Gateway writes -)',
      line({ tenantId: '-', userId: '-', credential: '-' }),
    ],
    ['a provider caller (no tenant in the context)', line({ tenantId: '-' })],
    ['a line that is not JSON', 'START RequestId: abc'],
    ['a line without a request id', line({ requestId: '-' })],
  ])('skips %s', (_name, message) => {
    expect(parseAccessLogLine(message)).toBeUndefined();
  });
});

describe('decodeSubscriptionData', () => {
  it('unpacks the gzipped batch of a CloudWatch Logs subscription', () => {
    expect(decodeSubscriptionData(subscriptionData('DATA_MESSAGE', ['a', 'b']))).toEqual(['a', 'b']);
  });

  it('ignores the control message CloudWatch Logs sends to check a subscription', () => {
    expect(decodeSubscriptionData(subscriptionData('CONTROL_MESSAGE', ['CWL CONTROL MESSAGE']))).toEqual([]);
  });
});

describe('apiUsageOf', () => {
  const at = (second: number, minute = 15) =>
    String(Date.parse(`2026-11-26T10:${minute}:00.000Z`) + second * 1000);
  const accesses = [
    line({ requestId: 'a', requestTimeEpoch: at(1) }),
    line({ requestId: 'b', requestTimeEpoch: at(59) }),
    line({ requestId: 'c', requestTimeEpoch: at(0, 16) }),
    line({ requestId: 'd', requestTimeEpoch: at(5), userId: 'alice', credential: 'token' }),
    line({ requestId: 'e', requestTimeEpoch: at(6), tenantId: 'globex' }),
    // The same request logged twice in a batch counts once.
    line({ requestId: 'a', requestTimeEpoch: at(1) }),
  ].flatMap((message) => parseAccessLogLine(message) ?? []);

  it('counts calls per tenant × caller × minute, billed at the minute', () => {
    const usage = apiUsageOf(accesses).map(({ tenantId, dimension, quantity, occurredAt, meter }) => ({
      tenantId,
      dimension,
      quantity,
      occurredAt,
      meter,
    }));
    expect(usage).toEqual([
      {
        tenantId: 'acme',
        dimension: 'api_key:key-1',
        quantity: '2',
        occurredAt: '2026-11-26T10:15:00.000Z',
        meter: 'api.calls',
      },
      {
        tenantId: 'acme',
        dimension: 'api_key:key-1',
        quantity: '1',
        occurredAt: '2026-11-26T10:16:00.000Z',
        meter: 'api.calls',
      },
      {
        tenantId: 'acme',
        dimension: 'token:alice',
        quantity: '1',
        occurredAt: '2026-11-26T10:15:00.000Z',
        meter: 'api.calls',
      },
      {
        tenantId: 'globex',
        dimension: 'api_key:key-1',
        quantity: '1',
        occurredAt: '2026-11-26T10:15:00.000Z',
        meter: 'api.calls',
      },
    ]);
  });

  it('gives a redelivered batch the same fact ids, in any order, and other requests other ids', () => {
    const ids = (list: typeof accesses) =>
      apiUsageOf(list)
        .map((fact) => fact.factId)
        .sort();
    expect(ids([...accesses].reverse())).toEqual(ids(accesses));
    const [first] = accesses;
    if (first === undefined) throw new Error('no access');
    const withAnother = [...accesses, { ...first, requestId: 'z' }];
    expect(ids(withAnother)).not.toEqual(ids(accesses));
    expect(new Set(ids(accesses)).size).toBe(4);
  });
});
