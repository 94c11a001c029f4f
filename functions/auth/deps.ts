/** Composition root of the authoriser: directory reads with the function's own (platform-only) role. */

import { TokenVerifier } from '../../shared/adapters/auth/token-verifier.ts';
import { createDataClients } from '../../shared/adapters/aws/dynamodb-clients.ts';
import { DynamoDbDirectory } from '../../shared/adapters/dynamodb/dynamodb-directory.ts';
import { loadRuntimeConfig } from '../../shared/config/runtime-config.ts';

const config = loadRuntimeConfig();
const { base } = createDataClients(config);

export const directory = new DynamoDbDirectory({
  tableName: config.GUICHET_TABLE_NAME,
  client: base.documentClient,
});
export const tokenVerifier = new TokenVerifier((issuer) => directory.getIssuer(issuer));
