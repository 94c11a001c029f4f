/**
 * The local API Gateway (REST API, Lambda proxy integration): matches the manifest's routes,
 * runs the same Lambda authoriser with the same decision cache TTL, builds the proxy event the
 * handler would get in AWS, and writes back the handler's response. Token routes need a usage
 * identifier from the authoriser, as `apiKeyRequired` routes do in AWS.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent } from 'aws-lambda';
import { z } from 'zod';
import type { FunctionName, RouteSpec } from '../infra/manifest.ts';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from '../shared/api/problem.ts';

/** API Gateway refuses payloads above 10 MB before any function runs. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
/**
 * API Gateway (REST) refuses a request whose request line and headers exceed 10,240 bytes. Node
 * would answer a bare 431 past its own 16 KB parser limit; the parser is given room (64 KB) so
 * that this gateway answers every oversized request itself, as a problem like any other error.
 */
export const MAX_HEADER_BYTES = 10_240;
const PARSER_HEADER_BYTES = 64 * 1024;
const LOCAL_API_ID = 'local';

export interface LocalApiGatewayOptions {
  readonly port: number;
  readonly host?: string;
  readonly stage: string;
  readonly routes: readonly RouteSpec[];
  readonly authorizer: FunctionName;
  readonly authorizerCacheTtlSeconds: number;
  readonly invoke: (name: FunctionName, event: unknown) => Promise<unknown>;
  /** Extra local-only endpoints under `/_local/` (tests and tooling); answered before routing. */
  readonly control?: (request: IncomingMessage, response: ServerResponse, body: Buffer) => Promise<boolean>;
  readonly log?: (message: string, details: Readonly<Record<string, unknown>>) => void;
  /**
   * Usage-plan throttling after authorisation, from the authoriser's context: a number of
   * seconds to wait (answered 429 with Retry-After), or undefined to let the request through.
   */
  readonly throttle?: (
    context: Readonly<Record<string, unknown>>,
    usageIdentifierKey: string | undefined,
  ) => number | undefined;
}

export interface LocalApiGateway {
  readonly url: string;
  readonly port: number;
  /** Forgets cached authoriser decisions (as redeploying a stage does). */
  flushAuthorizerCache(): void;
  stop(): Promise<void>;
}

interface CompiledRoute {
  readonly spec: RouteSpec;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

const compileRoute = (spec: RouteSpec): CompiledRoute => {
  const parameterNames: string[] = [];
  const source = spec.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (parameter === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter);
      return '([^/]+)';
    })
    .join('/');
  return { spec, pattern: new RegExp(`^${source}$`), parameterNames };
};

const proxyResultSchema = z.object({
  statusCode: z.number().int(),
  headers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  multiValueHeaders: z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]))).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
});

const authorizerResultSchema = z.object({
  principalId: z.string(),
  policyDocument: z.object({
    Statement: z.array(z.object({ Effect: z.enum(['Allow', 'Deny']) })).min(1),
  }),
  context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  // Tier limits: the API key whose usage plan throttles the request (API key source AUTHORIZER).
  usageIdentifierKey: z.string().optional(),
});

const sendProblem = (
  response: ServerResponse,
  status: number,
  type: string,
  title: string,
  detail: string,
  errors?: readonly { readonly location: string; readonly message: string }[],
) => {
  const correlationId = randomUUID();
  response.writeHead(status, { 'content-type': PROBLEM_CONTENT_TYPE, 'x-correlation-id': correlationId });
  response.end(
    JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${type}`,
      title,
      status,
      detail,
      correlationId,
      ...(errors === undefined ? {} : { errors }),
    }),
  );
};

/**
 * A path segment decoded as API Gateway hands path parameters to integrations, or undefined
 * when it is not valid percent-encoded UTF-8 (`%ZZ`, a lone `%`, a truncated or overlong
 * sequence such as `%C0%AE`): those are a 400 naming the parameter, never a failed function.
 */
export const decodePathSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const readBody = (request: IncomingMessage): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) {
        // Keep reading (and dropping) the rest: a socket closed mid-upload reaches the client as
        // a connection reset instead of the 413 problem it should read.
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });

const singleValued = (multi: Record<string, string[]>): Record<string, string> =>
  Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values.at(-1) ?? '']));

const headersOf = (request: IncomingMessage): Record<string, string[]> => {
  const headers: Record<string, string[]> = {};
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index];
    const value = request.rawHeaders[index + 1];
    if (name === undefined || value === undefined) continue;
    headers[name] = [...(headers[name] ?? []), value];
  }
  return headers;
};

export const startLocalApiGateway = async (options: LocalApiGatewayOptions): Promise<LocalApiGateway> => {
  const host = options.host ?? '127.0.0.1';
  const routes = options.routes.map(compileRoute);
  const log = options.log ?? ((message, details) => console.error(JSON.stringify({ message, ...details })));
  const decisions = new Map<
    string,
    { readonly expiresAt: number; readonly result: APIGatewayAuthorizerResult }
  >();

  const authorize = async (
    authorization: string,
    event: Pick<APIGatewayProxyEvent, 'headers' | 'httpMethod' | 'path' | 'resource'>,
  ): Promise<APIGatewayAuthorizerResult | 'unauthorized'> => {
    const cached = decisions.get(authorization);
    if (cached !== undefined && cached.expiresAt > Date.now()) return cached.result;
    let raw: unknown;
    try {
      raw = await options.invoke(options.authorizer, {
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:local:000000000000:${LOCAL_API_ID}/${options.stage}/${event.httpMethod}${event.resource}`,
        resource: event.resource,
        path: event.path,
        httpMethod: event.httpMethod,
        headers: event.headers,
        multiValueHeaders: {},
        pathParameters: {},
        queryStringParameters: {},
        multiValueQueryStringParameters: {},
        stageVariables: {},
        requestContext: { stage: options.stage, apiId: LOCAL_API_ID },
      });
    } catch (error) {
      if (error instanceof Error && error.message === 'Unauthorized') return 'unauthorized';
      throw error;
    }
    const result = authorizerResultSchema.parse(raw);
    const decision: APIGatewayAuthorizerResult = {
      principalId: result.principalId,
      policyDocument: {
        Version: '2012-10-17',
        Statement: result.policyDocument.Statement.map((s) => ({
          ...s,
          Action: 'execute-api:Invoke',
          Resource: '*',
        })),
      },
      ...(result.context === undefined ? {} : { context: result.context }),
      ...(result.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: result.usageIdentifierKey }),
    };
    if (options.authorizerCacheTtlSeconds > 0) {
      decisions.set(authorization, {
        expiresAt: Date.now() + options.authorizerCacheTtlSeconds * 1000,
        result: decision,
      });
    }
    return decision;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const headerBytes =
      `${request.method ?? ''} ${request.url ?? ''} HTTP/1.1\r\n`.length +
      // Each name is followed by ': ' and each value by CRLF: two bytes per part.
      request.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0);
    if (headerBytes > MAX_HEADER_BYTES) {
      request.resume();
      sendProblem(
        response,
        431,
        'request-header-fields-too-large',
        'Request headers are too large',
        `API Gateway accepts a request line and headers of at most ${MAX_HEADER_BYTES} bytes`,
      );
      return;
    }
    const body = await readBody(request);
    if (body === undefined) {
      sendProblem(
        response,
        413,
        'payload-too-large',
        'The request body is too large',
        'API Gateway accepts at most 10 MB',
      );
      return;
    }
    if (options.control !== undefined && (request.url ?? '').startsWith('/_local/')) {
      if (await options.control(request, response, body)) return;
    }
    const url = new URL(request.url ?? '/', 'http://local');
    const method = request.method ?? 'GET';
    const candidates = routes
      .map((route) => ({ route, match: route.pattern.exec(url.pathname) }))
      .filter((candidate) => candidate.match !== null);
    const chosen = candidates.find((candidate) => candidate.route.spec.method === method);
    if (chosen === undefined || chosen.match === null) {
      if (candidates.length > 0) {
        sendProblem(
          response,
          405,
          'method-not-allowed',
          'Method not allowed',
          `${method} is not supported on ${url.pathname}`,
        );
      } else {
        sendProblem(response, 404, 'not-found', 'Not found', `No route for ${method} ${url.pathname}`);
      }
      return;
    }
    const { route, match } = chosen;
    const multiHeaders = headersOf(request);
    // API Gateway adds the forwarding headers its integrations rely on.
    multiHeaders['X-Forwarded-Proto'] = ['http'];
    const headers = singleValued(multiHeaders);
    const multiQuery: Record<string, string[]> = {};
    for (const [name, value] of url.searchParams) multiQuery[name] = [...(multiQuery[name] ?? []), value];
    const decoded = route.parameterNames.map((name, index) => ({
      name,
      value: decodePathSegment(match[index + 1] ?? ''),
    }));
    const undecodable = decoded.filter((parameter) => parameter.value === undefined);
    if (undecodable.length > 0) {
      sendProblem(
        response,
        400,
        'validation-failed',
        'The request is not valid',
        `Path parameter ${undecodable.map((parameter) => parameter.name).join(', ')} is not valid percent-encoded UTF-8`,
        undecodable.map((parameter) => ({
          location: `path.${parameter.name}`,
          message: 'is not valid percent-encoded UTF-8',
        })),
      );
      return;
    }
    const pathParameters = Object.fromEntries(decoded.map(({ name, value }) => [name, value ?? '']));
    const requestId = randomUUID();

    let authorizer: APIGatewayProxyEvent['requestContext']['authorizer'] = null;
    if (route.spec.auth === 'token') {
      const authorization = Object.entries(headers).find(
        ([name]) => name.toLowerCase() === 'authorization',
      )?.[1];
      if (authorization === undefined || authorization === '') {
        sendProblem(
          response,
          401,
          'unauthenticated',
          'Authentication is required',
          'Send Authorization: Bearer <token>',
        );
        return;
      }
      const decision = await authorize(authorization, {
        headers,
        httpMethod: method,
        path: url.pathname,
        resource: route.spec.path,
      });
      if (decision === 'unauthorized') {
        sendProblem(
          response,
          401,
          'unauthenticated',
          'Authentication is required',
          'The token is missing, expired or not valid',
        );
        return;
      }
      if (decision.policyDocument.Statement.some((statement) => statement.Effect === 'Deny')) {
        sendProblem(
          response,
          403,
          'forbidden',
          'This operation is not allowed',
          'The authoriser denied the request',
        );
        return;
      }
      // As in AWS, where every token route requires an API key from the authoriser (key source
      // AUTHORIZER): an admitted principal without a usage identifier is refused.
      if (decision.usageIdentifierKey === undefined || decision.usageIdentifierKey === '') {
        sendProblem(
          response,
          403,
          'usage-identifier-missing',
          'This operation is not allowed',
          'The caller has no usage-plan key',
        );
        return;
      }
      authorizer = { ...decision.context, principalId: decision.principalId };
      const retryAfterSeconds = options.throttle?.(authorizer, decision.usageIdentifierKey ?? undefined);
      if (retryAfterSeconds !== undefined) {
        response.setHeader('retry-after', String(retryAfterSeconds));
        sendProblem(
          response,
          429,
          'too-many-requests',
          'Too many requests',
          `The request rate of your tier is exceeded; retry in ${retryAfterSeconds} s`,
        );
        return;
      }
    }

    const isText = /json|text|xml|x-www-form-urlencoded/i.test(
      headers['content-type'] ?? headers['Content-Type'] ?? 'application/json',
    );
    const event: APIGatewayProxyEvent = {
      resource: route.spec.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: multiHeaders,
      queryStringParameters: url.searchParams.size === 0 ? null : singleValued(multiQuery),
      multiValueQueryStringParameters: url.searchParams.size === 0 ? null : multiQuery,
      pathParameters: route.parameterNames.length === 0 ? null : pathParameters,
      stageVariables: null,
      body: body.length === 0 ? null : isText ? body.toString('utf8') : body.toString('base64'),
      isBase64Encoded: body.length > 0 && !isText,
      requestContext: {
        accountId: '000000000000',
        apiId: LOCAL_API_ID,
        authorizer,
        httpMethod: method,
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          user: null,
          userAgent: headers['user-agent'] ?? headers['User-Agent'] ?? null,
          userArn: null,
        },
        // Served at the root, as behind a custom domain: no stage prefix in the public path.
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: route.spec.operation,
        resourcePath: route.spec.path,
        stage: options.stage,
      },
    };
    const result = proxyResultSchema.parse(await options.invoke(route.spec.function, event));
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) responseHeaders[name] = String(value);
    for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
      responseHeaders[name] = values.map(String);
    response.writeHead(result.statusCode, responseHeaders);
    response.end(
      result.isBase64Encoded === true ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''),
    );
  };

  const server: Server = createServer({ maxHeaderSize: PARSER_HEADER_BYTES }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      log('local api gateway: integration failed', {
        error: error instanceof Error ? error.stack : String(error),
      });
      if (!response.headersSent) {
        sendProblem(
          response,
          502,
          'bad-gateway',
          'Bad gateway',
          'The function failed; see the local stack log',
        );
      } else {
        response.end();
      }
    });
  });
  server.keepAliveTimeout = 5000;
  // Past even the parser's room, Node would answer a bare 431 (or 400) with no body: answer the
  // same problem+json as every other refusal, then close, as the request cannot be read.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const correlationId = randomUUID();
    const body = JSON.stringify({
      type: `${PROBLEM_TYPE_BASE}${tooLarge ? 'request-header-fields-too-large' : 'bad-request'}`,
      title: tooLarge ? 'Request headers are too large' : 'The request could not be read',
      status,
      detail: tooLarge
        ? `API Gateway accepts a request line and headers of at most ${MAX_HEADER_BYTES} bytes`
        : 'The request is not valid HTTP/1.1',
      correlationId,
    });
    socket.end(
      `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: ${PROBLEM_CONTENT_TYPE}\r\nx-correlation-id: ${correlationId}\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`API gateway: port ${options.port} is already in use`)
          : error,
      ),
    );
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    flushAuthorizerCache: () => decisions.clear(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
