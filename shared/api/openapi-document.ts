/**
 * Generates the OpenAPI 3.1 document from the routes of the manifest and the zod contracts
 * that validate those routes at run time.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { ZodObject, ZodType } from 'zod';
import type { OperationContract } from './operation-contract.ts';

export interface DocumentedRoute {
  readonly method: string;
  readonly path: string;
  readonly operation: string;
  readonly auth: 'token' | 'public';
}

const isObjectSchema = (schema: ZodType | undefined): schema is ZodObject =>
  schema !== undefined && 'shape' in schema;

export const buildOpenApiDocument = (
  routes: readonly DocumentedRoute[],
  contracts: Readonly<Record<string, OperationContract>>,
  serverUrl: string,
) => {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: "A token from your organisation's identity provider, or an integration API key.",
  });
  for (const route of routes) {
    const contract = contracts[route.operation];
    if (contract === undefined) continue;
    const responses = Object.fromEntries(
      Object.entries(contract.responses).map(([status, response]) => [
        status,
        {
          description: response.description,
          ...(response.schema === undefined
            ? {}
            : {
                content: {
                  [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: {
                    schema: response.schema,
                  },
                },
              }),
          ...(response.headers === undefined
            ? {}
            : {
                headers: Object.fromEntries(
                  Object.entries(response.headers).map(([name, description]) => [
                    name,
                    { description, schema: { type: 'string' as const } },
                  ]),
                ),
              }),
        },
      ]),
    );
    registry.registerPath({
      method: route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete',
      path: route.path,
      operationId: route.operation,
      summary: contract.summary,
      description: contract.description,
      tags: [...contract.tags],
      security: route.auth === 'token' ? [{ [bearer.name]: [] }] : [],
      request: {
        ...(isObjectSchema(contract.path) ? { params: contract.path } : {}),
        ...(isObjectSchema(contract.query) ? { query: contract.query } : {}),
        ...(isObjectSchema(contract.headers) ? { headers: contract.headers } : {}),
        ...(contract.body === undefined
          ? {}
          : { body: { required: true, content: { 'application/json': { schema: contract.body } } } }),
      },
      responses,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Guichet API',
      version: '1.0.0',
      description:
        'One point of contact for every request of every client organisation. Errors are RFC 9457 problems; lists use cursor pagination; creates honour Idempotency-Key.',
    },
    servers: [{ url: serverUrl }],
  });
};
