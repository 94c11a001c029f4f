/** The served OpenAPI document is valid OpenAPI 3.1 and documents every route of the manifest. */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { routes } from '../../infra/manifest.ts';
import { api } from '../support/local-stack.ts';

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    const response = await api('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate(z.record(z.string(), z.unknown()).parse(response.body));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every authenticated route of the manifest, with its operation id and problem responses', async () => {
    const document = z
      .object({
        paths: z.record(
          z.string(),
          z.record(
            z.string(),
            z.object({ operationId: z.string(), responses: z.record(z.string(), z.unknown()) }),
          ),
        ),
      })
      .parse((await api('GET', '/openapi.json')).body);
    for (const route of routes.filter((candidate) => candidate.auth === 'token')) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(route.operation);
      expect(Object.keys(operation?.responses ?? {})).toContain('401');
    }
  });

  it('renders a browsable docs page', async () => {
    const response = await api('GET', '/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('POST /v1/tickets');
  });
});
