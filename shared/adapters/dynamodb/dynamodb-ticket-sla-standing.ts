/**
 * Writes a ticket's SLA standing (and so its place in the provider's queue, GSI3SK) onto the
 * ticket item WITHOUT touching its version: the standing is derived by the SLA engine, not a
 * change anyone made, so an agent's `If-Match` never fails because the SLA tracker ran.
 *
 * The update is conditioned on the ticket version it read (so GSI3SK always agrees with the
 * stored priority and status; a ticket that moved meanwhile is re-read and retried) and on the
 * stored standing being older (an out-of-order tracker run never overwrites a newer one). A
 * ticket change that raced with it carries the standing it read; the tracker's run for that
 * change's own event writes the fresh one.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SlaStandingPublisher } from '../../domain/sla/sla-service.ts';
import type { TicketSlaStanding } from '../../domain/tickets/ticket.ts';
import { ticketKeys } from './keys.ts';
import { fromTicketItem, providerQueueKeysOf } from './ticket-records.ts';

const MAX_ATTEMPTS = 5;

export class DynamoDbTicketSlaStanding implements SlaStandingPublisher {
  readonly #tableName: string;
  readonly #clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;

  constructor(options: {
    tableName: string;
    clientForTenant: (tenantId: string) => Promise<DynamoDBDocumentClient>;
  }) {
    this.#tableName = options.tableName;
    this.#clientForTenant = options.clientForTenant;
  }

  async publish(
    tenantId: string,
    ticketId: string,
    stateVersion: number,
    standing: TicketSlaStanding | undefined,
  ): Promise<void> {
    const client = await this.#clientForTenant(tenantId);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const read = await client.send(
        new GetCommand({
          TableName: this.#tableName,
          Key: ticketKeys(tenantId, ticketId),
          ConsistentRead: true,
        }),
      );
      if (read.Item === undefined) return;
      const ticket = fromTicketItem(read.Item);
      if (ticket.sla !== undefined && ticket.sla.stateVersion > stateVersion) return;
      const { sla: _previous, ...unmeasured } = ticket;
      const queueKeys = providerQueueKeysOf(
        standing === undefined ? unmeasured : { ...ticket, sla: standing },
      );
      const values: Record<string, unknown> = { ':expected': ticket.version };
      const sets: string[] = [];
      if (standing !== undefined) {
        sets.push('#sla = :sla');
        values[':sla'] = standing;
      }
      if (queueKeys.GSI3SK !== undefined) {
        sets.push('GSI3SK = :sk');
        values[':sk'] = queueKeys.GSI3SK;
      }
      const expression = [
        sets.length === 0 ? '' : `SET ${sets.join(', ')}`,
        standing === undefined ? 'REMOVE #sla' : '',
      ]
        .filter((part) => part !== '')
        .join(' ');
      try {
        await client.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: ticketKeys(tenantId, ticketId),
            UpdateExpression: expression,
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version', '#sla': 'sla' },
            ExpressionAttributeValues: values,
          }),
        );
        return;
      } catch (error) {
        // The ticket changed between read and write: read it again.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    // Still changing after every attempt: each of those changes has its own event, whose tracker
    // run writes the standing again.
  }
}
