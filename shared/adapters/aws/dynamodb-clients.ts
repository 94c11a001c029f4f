/**
 * The DynamoDB clients of Guichet, built here and nowhere else: the base client (function
 * role: `PLATFORM#` partitions only) and one document client per tenant or provider scope,
 * signed with that scope's STS session. Code that touches tenant data asks
 * `TenantDataClients.documentClientFor(scope)`; there is no client that can read every tenant.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { RuntimeConfig } from '../../config/runtime-config.ts';
import { dataAccessRoleOfInvocation } from './invocation-data-access-role.ts';
import { type DataScope, dataScopeKey, ScopedCredentialsProvider } from './scoped-credentials.ts';

/** Where and as whom to reach DynamoDB; `endpoint` is set only on the local stack. */
export interface DynamoDbConnection {
  readonly region: string;
  readonly endpoint?: string;
  /** Omitted: the SDK's default chain (the Lambda execution role in AWS). */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
}

export interface DynamoDbClients {
  readonly client: DynamoDBClient;
  readonly documentClient: DynamoDBDocumentClient;
}

/** Optional attributes are left out of items rather than written as nulls or rejected. */
const documentTranslateConfig = { marshallOptions: { removeUndefinedValues: true } } as const;

/** A low-level client and a document client over it, for one connection. */
export const createDynamoDbClients = (connection: DynamoDbConnection): DynamoDbClients => {
  const client = new DynamoDBClient({
    region: connection.region,
    ...(connection.endpoint === undefined ? {} : { endpoint: connection.endpoint }),
    ...(connection.credentials === undefined ? {} : { credentials: connection.credentials }),
  });
  return { client, documentClient: DynamoDBDocumentClient.from(client, documentTranslateConfig) };
};

export interface TenantDataClientsOptions {
  readonly region: string;
  readonly endpoint?: string;
  readonly credentials: ScopedCredentialsProvider;
  /** Local stack: the role the current invocation's function may assume, when not the configured one. */
  readonly roleOfInvocation?: () => string | undefined;
}

/** A warm container serving many tenants keeps at most this many scoped clients. */
const MAX_CACHED_CLIENTS = 200;

/** One document client per data scope, each signing with its scope's STS session. */
export class TenantDataClients {
  readonly #options: TenantDataClientsOptions;
  readonly #clients = new Map<string, DynamoDbClients>();

  constructor(options: TenantDataClientsOptions) {
    this.#options = options;
  }

  /**
   * A document client confined to the scope's key prefix. Its credentials are fetched (and
   * refreshed before expiry) on demand by the SDK, so holding on to it is safe.
   */
  documentClientFor(scope: DataScope): DynamoDBDocumentClient {
    // A client signs with one role's session for as long as it lives: one client per role and scope.
    const roleArn = this.#options.roleOfInvocation?.();
    const key = roleArn === undefined ? dataScopeKey(scope) : `${roleArn}|${dataScopeKey(scope)}`;
    const existing = this.#clients.get(key);
    if (existing !== undefined) {
      // Re-inserting keeps the map ordered by last use, so eviction drops the coldest scope.
      this.#clients.delete(key);
      this.#clients.set(key, existing);
      return existing.documentClient;
    }
    const provider = this.#options.credentials;
    const created = createDynamoDbClients({
      region: this.#options.region,
      ...(this.#options.endpoint === undefined ? {} : { endpoint: this.#options.endpoint }),
      credentials: () =>
        roleArn === undefined ? provider.credentialsFor(scope) : provider.credentialsFor(scope, roleArn),
    });
    if (this.#clients.size >= MAX_CACHED_CLIENTS) {
      // Not destroyed: a request may still be running on it; its idle sockets close on their own.
      const coldest = this.#clients.keys().next();
      if (coldest.done !== true) this.#clients.delete(coldest.value);
    }
    this.#clients.set(key, created);
    return created.documentClient;
  }

  /** Closes every cached client's sockets (tests, local stack shutdown). */
  destroy(): void {
    for (const { client } of this.#clients.values()) client.destroy();
    this.#clients.clear();
  }
}

/** The slice of the runtime configuration the data clients need. */
export type DataClientsConfig = Pick<
  RuntimeConfig,
  'AWS_REGION' | 'GUICHET_DATA_ACCESS_ROLE_ARN' | 'GUICHET_DYNAMODB_ENDPOINT' | 'GUICHET_STS_ENDPOINT'
>;

/**
 * Wires the base clients and the per-scope clients from the runtime configuration: STS and
 * DynamoDB at their local endpoints when set, the regional AWS endpoints otherwise.
 */
export const createDataClients = (
  config: DataClientsConfig,
  now: () => Date = () => new Date(),
): { readonly base: DynamoDbClients; readonly tenantData: TenantDataClients } => {
  const endpoint = config.GUICHET_DYNAMODB_ENDPOINT;
  const sts = new STSClient({
    region: config.AWS_REGION,
    ...(config.GUICHET_STS_ENDPOINT === undefined ? {} : { endpoint: config.GUICHET_STS_ENDPOINT }),
  });
  const credentials = new ScopedCredentialsProvider({
    sts,
    roleArn: config.GUICHET_DATA_ACCESS_ROLE_ARN,
    now,
  });
  return {
    base: createDynamoDbClients({
      region: config.AWS_REGION,
      ...(endpoint === undefined ? {} : { endpoint }),
    }),
    tenantData: new TenantDataClients({
      region: config.AWS_REGION,
      ...(endpoint === undefined ? {} : { endpoint }),
      credentials,
      roleOfInvocation: dataAccessRoleOfInvocation,
    }),
  };
};
