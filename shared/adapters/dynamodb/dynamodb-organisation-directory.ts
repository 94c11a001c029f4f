/**
 * The organisation directory in DynamoDB: tenants, their identity providers, providers with
 * their teams and agents, and engagements. All of it is platform data (`PLATFORM#…`), read and
 * written with the function's own role; none of it is a tenant's business data.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Conflict } from '../../domain/errors.ts';
import { type Engagement, engagementStatuses, isEngagementInForce } from '../../domain/tenancy/engagement.ts';
import {
  type Agent,
  assignmentStrategies,
  DEFAULT_ASSIGNMENT_STRATEGY,
  type IdentityProviderSettings,
  issuerRegistrationOf,
  type OrganisationDirectory,
  type Provider,
  type Team,
  type Tenant,
  teamTiers,
  tiers,
  weekdays,
} from '../../domain/tenancy/organisations.ts';
import type { UsagePlanKey } from '../../domain/tenancy/usage-plan-keys.ts';
import {
  engagementOfProviderKeys,
  engagementOfTenantKeys,
  issuerKeys,
  providerAgentKeys,
  providerKeys,
  providerPartition,
  providerTeamKeys,
  tenantIdentityProviderKeys,
  tenantKeys,
} from './keys.ts';

const tenantSchema = z.object({
  tenantId: z.string(),
  name: z.string(),
  tier: z.enum(tiers),
  status: z.enum(['active', 'suspended']),
  homeRegion: z.string(),
  firstAdminUserId: z.string().optional(),
});

const usagePlanKeyItemSchema = z.object({ usagePlanKeyId: z.string(), usagePlanKey: z.string() });

const identityProviderSchema = z.object({
  issuer: z.string(),
  jwksUri: z.string(),
  audience: z.string(),
  rolesClaim: z.string(),
  userIdClaim: z.string(),
  orgUnitClaims: z
    .object({
      site: z.string().optional(),
      department: z.string().optional(),
      delegatedSites: z.string().optional(),
      delegatedDepartments: z.string().optional(),
    })
    .optional(),
});

const providerSchema = z.object({
  providerId: z.string(),
  name: z.string(),
  kind: z.enum(['outsourced', 'in_house']),
  ownerTenantId: z.string().nullable(),
});

const teamSchema = z.object({
  teamId: z.string(),
  providerId: z.string(),
  name: z.string(),
  tier: z.enum(teamTiers),
  // Teams saved before routing read the directory have neither: the documented defaults apply.
  strategy: z.enum(assignmentStrategies).default(DEFAULT_ASSIGNMENT_STRATEGY),
  nextTierTeamId: z.string().nullable().default(null),
  // Teams saved before leads existed have none.
  leadAgentId: z.string().nullable().default(null),
});

const agentSchema = z.object({
  agentId: z.string(),
  providerId: z.string(),
  displayName: z.string(),
  teamIds: z.array(z.string()),
  skills: z.array(z.string()),
  languages: z.array(z.string()),
  schedule: z.object({
    timeZone: z.string(),
    shifts: z.array(z.object({ day: z.enum(weekdays), from: z.string(), to: z.string() })),
  }),
  available: z.boolean().default(true),
  userId: z.string().nullable().default(null),
});

const engagementSchema = z.object({
  engagementId: z.string(),
  tenantId: z.string(),
  providerId: z.string(),
  scope: z.object({ services: z.array(z.string()), categories: z.array(z.string()) }),
  slaPolicyRef: z.string(),
  calendarRef: z.string(),
  priceBookRef: z.string(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  status: z.enum(engagementStatuses),
  updatedAt: z.string(),
  // Billing (#6): optional, engagements written before it have none.
  precedence: z.number().int().optional(),
});

const stripped = <T extends z.ZodObject>(schema: T, item: Record<string, unknown> | undefined) =>
  item === undefined ? undefined : schema.parse(item);

export class DynamoDbOrganisationDirectory implements OrganisationDirectory {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
  }

  async #get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    const result = await this.#client.send(new GetCommand({ TableName: this.#tableName, Key: key }));
    return result.Item;
  }

  async #put(item: Record<string, unknown>): Promise<void> {
    await this.#client.send(new PutCommand({ TableName: this.#tableName, Item: item }));
  }

  async #queryPrefix(partition: string, sortPrefix: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': sortPrefix },
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        }),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    return stripped(tenantSchema, await this.#get(tenantKeys(tenantId)));
  }

  async createTenant(tenant: Tenant): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...tenantKeys(tenant.tenantId), entityType: 'TENANT', ...tenant },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new Conflict(`Tenant ${tenant.tenantId} already exists`);
      }
      throw error;
    }
  }

  async saveTenant(tenant: Tenant): Promise<void> {
    // An update, not a put: the item also holds the usage-plan key, which a Tenant does not carry.
    const fields = Object.entries(tenant).filter(
      ([name, value]) => name !== 'tenantId' && value !== undefined,
    );
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: tenantKeys(tenant.tenantId),
        UpdateExpression: `SET ${fields.map((_, index) => `#f${index} = :v${index}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name], index) => [`#f${index}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          fields.map(([, value], index) => [`:v${index}`, value]),
        ),
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  // --- tenancy: usage-plan keys (the authoriser reads `usagePlanKey` through DynamoDbDirectory) ---
  async usagePlanKeyOf(tenantId: string): Promise<UsagePlanKey | undefined> {
    const parsed = usagePlanKeyItemSchema.safeParse(await this.#get(tenantKeys(tenantId)));
    return parsed.success
      ? { keyId: parsed.data.usagePlanKeyId, value: parsed.data.usagePlanKey }
      : undefined;
  }

  async recordUsagePlanKey(tenantId: string, key: UsagePlanKey): Promise<void> {
    await this.#client.send(
      new UpdateCommand({
        TableName: this.#tableName,
        Key: tenantKeys(tenantId),
        UpdateExpression: 'SET usagePlanKeyId = :keyId, usagePlanKey = :value',
        ExpressionAttributeValues: { ':keyId': key.keyId, ':value': key.value },
        ConditionExpression: 'attribute_exists(PK)',
      }),
    );
  }

  async getIdentityProvider(tenantId: string): Promise<IdentityProviderSettings | undefined> {
    return stripped(identityProviderSchema, await this.#get(tenantIdentityProviderKeys(tenantId)));
  }

  async registerIdentityProvider(tenantId: string, settings: IdentityProviderSettings): Promise<void> {
    const previous = await this.getIdentityProvider(tenantId);
    const ownedByThisTenant = {
      ConditionExpression: 'attribute_not_exists(PK) OR (#owner.#kind = :tenant AND #owner.#tenantId = :id)',
      ExpressionAttributeNames: { '#owner': 'owner', '#kind': 'kind', '#tenantId': 'tenantId' },
      ExpressionAttributeValues: { ':tenant': 'tenant', ':id': tenantId },
    };
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...issuerKeys(settings.issuer),
                  entityType: 'ISSUER',
                  ...issuerRegistrationOf(tenantId, settings),
                },
                ...ownedByThisTenant,
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...tenantIdentityProviderKeys(tenantId),
                  entityType: 'IDENTITY_PROVIDER',
                  ...settings,
                },
              },
            },
            // The old issuer stops opening this tenant the moment the new one is registered.
            ...(previous === undefined || previous.issuer === settings.issuer
              ? []
              : [
                  {
                    Delete: {
                      TableName: this.#tableName,
                      Key: issuerKeys(previous.issuer),
                      ...ownedByThisTenant,
                    },
                  },
                ]),
          ],
        }),
      );
    } catch (error) {
      if (
        error instanceof TransactionCanceledException ||
        (error instanceof Error && error.name === 'TransactionCanceledException')
      ) {
        throw new Conflict(`The issuer ${settings.issuer} is registered by another organisation`);
      }
      throw error;
    }
  }

  async getProvider(providerId: string): Promise<Provider | undefined> {
    return stripped(providerSchema, await this.#get(providerKeys(providerId)));
  }

  async createProvider(provider: Provider): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { ...providerKeys(provider.providerId), entityType: 'PROVIDER', ...provider },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new Conflict(`Provider ${provider.providerId} already exists`);
      }
      throw error;
    }
  }

  async registerProviderIssuer(providerId: string, settings: IdentityProviderSettings): Promise<void> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...issuerKeys(settings.issuer),
            entityType: 'ISSUER',
            issuer: settings.issuer,
            jwksUri: settings.jwksUri,
            audience: settings.audience,
            rolesClaim: settings.rolesClaim,
            userIdClaim: settings.userIdClaim,
            owner: { kind: 'provider', providerId },
          },
          ConditionExpression:
            'attribute_not_exists(PK) OR (#owner.#kind = :provider AND #owner.#providerId = :id)',
          ExpressionAttributeNames: { '#owner': 'owner', '#kind': 'kind', '#providerId': 'providerId' },
          ExpressionAttributeValues: { ':provider': 'provider', ':id': providerId },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        throw new Conflict(`The issuer ${settings.issuer} is registered by another organisation`);
      }
      throw error;
    }
  }

  async saveProvider(provider: Provider): Promise<void> {
    await this.#put({ ...providerKeys(provider.providerId), entityType: 'PROVIDER', ...provider });
  }

  async saveTeam(team: Team): Promise<void> {
    await this.#put({ ...providerTeamKeys(team.providerId, team.teamId), entityType: 'TEAM', ...team });
  }

  async saveAgent(agent: Agent): Promise<void> {
    await this.#put({ ...providerAgentKeys(agent.providerId, agent.agentId), entityType: 'AGENT', ...agent });
  }

  async getAgent(providerId: string, agentId: string): Promise<Agent | undefined> {
    return stripped(agentSchema, await this.#get(providerAgentKeys(providerId, agentId)));
  }

  async teamsOf(providerId: string): Promise<readonly Team[]> {
    const items = await this.#queryPrefix(providerPartition(providerId), 'TEAM#');
    return items.map((item) => teamSchema.parse(item));
  }

  async agentsOf(providerId: string): Promise<readonly Agent[]> {
    const items = await this.#queryPrefix(providerPartition(providerId), 'AGENT#');
    return items.map((item) => agentSchema.parse(item));
  }

  async getEngagement(tenantId: string, engagementId: string): Promise<Engagement | undefined> {
    return stripped(engagementSchema, await this.#get(engagementOfTenantKeys(tenantId, engagementId)));
  }

  async engagementsOfTenant(tenantId: string): Promise<readonly Engagement[]> {
    const items = await this.#queryPrefix(tenantKeys(tenantId).PK, 'ENGAGEMENT#');
    return items.map((item) => engagementSchema.parse(item));
  }

  async engagementsOfProvider(providerId: string): Promise<readonly Engagement[]> {
    const items = await this.#queryPrefix(providerPartition(providerId), 'ENGAGEMENT#');
    return items.map((item) => engagementSchema.parse(item));
  }

  /** Both copies change together, so the tenant's view and the provider's never disagree. */
  async saveEngagement(engagement: Engagement): Promise<void> {
    await this.#client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.#tableName,
              Item: {
                ...engagementOfTenantKeys(engagement.tenantId, engagement.engagementId),
                entityType: 'ENGAGEMENT',
                ...engagement,
              },
            },
          },
          {
            Put: {
              TableName: this.#tableName,
              Item: {
                ...engagementOfProviderKeys(
                  engagement.providerId,
                  engagement.tenantId,
                  engagement.engagementId,
                ),
                entityType: 'ENGAGEMENT',
                ...engagement,
              },
            },
          },
        ],
      }),
    );
  }

  async activeEngagementsOfProvider(providerId: string, at: Date): Promise<readonly Engagement[]> {
    return (await this.engagementsOfProvider(providerId)).filter((e) => isEngagementInForce(e, at));
  }

  async activeEngagementsOfTenant(tenantId: string, at: Date): Promise<readonly Engagement[]> {
    return (await this.engagementsOfTenant(tenantId)).filter((e) => isEngagementInForce(e, at));
  }
}
