/**
 * One call that gives the local stack AWS's tenant isolation: the local STS that mints tagged
 * sessions and the guard proxy that enforces `LeadingKeys` in front of DynamoDB Local.
 * Handlers get `stsEndpoint` as `GUICHET_STS_ENDPOINT` and `dynamoDbEndpoint` as
 * `GUICHET_DYNAMODB_ENDPOINT`, and sign with `functionAccessKeyId` as their base credentials.
 */
import {
  type DynamoDbGuardProxy,
  type GuardRefusal,
  startDynamoDbGuardProxy,
} from './dynamodb-guard-proxy.ts';
import { type LocalSts, startLocalSts } from './local-sts.ts';

/** The functions' base key on the local stack (their execution role in AWS). Letters and digits only: DynamoDB Local insists. */
export const LOCAL_FUNCTION_ACCESS_KEY_ID = 'localFunction';
/** Table bootstrap, demo seeding and the stream reader; never given to a handler. */
export const LOCAL_ADMIN_ACCESS_KEY_ID = 'localAdmin';
/** The data-access role of the local stack (any ARN works; it just has to match the runtime configuration). */
export const LOCAL_DATA_ACCESS_ROLE_ARN = 'arn:aws:iam::000000000000:role/guichet-data-access';

export interface LocalDataIsolationOptions {
  /** DynamoDB Local's own endpoint (started with `sharedDb`). */
  readonly dynamoDbLocalEndpoint: string;
  readonly roleArn?: string;
  /** The read-only data-access role; omitted: there is only the read-write one. */
  readonly readOnlyRoleArn?: string;
  readonly functionAccessKeyIds?: readonly string[];
  readonly adminAccessKeyId?: string;
  readonly stsPort?: number;
  readonly proxyPort?: number;
  readonly region?: string;
  readonly now?: () => Date;
  readonly onRefusal?: (refusal: GuardRefusal) => void;
}

/** The running pair; `close` stops both. */
export interface LocalDataIsolation {
  readonly stsEndpoint: string;
  /** Where every SDK client of the local stack must point, never at DynamoDB Local directly. */
  readonly dynamoDbEndpoint: string;
  readonly sts: LocalSts;
  readonly proxy: DynamoDbGuardProxy;
  close(): Promise<void>;
}

/** Starts the local STS and the guard proxy in front of `dynamoDbLocalEndpoint`. */
export const startLocalDataIsolation = async (
  options: LocalDataIsolationOptions,
): Promise<LocalDataIsolation> => {
  const functionAccessKeyIds = options.functionAccessKeyIds ?? [LOCAL_FUNCTION_ACCESS_KEY_ID];
  const sts = await startLocalSts({
    roleArn: options.roleArn ?? LOCAL_DATA_ACCESS_ROLE_ARN,
    ...(options.readOnlyRoleArn === undefined ? {} : { readOnlyRoleArn: options.readOnlyRoleArn }),
    trustedCallerAccessKeyIds: functionAccessKeyIds,
    ...(options.stsPort === undefined ? {} : { port: options.stsPort }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  try {
    const proxy = await startDynamoDbGuardProxy({
      upstreamEndpoint: options.dynamoDbLocalEndpoint,
      scopeOf: sts.scopeOf,
      accessOf: sts.accessOf,
      functionAccessKeyIds,
      adminAccessKeyId: options.adminAccessKeyId ?? LOCAL_ADMIN_ACCESS_KEY_ID,
      ...(options.proxyPort === undefined ? {} : { port: options.proxyPort }),
      ...(options.region === undefined ? {} : { region: options.region }),
      ...(options.onRefusal === undefined ? {} : { onRefusal: options.onRefusal }),
    });
    return {
      stsEndpoint: sts.endpoint,
      dynamoDbEndpoint: proxy.endpoint,
      sts,
      proxy,
      close: async () => {
        await proxy.close();
        await sts.close();
      },
    };
  } catch (error) {
    await sts.close();
    throw error;
  }
};
