/**
 * The values of the shared usage-plan keys (providers', platform's), read from API Gateway by
 * key id (GetApiKey with includeValue) once per container. The keys are declared by the CDK app
 * (`infra/constructs/shared-usage-keys.ts`), which gives the authoriser their ids
 * (`GUICHET_SHARED_USAGE_KEY_IDS`) and leave to read exactly those two keys. A failed read is
 * retried by the next call rather than cached.
 */
import { type APIGatewayClient, GetApiKeyCommand } from '@aws-sdk/client-api-gateway';
import type { SharedUsageKeys, SharedUsagePlan } from '../../domain/tenancy/usage-identity.ts';

export class ApiGatewaySharedUsageKeys implements SharedUsageKeys {
  readonly #client: APIGatewayClient;
  readonly #keyIds: Readonly<Record<SharedUsagePlan, string>>;
  readonly #values = new Map<SharedUsagePlan, Promise<string>>();

  constructor(options: { client: APIGatewayClient; keyIds: Readonly<Record<SharedUsagePlan, string>> }) {
    this.#client = options.client;
    this.#keyIds = options.keyIds;
  }

  valueOf(plan: SharedUsagePlan): Promise<string> {
    const cached = this.#values.get(plan);
    if (cached !== undefined) return cached;
    const reading = this.#client
      .send(new GetApiKeyCommand({ apiKey: this.#keyIds[plan], includeValue: true }))
      .then((key) => {
        if (key.value === undefined)
          throw new Error(`API key ${this.#keyIds[plan]} answered without a value`);
        return key.value;
      })
      .catch((error: unknown) => {
        this.#values.delete(plan);
        throw error;
      });
    this.#values.set(plan, reading);
    return reading;
  }
}
