/**
 * Team assignment state (agent loads, round-robin position) as one platform item per team,
 * written by the router with its function role (PLATFORM# partitions only) and a version
 * condition, so two routers never hand out the same turn.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { AssignmentStateStore, TeamAssignmentState } from '../../domain/routing/routing-directory.ts';
import { teamAssignmentStateKeys } from './keys.ts';

const stateSchema = z.object({
  loads: z.record(z.string(), z.number()),
  lastAssignedAgentId: z.string().nullable(),
  version: z.number().int(),
});

export class DynamoDbAssignmentStateStore implements AssignmentStateStore {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
  }

  async read(providerId: string, teamId: string): Promise<TeamAssignmentState> {
    const result = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: teamAssignmentStateKeys(providerId, teamId),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined
      ? { loads: {}, lastAssignedAgentId: null, version: 0 }
      : stateSchema.parse(result.Item);
  }

  async write(providerId: string, teamId: string, state: TeamAssignmentState, expectedVersion: number) {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...teamAssignmentStateKeys(providerId, teamId), entityType: 'ASSIGNMENT_STATE', ...state },
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(PK)' : '#version = :expected',
          ...(expectedVersion === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
