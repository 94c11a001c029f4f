/** The local Pipe's filter: outbox inserts become bus entries; nothing else can stall it. */
import { describe, expect, it } from 'vitest';
import { toBusEntry } from '../../../local/outbox-stream-relay.ts';

const outboxInsert = {
  eventName: 'INSERT' as const,
  dynamodb: {
    NewImage: {
      PK: { S: 'TENANT#acme#OUTBOX#E1' },
      entityType: { S: 'OUTBOX' },
      source: { S: 'guichet' },
      detailType: { S: 'TicketCreated' },
      detail: { S: '{"eventId":"E1"}' },
      expiresAt: { N: '1' },
    },
  },
};

describe('toBusEntry', () => {
  it('turns an outbox insert into a PutEvents entry on the named bus', () => {
    expect(toBusEntry(outboxInsert, 'guichet-local')).toEqual({
      EventBusName: 'guichet-local',
      Source: 'guichet',
      DetailType: 'TicketCreated',
      Detail: '{"eventId":"E1"}',
    });
  });

  it('ignores other items, including ones whose shape unmarshalling would choke on (an empty map)', () => {
    const ticketWithEmptyMap = {
      eventName: 'INSERT' as const,
      dynamodb: {
        NewImage: { PK: { S: 'TENANT#acme#TICKET#T1' }, entityType: { S: 'TICKET' }, links: { M: {} } },
      },
    };
    expect(toBusEntry(ticketWithEmptyMap, 'b')).toBeUndefined();
    expect(toBusEntry({ ...outboxInsert, eventName: 'MODIFY' }, 'b')).toBeUndefined();
    expect(toBusEntry({ ...outboxInsert, eventName: 'REMOVE' }, 'b')).toBeUndefined();
  });

  it('ignores a malformed outbox item instead of failing the batch', () => {
    const { detailType: _missing, ...withoutDetailType } = outboxInsert.dynamodb.NewImage;
    expect(
      toBusEntry({ eventName: 'INSERT', dynamodb: { NewImage: withoutDetailType } }, 'b'),
    ).toBeUndefined();
  });
});
