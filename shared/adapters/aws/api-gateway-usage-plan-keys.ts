/**
 * Tenants' usage-plan keys in API Gateway: one API key per tenant (CreateApiKey), made a member
 * of its tier's usage plan (CreateUsagePlanKey). The usage plan ids come from the stack (one per
 * tier, `GUICHET_USAGE_PLAN_IDS`). Locally the same adapter talks to the local stack's stand-in
 * for API Gateway's management API (`infra/local/local-usage-plans.ts`).
 */
import {
  type APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
} from '@aws-sdk/client-api-gateway';
import type { Tier } from '../../domain/tenancy/organisations.ts';
import type { UsagePlanKey, UsagePlanKeys } from '../../domain/tenancy/usage-plan-keys.ts';

/** Provisioning failed part-way: names what exists so an operator can clean up or retry. */
export class UsagePlanKeyNotProvisioned extends Error {
  override readonly name = 'UsagePlanKeyNotProvisioned';
  constructor(
    message: string,
    readonly tenantId: string,
    /** The API key created before the failure, if any (then in no usage plan). */
    readonly orphanKeyId: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class ApiGatewayUsagePlanKeys implements UsagePlanKeys {
  readonly #client: APIGatewayClient;
  readonly #usagePlanIds: Readonly<Record<Tier, string>>;
  readonly #keyNamePrefix: string;

  constructor(options: {
    client: APIGatewayClient;
    usagePlanIds: Readonly<Record<Tier, string>>;
    /** Keys are named `<prefix><tenantId>` (e.g. `guichet-prod-tenant-`), to be found in the console. */
    keyNamePrefix: string;
  }) {
    this.#client = options.client;
    this.#usagePlanIds = options.usagePlanIds;
    this.#keyNamePrefix = options.keyNamePrefix;
  }

  async provision(tenantId: string, tier: Tier): Promise<UsagePlanKey> {
    const created = await this.#client.send(
      new CreateApiKeyCommand({
        name: `${this.#keyNamePrefix}${tenantId}`,
        description: `Usage identifier of tenant ${tenantId} (${tier} tier); not a client credential`,
        enabled: true,
      }),
    );
    if (created.id === undefined || created.value === undefined) {
      throw new UsagePlanKeyNotProvisioned(
        `CreateApiKey answered without an id or value for tenant ${tenantId}`,
        tenantId,
        created.id,
      );
    }
    try {
      await this.#client.send(
        new CreateUsagePlanKeyCommand({
          usagePlanId: this.#usagePlanIds[tier],
          keyId: created.id,
          keyType: 'API_KEY',
        }),
      );
    } catch (error) {
      throw new UsagePlanKeyNotProvisioned(
        `API key ${created.id} of tenant ${tenantId} could not join the ${tier} usage plan`,
        tenantId,
        created.id,
        { cause: error },
      );
    }
    return { keyId: created.id, value: created.value };
  }
}
