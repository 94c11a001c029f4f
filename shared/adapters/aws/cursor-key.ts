/**
 * The key that signs pagination cursors: given directly on the local stack, read once from
 * Secrets Manager at cold start in AWS (never put in an environment variable there).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { RuntimeConfig } from '../../config/runtime-config.ts';

export const loadCursorKey = async (
  config: Pick<
    RuntimeConfig,
    'AWS_REGION' | 'GUICHET_CURSOR_KEY' | 'GUICHET_CURSOR_SECRET_ARN' | 'GUICHET_SECRETS_ENDPOINT'
  >,
): Promise<string> => {
  if (config.GUICHET_CURSOR_KEY !== undefined) return config.GUICHET_CURSOR_KEY;
  const client = new SecretsManagerClient({
    region: config.AWS_REGION,
    ...(config.GUICHET_SECRETS_ENDPOINT === undefined ? {} : { endpoint: config.GUICHET_SECRETS_ENDPOINT }),
  });
  const secret = await client.send(new GetSecretValueCommand({ SecretId: config.GUICHET_CURSOR_SECRET_ARN }));
  if (secret.SecretString === undefined || secret.SecretString.length < 32) {
    throw new Error('The cursor signing secret is missing or shorter than 32 characters');
  }
  return secret.SecretString;
};
