/**
 * One operation, one declaration: method, path, contract, roles and the use case it runs, in
 * the context that owns it (`functions/<context>/operations.ts`). Everything else is derived
 * from these declarations — the manifest's routes and functions, the permission table, the
 * OpenAPI document and the in-function router — so a wrong role, a missing contract or a route
 * without a use case fails to compile instead of answering 403 at run time.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import type { OperationContract } from '../api/operation-contract.ts';
import { NotFound } from '../domain/errors.ts';
import type { Role } from '../domain/tenancy/principal.ts';
import {
  correlationIdOf,
  type HttpRequest,
  type HttpResponse,
  type PublicRequest,
  runAuthenticatedOperation,
  toResult,
  withHttpStack,
} from './http-operation.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** How a context's function may touch the table; the CDK app grants exactly this and nothing wider. */
export type TableAccess = 'none' | 'read' | 'read-write';

interface DeclarationBase {
  /** Stable operation id: OpenAPI `operationId`, the permission table's key, API keys' scope. */
  readonly id: string;
  readonly method: HttpMethod;
  /** API Gateway path template, e.g. `/v1/tickets/{ticketId}`. */
  readonly path: string;
}

/** An operation behind the authoriser: a principal and one of `roles` are required. */
export interface TokenOperation<
  TDeps,
  TPath extends z.ZodType = z.ZodType,
  TQuery extends z.ZodType = z.ZodType,
  THeaders extends z.ZodType = z.ZodType,
  TBody extends z.ZodType = z.ZodType,
> extends DeclarationBase {
  readonly auth?: 'token';
  readonly contract: OperationContract<TPath, TQuery, THeaders, TBody>;
  readonly roles: readonly [Role, ...Role[]];
  readonly run: (request: HttpRequest<TPath, TQuery, THeaders, TBody>, deps: TDeps) => Promise<HttpResponse>;
}

/** An operation open to anyone (the API's own documentation): no authoriser, no roles. */
export interface PublicOperation<TDeps> extends DeclarationBase {
  readonly auth: 'public';
  readonly summary: string;
  readonly run: (request: PublicRequest, deps: TDeps) => Promise<HttpResponse>;
}

// The schema parameters are erased once declared: the router only needs to run them.
// biome-ignore lint/suspicious/noExplicitAny: existential schema types of a heterogeneous list
export type AnyTokenOperation<TDeps> = TokenOperation<TDeps, any, any, any, any>;
export type OperationDeclaration<TDeps> = AnyTokenOperation<TDeps> | PublicOperation<TDeps>;

/**
 * Declares an operation of a context whose use cases take `TDeps`. Curried so that the schema
 * types are inferred from the contract while the dependencies are named once:
 * `defineOperation<TicketsDeps>()({ id: 'getTicket', … })`.
 */
export const defineOperation =
  <TDeps>() =>
  <
    TPath extends z.ZodType = z.ZodUndefined,
    TQuery extends z.ZodType = z.ZodUndefined,
    THeaders extends z.ZodType = z.ZodUndefined,
    TBody extends z.ZodType = z.ZodUndefined,
  >(
    declaration: TokenOperation<TDeps, TPath, TQuery, THeaders, TBody>,
  ): AnyTokenOperation<TDeps> =>
    declaration;

/** Declares a public operation (documentation only). */
export const definePublicOperation =
  <TDeps>() =>
  (declaration: PublicOperation<TDeps>): PublicOperation<TDeps> =>
    declaration;

/** What the manifest and the documentation read of an operation: its route, not its use case. */
export interface DeclaredRoute {
  readonly id: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly auth?: 'token' | 'public';
  readonly roles?: readonly Role[];
  readonly contract?: OperationContract;
}

/** A context as the manifest reads it: the function's settings and its operations' routes. */
export interface HttpContextShape<TName extends string = string> {
  /** The function's name in the manifest, and the context's name in logs and docs. */
  readonly name: TName;
  readonly description: string;
  readonly table: TableAccess;
  /** Reads (or writes) the object bucket: attachments, exports. */
  readonly bucket?: 'read' | 'read-write';
  /** Publishes to the event bus directly (most functions write to the outbox instead). */
  readonly putsEvents?: boolean;
  readonly memoryMb?: number;
  readonly timeoutSeconds?: number;
  readonly operations: readonly DeclaredRoute[];
}

/**
 * A bounded context's HTTP side: one Lambda function serving every operation below, with the
 * function's settings declared once (defaults: 256 MB, 10 s).
 */
export interface HttpContext<TName extends string = string, TDeps = unknown> extends HttpContextShape<TName> {
  readonly operations: readonly OperationDeclaration<TDeps>[];
}

export const defineHttpContext = <const TName extends string, TDeps>(
  context: HttpContext<TName, TDeps>,
): HttpContext<TName, TDeps> => context;

/** The routing key API Gateway gives a proxy event: its method and resource template. */
const routeKey = (method: string, path: string): string => `${method.toUpperCase()} ${path}`;

/**
 * The Lambda handler of a context: one middy stack, then the declared operation the event's
 * method and resource template name. The dependencies are built on the first request (not at
 * import), once per container, so importing a context costs nothing and tests can pass others.
 */
export const httpContextHandler = <TDeps>(
  context: HttpContext<string, TDeps>,
  createDeps: () => TDeps | Promise<TDeps>,
) => {
  const table = new Map<string, OperationDeclaration<TDeps>>();
  for (const operation of context.operations) {
    const key = routeKey(operation.method, operation.path);
    if (table.has(key)) throw new Error(`${context.name}: ${key} is declared twice`);
    table.set(key, operation);
  }
  let deps: Promise<TDeps> | undefined;
  const depsOnce = (): Promise<TDeps> => {
    deps ??= Promise.resolve(createDeps()).catch((error: unknown) => {
      deps = undefined; // a failed start (a throttled secret read) is tried again next time
      throw error;
    });
    return deps;
  };
  return withHttpStack(async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const operation = table.get(routeKey(event.httpMethod, event.resource));
    if (operation === undefined) {
      throw new NotFound(`No operation ${event.httpMethod} ${event.resource} in ${context.name}`);
    }
    if (operation.auth === 'public') {
      const correlationId = correlationIdOf(event);
      const response = await operation.run(
        { event, correlationId, requestPath: event.path },
        await depsOnce(),
      );
      return toResult(response, correlationId);
    }
    return runAuthenticatedOperation(event, operation, operation.contract, async (request) =>
      operation.run(request, await depsOnce()),
    );
  });
};
