/**
 * Tenants' usage-plan keys in API Gateway: one API key per tenant (CreateApiKey), made a member
 * of its tier's usage plan (CreateUsagePlanKey). The plans are known by name (one per tier,
 * `GUICHET_USAGE_PLAN_NAMES`) and their ids looked up once (GetUsagePlans): the function may not
 * reference the plans' ids, because the plans depend on the API stage, which depends on the
 * function through its integration — a dependency cycle. Locally the same adapter talks to the
 * local stack's stand-in for API Gateway's management API (`local/local-usage-plans.ts`).
 */
import {
  type APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  GetUsagePlansCommand,
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
  readonly #usagePlanNames: Readonly<Record<Tier, string>>;
  readonly #keyNamePrefix: string;
  #usagePlanIds: Promise<ReadonlyMap<string, string>> | undefined;

  constructor(options: {
    client: APIGatewayClient;
    usagePlanNames: Readonly<Record<Tier, string>>;
    /** Keys are named `<prefix><tenantId>` (e.g. `guichet-prod-tenant-`), to be found in the console. */
    keyNamePrefix: string;
  }) {
    this.#client = options.client;
    this.#usagePlanNames = options.usagePlanNames;
    this.#keyNamePrefix = options.keyNamePrefix;
  }

  /** Plan name → id, read once per container (a failed read is retried by the next call). */
  async #usagePlanIdOf(tier: Tier, tenantId: string): Promise<string> {
    this.#usagePlanIds ??= this.#client
      .send(new GetUsagePlansCommand({ limit: 500 }))
      .then(
        (plans) =>
          new Map(
            (plans.items ?? []).flatMap((plan) => (plan.name && plan.id ? [[plan.name, plan.id]] : [])),
          ),
      )
      .catch((error: unknown) => {
        this.#usagePlanIds = undefined;
        throw error;
      });
    const id = (await this.#usagePlanIds).get(this.#usagePlanNames[tier]);
    if (id === undefined) {
      throw new UsagePlanKeyNotProvisioned(
        `No usage plan named ${this.#usagePlanNames[tier]} for the ${tier} tier`,
        tenantId,
        undefined,
      );
    }
    return id;
  }

  async provision(tenantId: string, tier: Tier): Promise<UsagePlanKey> {
    // Before creating anything: an unknown plan must not leave an orphan key behind.
    const usagePlanId = await this.#usagePlanIdOf(tier, tenantId);
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
          usagePlanId,
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
