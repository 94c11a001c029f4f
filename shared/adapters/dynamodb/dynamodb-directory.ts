/**
 * The platform directory: registered token issuers and tenants' standing. These are platform
 * items (`PLATFORM#…`), read with the function's own role, which may touch nothing else.
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import type { IssuerRegistration, TenantStanding } from '../../domain/tenancy/issuer-registration.ts';
import { issuerKeys, tenantKeys } from './keys.ts';

const ownerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tenant'), tenantId: z.string() }),
  z.object({ kind: z.literal('provider'), providerId: z.string() }),
  z.object({ kind: z.literal('platform') }),
]);

const issuerItemSchema = z.object({
  issuer: z.string(),
  jwksUri: z.string(),
  audience: z.string(),
  owner: ownerSchema,
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

const tenantItemSchema = z.object({
  tenantId: z.string(),
  name: z.string(),
  tier: z.enum(['free', 'standard', 'premium']),
  status: z.enum(['active', 'suspended']),
  homeRegion: z.string(),
  /** Value of the API Gateway API key in the tier's usage plan (provisioned at onboarding in AWS). */
  usagePlanKey: z.string().min(20).optional(),
});

export type TenantRecord = z.infer<typeof tenantItemSchema>;

export class DynamoDbDirectory {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;

  constructor(options: { tableName: string; client: DynamoDBDocumentClient }) {
    this.#tableName = options.tableName;
    this.#client = options.client;
  }

  async getIssuer(issuer: string): Promise<IssuerRegistration | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: issuerKeys(issuer) }),
    );
    return result.Item === undefined ? undefined : issuerItemSchema.parse(result.Item);
  }

  async putIssuer(registration: IssuerRegistration): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...issuerKeys(registration.issuer), entityType: 'ISSUER', ...registration },
      }),
    );
  }

  async getTenant(tenantId: string): Promise<TenantRecord | undefined> {
    const result = await this.#client.send(
      new GetCommand({ TableName: this.#tableName, Key: tenantKeys(tenantId) }),
    );
    return result.Item === undefined ? undefined : tenantItemSchema.parse(result.Item);
  }

  async getTenantStanding(tenantId: string): Promise<TenantStanding | undefined> {
    const tenant = await this.getTenant(tenantId);
    return tenant === undefined
      ? undefined
      : {
          tier: tenant.tier,
          status: tenant.status,
          ...(tenant.usagePlanKey === undefined ? {} : { usagePlanKey: tenant.usagePlanKey }),
        };
  }

  async putTenant(tenant: TenantRecord): Promise<void> {
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: { ...tenantKeys(tenant.tenantId), entityType: 'TENANT', ...tenant },
      }),
    );
  }
}
