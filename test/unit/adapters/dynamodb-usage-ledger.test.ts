/** Failure paths of the usage ledger, with the SDK mocked (counting itself runs against DynamoDB Local). */
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbUsageLedger } from '../../../shared/adapters/dynamodb/dynamodb-usage-ledger.ts';
import type { UsageFact } from '../../../shared/domain/billing/usage-fact.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const mock = mockClient(documentClient);
const ledger = new DynamoDbUsageLedger({ tableName: 't', clientForTenant: async () => documentClient });

const fact: UsageFact = {
  factId: 'evt-1.tickets.created',
  tenantId: 'acme',
  engagementId: 'eng-1',
  providerId: 'sdp',
  meter: 'tickets.created',
  dimension: 'incident',
  quantity: '1',
  occurredAt: '2026-11-02T10:00:00.000Z',
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('DynamoDbUsageLedger.record', () => {
  beforeEach(() => mock.reset());

  it('retries a transaction that collided with a concurrent one on the shared counter, and counts once', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'None', 'TransactionConflict'))
      .rejectsOnce(cancelled('TransactionConflict', 'None', 'None'))
      .resolves({});
    await expect(ledger.record(fact)).resolves.toEqual({
      outcome: 'counted',
      period: '2026-11',
      correction: false,
    });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up on a counter that keeps colliding, so the queue redelivers the fact later', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'None', 'TransactionConflict'));
    await expect(ledger.record(fact)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(6);
  });

  it('reads a failed dedup condition as a duplicate, without retrying', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None', 'None'));
    await expect(ledger.record(fact)).resolves.toEqual({ outcome: 'duplicate' });
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('moves a fact of a closed period to the next open one, as a correction', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'ConditionalCheckFailed', 'None'))
      .resolves({});
    await expect(ledger.record(fact)).resolves.toEqual({
      outcome: 'counted',
      period: '2026-12',
      correction: true,
    });
    const counter = mock.commandCalls(TransactWriteCommand)[1]?.args[0].input.TransactItems?.[2]?.Update;
    expect(counter?.ExpressionAttributeValues?.[':origin']).toBe('2026-11');
  });
});
