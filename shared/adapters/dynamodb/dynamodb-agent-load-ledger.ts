/**
 * Applies an agent's load change once per event: the marker (`tenantId#eventId`, platform item)
 * and the increment of `load#<agentId>` on the team's assignment state commit in one
 * transaction, so a redelivered event finds the marker and changes nothing. A release never
 * takes a load below zero: when it is already zero, only the marker is written, so a later
 * redelivery cannot take away a unit counted since.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AgentLoadChange,
  AgentLoadChangeOutcome,
  AgentLoadLedger,
} from '../../domain/routing/agent-load-release.ts';
import { ENTITY_TYPE, LOAD_PREFIX } from './dynamodb-assignment-state-store.ts';
import { agentLoadChangeMarkerKeys, teamAssignmentStateKeys } from './keys.ts';
import { TTL_ATTRIBUTE } from './table-definition.ts';

/** Redeliveries come within hours; the marker outlives them by far, then expires. */
const MARKER_TTL_SECONDS = 30 * 24 * 3600;

export class DynamoDbAgentLoadLedger implements AgentLoadLedger {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;
  readonly #nowSeconds: () => number;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient; nowSeconds: () => number }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
    this.#nowSeconds = options.nowSeconds;
  }

  async applyOnce(change: AgentLoadChange, idempotencyKey: string): Promise<AgentLoadChangeOutcome> {
    const marker = {
      TableName: this.#tableName,
      Item: {
        ...agentLoadChangeMarkerKeys(idempotencyKey),
        entityType: 'ASSIGNMENT_EVENT',
        providerId: change.providerId,
        teamId: change.teamId,
        agentId: change.agentId,
        delta: change.delta,
        [TTL_ATTRIBUTE]: this.#nowSeconds() + MARKER_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: marker },
            {
              Update: {
                TableName: this.#tableName,
                Key: teamAssignmentStateKeys(change.providerId, change.teamId),
                UpdateExpression: 'ADD #load :delta SET #entityType = :entityType',
                ...(change.delta < 0 ? { ConditionExpression: '#load > :zero' } : {}),
                ExpressionAttributeNames: {
                  '#load': `${LOAD_PREFIX}${change.agentId}`,
                  '#entityType': 'entityType',
                },
                ExpressionAttributeValues: {
                  ':delta': change.delta,
                  ':entityType': ENTITY_TYPE,
                  ...(change.delta < 0 ? { ':zero': 0 } : {}),
                },
              },
            },
          ],
        }),
      );
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [markerReason, loadReason] = error.CancellationReasons ?? [];
      if (markerReason?.Code === 'ConditionalCheckFailed') return 'duplicate';
      if (loadReason?.Code !== 'ConditionalCheckFailed') throw error;
    }
    // The load is already zero: record the event as handled, so it stays a no-op if redelivered.
    try {
      await this.#client.send(new PutCommand(marker));
      return 'already_zero';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'duplicate';
      throw error;
    }
  }
}
