/**
 * Builds an API Gateway (REST, proxy) handler for one operation: the middy stack parses and
 * validates the request against the operation's contract, resolves the principal from the
 * authoriser context, checks the permission table, then calls the business function and
 * serialises its answer. Every failure becomes a problem+json response in one place.
 */

import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import type { OperationContract } from '../api/operation-contract.ts';
import {
  DomainError,
  Forbidden,
  PayloadTooLarge,
  type ProblemField,
  Unauthenticated,
  UnsupportedMediaType,
  ValidationFailed,
} from '../domain/errors.ts';
import { isProtectedOperation, rolesAllowedFor } from '../domain/tenancy/permissions.ts';
import type { Principal, Role } from '../domain/tenancy/principal.ts';
import { isRefusedWhileSuspended } from '../domain/tenancy/tenant-standing.ts';
import { decodePrincipal } from './authorizer-context.ts';
import { logger } from './logger.ts';
import { problemResponse } from './problem-response.ts';

/** Bodies above this are refused before parsing (API Gateway's own hard limit is 10 MB). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpRequest<
  TPath extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  THeaders extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
> {
  readonly path: z.output<TPath>;
  readonly query: z.output<TQuery>;
  readonly headers: z.output<THeaders>;
  readonly body: z.output<TBody>;
  readonly principal: Principal;
  readonly correlationId: string;
  /** The request path as the client sent it, for `Location` headers and problem `instance`. */
  readonly requestPath: string;
}

export interface HttpResponse {
  readonly status: number;
  readonly body?: unknown;
  /** A body sent verbatim (HTML, say) instead of `body` serialised as JSON. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type PublicRequest = Pick<HttpRequest, 'correlationId' | 'requestPath'> & {
  readonly event: APIGatewayProxyEvent;
};

const CORRELATION_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

const lowerCaseHeaders = (headers: APIGatewayProxyEvent['headers']): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) result[name.toLowerCase()] = value;
  }
  return result;
};

export const correlationIdOf = (event: APIGatewayProxyEvent): string => {
  const fromClient = lowerCaseHeaders(event.headers)['x-correlation-id'];
  return fromClient !== undefined && CORRELATION_ID_PATTERN.test(fromClient)
    ? fromClient
    : event.requestContext.requestId;
};

const issuesToFields = (location: string, error: z.ZodError): ProblemField[] =>
  error.issues.map((issue) => {
    const path = issue.path.map(String);
    const where = [location, ...path].join('.');
    if (issue.code === 'unrecognized_keys') {
      return { location: where, message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    return { location: where, message: issue.message };
  });

type PartResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly fields: ProblemField[] };

const parsePart = <T extends z.ZodType>(
  location: string,
  schema: T | undefined,
  value: unknown,
): PartResult<z.output<T>> => {
  // A part the contract does not declare is absent; the cast says so to the type system.
  if (schema === undefined) return { ok: true, value: undefined as z.output<T> };
  const parsed = schema.safeParse(value);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, fields: issuesToFields(location, parsed.error) };
};

const readJsonBody = (event: APIGatewayProxyEvent, headers: Record<string, string>): unknown => {
  const raw = event.body;
  if (raw === null || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new PayloadTooLarge(`The body exceeds ${MAX_BODY_BYTES} bytes`);
  }
  const contentType = headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaType(`Content-Type '${contentType || '(none)'}' is not application/json`, [
      { location: 'header.Content-Type', message: 'must be application/json' },
    ]);
  }
  // JSON is UTF-8 (RFC 8259); a body declared in another charset would be misread as UTF-8.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8' && charset.toLowerCase() !== 'utf8') {
    throw new UnsupportedMediaType(`Charset '${charset}' is not supported: send UTF-8`, [
      { location: 'header.Content-Type', message: 'charset must be utf-8' },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new ValidationFailed('The body is not valid JSON', [{ location: 'body', message: reason }]);
  }
};

export const toResult = (response: HttpResponse, correlationId: string): APIGatewayProxyResult => ({
  statusCode: response.status,
  headers: {
    ...(response.body === undefined ? {} : { 'content-type': 'application/json' }),
    'x-correlation-id': correlationId,
    ...response.headers,
  },
  body: response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body)),
});

/** The stack shared by every HTTP handler: Lambda context in logs, and the problem mapper last. */
export const withHttpStack = (
  handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>,
): middy.MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult> =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({
      onError: (request) => {
        const event = request.event;
        const correlationId = correlationIdOf(event);
        const error = request.error;
        if (!(error instanceof DomainError)) {
          logger.error('Unhandled error', { correlationId, error });
        }
        request.response = problemResponse(error, { correlationId, instance: event.path });
      },
    })
    .handler(handler);

/** What the authenticated path needs to know of an operation besides its contract and body. */
export interface AuthorisedOperation {
  /** Stable operation id: OpenAPI `operationId`, log key, and what API keys are limited to. */
  readonly id: string;
  /** The roles that may call it; any other role is refused with 403 before the body is read. */
  readonly roles: readonly Role[];
}

/**
 * Runs one authenticated operation on a proxy event: principal required, roles enforced,
 * inputs validated against the contract, then `execute`. Shared by the in-function router of
 * every context (`operation-router.ts`) and the single-operation `httpOperation` below.
 */
export const runAuthenticatedOperation = async <
  TPath extends z.ZodType,
  TQuery extends z.ZodType,
  THeaders extends z.ZodType,
  TBody extends z.ZodType,
>(
  event: APIGatewayProxyEvent,
  operation: AuthorisedOperation,
  contract: OperationContract<TPath, TQuery, THeaders, TBody>,
  execute: (request: HttpRequest<TPath, TQuery, THeaders, TBody>) => Promise<HttpResponse>,
): Promise<APIGatewayProxyResult> => {
  const correlationId = correlationIdOf(event);
  const principal = decodePrincipal(event.requestContext.authorizer);
  if (principal === undefined) throw new Unauthenticated('No valid credentials were presented');
  logger.appendKeys({
    correlationId,
    operation: operation.id,
    tenantId: principal.kind === 'tenant' ? principal.tenantId : undefined,
    providerId: principal.kind === 'provider' ? principal.providerId : undefined,
  });
  if (!principal.roles.some((role) => operation.roles.includes(role))) {
    throw new Forbidden(`Your role does not allow ${operation.id}`);
  }
  if (principal.operations !== undefined && !principal.operations.includes(operation.id)) {
    throw new Forbidden(`This API key does not allow ${operation.id}`);
  }
  if (isRefusedWhileSuspended(principal, event.httpMethod)) {
    throw new Forbidden('This tenant is suspended: only its administrators may read its data');
  }
  const headers = lowerCaseHeaders(event.headers);
  const rawBody = contract.body === undefined ? undefined : readJsonBody(event, headers);
  if (contract.body === undefined && event.body !== null && event.body !== '') {
    throw new ValidationFailed('This operation takes no body', [
      { location: 'body', message: 'must be empty' },
    ]);
  }
  const path = parsePart('path', contract.path, event.pathParameters ?? {});
  const query = parsePart('query', contract.query, event.queryStringParameters ?? {});
  const parsedHeaders = parsePart('header', contract.headers, headers);
  const body = parsePart('body', contract.body, rawBody);
  if (!path.ok || !query.ok || !parsedHeaders.ok || !body.ok) {
    const fields = [path, query, parsedHeaders, body].flatMap((part) => (part.ok ? [] : part.fields));
    throw new ValidationFailed('The request is not valid', fields);
  }
  const response = await execute({
    path: path.value,
    query: query.value,
    headers: parsedHeaders.value,
    body: body.value,
    principal,
    correlationId,
    requestPath: event.path,
  });
  return toResult(response, correlationId);
};

/**
 * A handler for one operation alone, its roles given: the unit of the HTTP stack's tests, and of
 * any function that serves a single operation.
 */
export const httpOperation = <
  TPath extends z.ZodType,
  TQuery extends z.ZodType,
  THeaders extends z.ZodType,
  TBody extends z.ZodType,
>(
  operation: AuthorisedOperation | string,
  contract: OperationContract<TPath, TQuery, THeaders, TBody>,
  execute: (request: HttpRequest<TPath, TQuery, THeaders, TBody>) => Promise<HttpResponse>,
) => {
  // Transitional: an operation named by id alone takes its roles from the legacy permission table.
  const authorised: AuthorisedOperation =
    typeof operation === 'string'
      ? { id: operation, roles: isProtectedOperation(operation) ? rolesAllowedFor(operation) : [] }
      : operation;
  return withHttpStack((event) => runAuthenticatedOperation(event, authorised, contract, execute));
};

/** An operation open to anyone (documentation): no principal, no permission check. */
export const publicHttpOperation = (execute: (request: PublicRequest) => Promise<HttpResponse>) =>
  withHttpStack(async (event) => {
    const correlationId = correlationIdOf(event);
    return toResult(await execute({ event, correlationId, requestPath: event.path }), correlationId);
  });
