/** Failure paths of the ticket repository, with the SDK mocked (the happy paths run against DynamoDB Local). */
import {
  DynamoDBClient,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbTicketRepository } from '../../../shared/adapters/dynamodb/dynamodb-ticket-repository.ts';
import { raiseTicket } from '../../../shared/domain/tickets/ticket.ts';

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const mock = mockClient(documentClient);
const repository = new DynamoDbTicketRepository({
  tableName: 't',
  clientForTenant: async () => documentClient,
});

const ticket = raiseTicket(
  { subject: 's', description: '', channel: 'api', language: 'en', impact: 'low', urgency: 'low' },
  { tenantId: 'acme', ticketId: 'T1', number: 1, requesterId: 'alice', createdBy: 'alice', now: new Date() },
);
const claim = { principalId: 'alice', key: 'key-0001', fingerprint: 'f' };

describe('DynamoDbTicketRepository.createTicket', () => {
  beforeEach(() => mock.reset());

  it('reports the holder of the key when the idempotency claim condition fails', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    mock.on(GetCommand).resolves({ Item: { fingerprint: 'f', ticketId: 'T0' } });
    await expect(repository.createTicket(ticket, [], claim)).resolves.toEqual({
      kind: 'idempotency-key-taken',
      record: { fingerprint: 'f', ticketId: 'T0' },
    });
  });

  it('rethrows a cancellation caused by something other than the claim', async () => {
    mock.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    await expect(repository.createTicket(ticket, [], claim)).rejects.toBeInstanceOf(
      TransactionCanceledException,
    );
  });

  it('lets throttling surface (the SDK already retried), writing nothing partial', async () => {
    mock
      .on(TransactWriteCommand)
      .rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(repository.createTicket(ticket, [], undefined)).rejects.toBeInstanceOf(
      ProvisionedThroughputExceededException,
    );
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('writes the ticket, its history, its events and the claim in one transaction', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const event = { eventId: 'E1', tenantId: 'acme', detailType: 'TicketCreated', detail: { a: 1 } };
    await repository.createTicket(ticket, [event], claim);
    const items = mock.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    const keys = items.map((item) => String(item.Put?.Item?.PK));
    expect(keys).toEqual([
      'TENANT#acme#IDEMPOTENCY#alice#key-0001',
      'TENANT#acme#TICKET#T1',
      'TENANT#acme#TICKET#T1',
      'TENANT#acme#OUTBOX#E1',
    ]);
    expect(items[3]?.Put?.Item).toMatchObject({
      entityType: 'OUTBOX',
      detailType: 'TicketCreated',
      detail: '{"a":1}',
    });
  });
});
