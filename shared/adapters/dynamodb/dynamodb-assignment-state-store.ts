/**
 * Team assignment state (agent loads, round-robin turns) as one platform item per team, written
 * by the router with its function role (PLATFORM# partitions only).
 *
 * Every change is one atomic `UpdateItem` (`ADD`), never a read-modify-write of the whole item:
 * with a version-conditioned put, N routers assigning in the same team at once collided and
 * retried (two round trips per retry), which under a burst cost more than the routing itself.
 * Now a round-robin turn is one increment nobody can collide on, and a least-loaded pick is
 * conditioned only on the chosen agent's own load. Loads are top-level `load#<agentId>`
 * attributes so a first increment needs no map to exist.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { AssignmentStateStore, TeamAssignmentState } from '../../domain/routing/routing-directory.ts';
import { teamAssignmentStateKeys } from './keys.ts';

/** Loads are top-level attributes `load#<agentId>` of the team's state item (shared with the load ledger). */
export const LOAD_PREFIX = 'load#';
export const ENTITY_TYPE = 'ASSIGNMENT_STATE';

const stateOf = (item: Record<string, unknown> | undefined): TeamAssignmentState => {
  if (item === undefined) return { loads: {}, turn: 0 };
  const loads: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(LOAD_PREFIX)) loads[name.slice(LOAD_PREFIX.length)] = z.number().parse(value);
  }
  return { loads, turn: z.number().int().optional().parse(item.turn) ?? 0 };
};

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
    return stateOf(result.Item);
  }

  async takeTurn(providerId: string, teamId: string): Promise<TeamAssignmentState> {
    const result = await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: teamAssignmentStateKeys(providerId, teamId),
        UpdateExpression: 'ADD #turn :one SET #entityType = :entityType',
        ExpressionAttributeNames: { '#turn': 'turn', '#entityType': 'entityType' },
        ExpressionAttributeValues: { ':one': 1, ':entityType': ENTITY_TYPE },
        ReturnValues: 'ALL_NEW',
      }),
    );
    const state = stateOf(result.Attributes);
    return { ...state, turn: state.turn - 1 };
  }

  async adjustLoad(
    providerId: string,
    teamId: string,
    agentId: string,
    delta: 1 | -1,
    ifLoadIs?: number,
  ): Promise<boolean> {
    const conditions = [
      ...(delta < 0 ? ['#load > :zero'] : []),
      ...(ifLoadIs === undefined
        ? []
        : [ifLoadIs === 0 ? '(attribute_not_exists(#load) OR #load = :zero)' : '#load = :seen']),
    ];
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: teamAssignmentStateKeys(providerId, teamId),
          UpdateExpression: 'ADD #load :delta SET #entityType = :entityType',
          ...(conditions.length === 0 ? {} : { ConditionExpression: conditions.join(' AND ') }),
          ExpressionAttributeNames: { '#load': `${LOAD_PREFIX}${agentId}`, '#entityType': 'entityType' },
          ExpressionAttributeValues: {
            ':delta': delta,
            ':entityType': ENTITY_TYPE,
            ...(conditions.some((condition) => condition.includes(':zero')) ? { ':zero': 0 } : {}),
            ...(ifLoadIs === undefined || ifLoadIs === 0 ? {} : { ':seen': ifLoadIs }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
