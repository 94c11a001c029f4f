/** The usage-plan key adapter against a mocked API Gateway: the happy path's calls, and every way it can fail. */
import {
  APIGatewayClient,
  ConflictException,
  CreateApiKeyCommand,
  CreateUsagePlanKeyCommand,
  GetUsagePlansCommand,
  NotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ApiGatewayUsagePlanKeys,
  UsagePlanKeyNotProvisioned,
} from '../../../shared/adapters/aws/api-gateway-usage-plan-keys.ts';

const apiGateway = mockClient(APIGatewayClient);
const usagePlanNames = {
  free: 'guichet-test-free',
  standard: 'guichet-test-standard',
  premium: 'guichet-test-premium',
};
const plans = [
  { id: 'plan-free', name: 'guichet-test-free' },
  { id: 'plan-standard', name: 'guichet-test-standard' },
  { id: 'plan-premium', name: 'guichet-test-premium' },
  { id: 'plan-other-stage', name: 'guichet-prod-free' },
];
const adapter = () =>
  new ApiGatewayUsagePlanKeys({
    client: new APIGatewayClient({ region: 'eu-west-1' }),
    usagePlanNames,
    keyNamePrefix: 'guichet-test-tenant-',
  });

describe('ApiGatewayUsagePlanKeys', () => {
  beforeEach(() => {
    apiGateway.reset();
    apiGateway.on(GetUsagePlansCommand).resolves({ items: plans });
  });

  it("creates the tenant's key and puts it in its tier's plan", async () => {
    apiGateway.on(CreateApiKeyCommand).resolves({ id: 'k1', value: 'v'.repeat(40) });
    apiGateway.on(CreateUsagePlanKeyCommand).resolves({ id: 'k1', type: 'API_KEY' });
    await expect(adapter().provision('acme', 'standard')).resolves.toEqual({
      keyId: 'k1',
      value: 'v'.repeat(40),
    });
    expect(apiGateway.commandCalls(CreateApiKeyCommand)[0]?.args[0].input).toMatchObject({
      name: 'guichet-test-tenant-acme',
      enabled: true,
    });
    expect(apiGateway.commandCalls(CreateUsagePlanKeyCommand)[0]?.args[0].input).toEqual({
      usagePlanId: 'plan-standard',
      keyId: 'k1',
      keyType: 'API_KEY',
    });
  });

  it("creates nothing when the tier's plan cannot be found by name (no orphan key)", async () => {
    apiGateway
      .on(GetUsagePlansCommand)
      .resolves({ items: plans.filter((plan) => plan.id !== 'plan-premium') });
    await expect(adapter().provision('acme', 'premium')).rejects.toMatchObject({
      name: 'UsagePlanKeyNotProvisioned',
      orphanKeyId: undefined,
    });
    expect(apiGateway.commandCalls(CreateApiKeyCommand)).toHaveLength(0);
  });

  it('looks the plans up once per container, and again after a failed lookup', async () => {
    apiGateway.on(CreateApiKeyCommand).resolves({ id: 'k1', value: 'v'.repeat(40) });
    apiGateway.on(CreateUsagePlanKeyCommand).resolves({});
    apiGateway
      .on(GetUsagePlansCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
      .resolves({ items: plans });
    const keys = adapter();
    await expect(keys.provision('a', 'free')).rejects.toBeInstanceOf(TooManyRequestsException);
    await keys.provision('b', 'free');
    await keys.provision('c', 'standard');
    expect(apiGateway.commandCalls(GetUsagePlansCommand)).toHaveLength(2);
  });

  it('lets a CreateApiKey failure through untouched, having created nothing', async () => {
    const throttled = new TooManyRequestsException({ message: 'slow down', $metadata: {} });
    apiGateway.on(CreateApiKeyCommand).rejects(throttled);
    await expect(adapter().provision('acme', 'free')).rejects.toBe(throttled);
    expect(apiGateway.commandCalls(CreateUsagePlanKeyCommand)).toHaveLength(0);
  });

  it('refuses an answer without id or value rather than storing half a key', async () => {
    apiGateway.on(CreateApiKeyCommand).resolves({ id: 'k2' });
    const failure = adapter().provision('acme', 'free');
    await expect(failure).rejects.toBeInstanceOf(UsagePlanKeyNotProvisioned);
    await expect(failure).rejects.toMatchObject({ tenantId: 'acme', orphanKeyId: 'k2' });
    expect(apiGateway.commandCalls(CreateUsagePlanKeyCommand)).toHaveLength(0);
  });

  it.each([
    ['the plan is unknown', new NotFoundException({ message: 'Invalid Usage Plan ID', $metadata: {} })],
    ['the key is already in a plan', new ConflictException({ message: 'already a member', $metadata: {} })],
  ])('names the orphan key when joining the plan fails because %s', async (_case, cause) => {
    apiGateway.on(CreateApiKeyCommand).resolves({ id: 'k3', value: 'v'.repeat(40) });
    apiGateway.on(CreateUsagePlanKeyCommand).rejects(cause);
    const failure = adapter().provision('acme', 'premium');
    await expect(failure).rejects.toBeInstanceOf(UsagePlanKeyNotProvisioned);
    await expect(failure).rejects.toMatchObject({ tenantId: 'acme', orphanKeyId: 'k3', cause });
  });
});
