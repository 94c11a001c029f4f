/**
 * A thin HTTP proxy in front of DynamoDB Local that refuses what IAM would refuse in AWS
 * (DynamoDB Local has no IAM). It identifies the caller by the access key id in the SigV4
 * `Authorization` header, decides with `decideDynamoDbRequest` (the `LeadingKeys` rule of the
 * data-access and function roles), and either answers DynamoDB's own `AccessDeniedException`
 * or forwards the request byte for byte and streams the answer back.
 *
 * DynamoDB Local must run with `-sharedDb`: otherwise it keeps one database per access key,
 * and every STS session would see an empty table.
 */
import { randomUUID } from 'node:crypto';
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { DataScope } from '../../shared/adapters/aws/scoped-credentials.ts';
import { accessKeyIdOf, BodyTooLargeError, closeServer, listen, readBody } from './http-plumbing.ts';
import {
  DYNAMODB_STREAMS_TARGET_PREFIX,
  DYNAMODB_TARGET_PREFIX,
  decideDynamoDbRequest,
  type GuardPrincipal,
  guichetKeySchema,
  type TableKeySchema,
} from './leading-keys-policy.ts';

export interface DynamoDbGuardProxyOptions {
  /** DynamoDB Local, started with `sharedDb`. */
  readonly upstreamEndpoint: string;
  /** Usually `LocalSts.scopeOf`: what an STS session key may touch. */
  readonly scopeOf: (accessKeyId: string) => DataScope | undefined;
  /** Usually `LocalSts.accessOf`: whether the session assumed the read or the read-write role. */
  readonly accessOf?: (accessKeyId: string) => 'read' | 'read-write' | undefined;
  /** The functions' base keys (their execution role in AWS): `PLATFORM#` partitions only. */
  readonly functionAccessKeyIds: readonly string[];
  /** Bootstrap and seeding key: unrestricted, including Scan and DynamoDB Streams. */
  readonly adminAccessKeyId: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  readonly keySchema?: TableKeySchema;
  readonly region?: string;
  readonly accountId?: string;
  /** Called on every refusal, e.g. to log it on the local stack's console. */
  readonly onRefusal?: (refusal: GuardRefusal) => void;
}

/** One refused request, kept for tests and diagnostics. */
export interface GuardRefusal {
  readonly operation: string;
  readonly accessKeyId: string | undefined;
  readonly reason: string;
}

/** A running guard proxy. */
export interface DynamoDbGuardProxy {
  /** Point the SDK's `endpoint` here instead of at DynamoDB Local. */
  readonly endpoint: string;
  readonly port: number;
  /** Most recent refusals, oldest first (bounded). */
  readonly refusals: readonly GuardRefusal[];
  close(): Promise<void>;
}

/** DynamoDB Local (2.x and later) answers `UnrecognizedClientException` for any other key id. */
const DYNAMODB_LOCAL_KEY_ID_PATTERN = /^[A-Za-z0-9]+$/;
/** DynamoDB caps a request at 16 MB; anything larger is not a request the SDK would send. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;
const MAX_KEPT_REFUSALS = 1000;
/** Headers that describe one hop's connection, not the message; Node sets its own. */
const hopByHopHeaders = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
]);

const jsonError = (response: ServerResponse, status: number, type: string, message: string): void => {
  const body = JSON.stringify({ __type: type, message });
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(body);
};

const targetOf = (headers: IncomingHttpHeaders): string => {
  const target = headers['x-amz-target'];
  return (Array.isArray(target) ? target[0] : target) ?? '';
};

const operationOf = (target: string): string =>
  target.startsWith(DYNAMODB_TARGET_PREFIX)
    ? target.slice(DYNAMODB_TARGET_PREFIX.length)
    : target.startsWith(DYNAMODB_STREAMS_TARGET_PREFIX)
      ? target.slice(DYNAMODB_STREAMS_TARGET_PREFIX.length)
      : target || '(none)';

const parseJson = (body: Buffer): unknown => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
};

/** Starts the guard proxy; resolves once it listens. */
export const startDynamoDbGuardProxy = async (
  options: DynamoDbGuardProxyOptions,
): Promise<DynamoDbGuardProxy> => {
  for (const accessKeyId of [options.adminAccessKeyId, ...options.functionAccessKeyIds]) {
    if (!DYNAMODB_LOCAL_KEY_ID_PATTERN.test(accessKeyId)) {
      throw new Error(
        `Access key id ${JSON.stringify(accessKeyId)} must be letters and digits only: DynamoDB Local rejects others`,
      );
    }
  }
  const host = options.host ?? '127.0.0.1';
  const region = options.region ?? 'eu-west-1';
  const accountId = options.accountId ?? '000000000000';
  const keySchema = options.keySchema ?? guichetKeySchema;
  const functionKeys = new Set(options.functionAccessKeyIds);
  const upstream = new URL(options.upstreamEndpoint);
  const upstreamAgent = new Agent({ keepAlive: true });
  const refusals: GuardRefusal[] = [];

  const principalOf = (accessKeyId: string | undefined): GuardPrincipal | undefined => {
    if (accessKeyId === undefined) return undefined;
    if (accessKeyId === options.adminAccessKeyId) return { kind: 'admin' };
    if (functionKeys.has(accessKeyId)) return { kind: 'function' };
    const scope = options.scopeOf(accessKeyId);
    if (scope === undefined) return undefined;
    const access = options.accessOf?.(accessKeyId);
    return { kind: 'scoped', scope, ...(access === undefined ? {} : { access }) };
  };

  /** Worded like IAM's denial, so a developer reading it locally knows what AWS will say. */
  const describePrincipal = (
    principal: GuardPrincipal | undefined,
    accessKeyId: string | undefined,
  ): string => {
    if (principal === undefined) return `access key ${accessKeyId ?? '(none)'} (unknown or expired)`;
    switch (principal.kind) {
      case 'admin':
        return `arn:aws:iam::${accountId}:user/local-admin`;
      case 'function':
        return `arn:aws:sts::${accountId}:assumed-role/guichet-function/${accessKeyId ?? ''}`;
      case 'scoped': {
        const role = principal.access === 'read' ? 'guichet-data-access-read' : 'guichet-data-access';
        return principal.scope.kind === 'tenant'
          ? `arn:aws:sts::${accountId}:assumed-role/${role}/guichet-tenant-${principal.scope.tenantId}`
          : `arn:aws:sts::${accountId}:assumed-role/${role}/guichet-provider-${principal.scope.providerId}`;
      }
    }
  };

  const refuse = (
    response: ServerResponse,
    refusal: GuardRefusal,
    principal: GuardPrincipal | undefined,
    tableName: string | undefined,
  ): void => {
    refusals.push(refusal);
    if (refusals.length > MAX_KEPT_REFUSALS) refusals.shift();
    options.onRefusal?.(refusal);
    const action = `dynamodb:${refusal.operation}`;
    const resource = `arn:aws:dynamodb:${region}:${accountId}:table/${tableName ?? '*'}`;
    jsonError(
      response,
      400,
      'com.amazon.coral.service#AccessDeniedException',
      `User: ${describePrincipal(principal, refusal.accessKeyId)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action (local guard: ${refusal.reason})`,
    );
  };

  const forward = (request: IncomingMessage, response: ServerResponse, body: Buffer): void => {
    const upstreamRequest = httpRequest(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: request.headers,
        agent: upstreamAgent,
      },
      (upstreamResponse) => {
        const headers = Object.fromEntries(
          Object.entries(upstreamResponse.headers).filter(([name]) => !hopByHopHeaders.has(name)),
        );
        response.writeHead(upstreamResponse.statusCode ?? 502, headers);
        upstreamResponse.pipe(response);
      },
    );
    upstreamRequest.on('error', (error) => {
      if (response.headersSent) {
        response.destroy(error);
        return;
      }
      jsonError(
        response,
        500,
        'com.amazonaws.dynamodb.v20120810#InternalServerError',
        `The guard proxy could not reach DynamoDB Local at ${options.upstreamEndpoint}: ${error.message}`,
      );
    });
    response.on('close', () => {
      if (!response.writableFinished) upstreamRequest.destroy();
    });
    upstreamRequest.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = targetOf(request.headers);
    const operation = operationOf(target);
    const accessKeyId = accessKeyIdOf(request);
    let body: Buffer;
    try {
      body = await readBody(request, MAX_REQUEST_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        jsonError(response, 413, 'com.amazon.coral.service#RequestEntityTooLarge', error.message);
      } else {
        response.destroy();
      }
      return;
    }

    const principal = principalOf(accessKeyId);
    if (principal === undefined) {
      refuse(
        response,
        { operation, accessKeyId, reason: 'the access key is not known to the local stack' },
        principal,
        undefined,
      );
      return;
    }
    const decision = decideDynamoDbRequest(principal, target, parseJson(body), keySchema);
    if (!decision.allowed) {
      refuse(response, { operation, accessKeyId, reason: decision.reason }, principal, decision.tableName);
      return;
    }
    forward(request, response, body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      jsonError(
        response,
        500,
        'com.amazonaws.dynamodb.v20120810#InternalServerError',
        `guard proxy failure: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  });
  const port = await listen(server, options.port ?? 0, host);
  return {
    endpoint: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    refusals,
    close: async () => {
      await closeServer(server);
      upstreamAgent.destroy();
    },
  };
};
