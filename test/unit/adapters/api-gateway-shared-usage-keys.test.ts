/** The shared usage keys' values, read by id with GetApiKey once per container; a failed read is retried. */
import { APIGatewayClient, GetApiKeyCommand, TooManyRequestsException } from '@aws-sdk/client-api-gateway';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiGatewaySharedUsageKeys } from '../../../shared/adapters/aws/api-gateway-shared-usage-keys.ts';

const apiGateway = mockClient(APIGatewayClient);
const adapter = () =>
  new ApiGatewaySharedUsageKeys({
    client: new APIGatewayClient({ region: 'eu-west-1' }),
    keyIds: { provider: 'key-provider', platform: 'key-platform' },
  });

describe('ApiGatewaySharedUsageKeys', () => {
  beforeEach(() => apiGateway.reset());

  it("reads each plan's key by its id, with its value, once", async () => {
    apiGateway
      .on(GetApiKeyCommand, { apiKey: 'key-provider', includeValue: true })
      .resolves({ id: 'key-provider', value: 'value-of-provider-key-00000' })
      .on(GetApiKeyCommand, { apiKey: 'key-platform', includeValue: true })
      .resolves({ id: 'key-platform', value: 'value-of-platform-key-00000' });
    const keys = adapter();
    expect(await keys.valueOf('provider')).toBe('value-of-provider-key-00000');
    expect(await keys.valueOf('provider')).toBe('value-of-provider-key-00000');
    expect(await keys.valueOf('platform')).toBe('value-of-platform-key-00000');
    expect(apiGateway.commandCalls(GetApiKeyCommand)).toHaveLength(2);
  });

  it('does not cache a failed read: the next call asks again', async () => {
    apiGateway
      .on(GetApiKeyCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'slow down', $metadata: {} }))
      .resolves({ id: 'key-provider', value: 'value-of-provider-key-00000' });
    const keys = adapter();
    await expect(keys.valueOf('provider')).rejects.toThrow('slow down');
    expect(await keys.valueOf('provider')).toBe('value-of-provider-key-00000');
  });

  it('refuses a key answered without its value', async () => {
    apiGateway.on(GetApiKeyCommand).resolves({ id: 'key-platform' });
    await expect(adapter().valueOf('platform')).rejects.toThrow('without a value');
  });
});
