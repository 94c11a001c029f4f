/**
 * What integration tests know of the running local stack, and a small HTTP client that talks
 * to it as any API client would.
 */
import { inject } from 'vitest';
import { z } from 'zod';

const tokensSchema = z.record(z.string(), z.string());

export const localStackStateSchema = z.object({
  apiUrl: z.string(),
  docsUrl: z.string(),
  tenants: z.array(z.object({ id: z.string(), name: z.string(), issuer: z.string(), tokens: tokensSchema })),
  providers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      engagedTenantIds: z.array(z.string()),
      tokens: tokensSchema,
    }),
  ),
  platform: z.object({ tokens: tokensSchema }),
});

export type LocalStackState = z.infer<typeof localStackStateSchema>;

declare module 'vitest' {
  export interface ProvidedContext {
    localStack: unknown;
  }
}

export const localStack = (): LocalStackState => localStackStateSchema.parse(inject('localStack'));

export interface ApiResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  /** Sent verbatim instead of JSON-encoding `body`. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const api = async (
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse> => {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${localStack().apiUrl}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // Not JSON (the docs page): keep the text.
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
};

export interface TestTenant {
  readonly id: string;
  readonly tokens: Readonly<Record<string, string>>;
}

/** A fresh tenant of its own for a test file, so counts are not disturbed by other files. */
export const createTestTenant = async (prefix: string): Promise<TestTenant> => {
  const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
  const response = await api('POST', '/_local/tenants', { body: { id, name: `Test ${prefix}` } });
  if (response.status !== 201) throw new Error(`could not create tenant ${id}: ${response.text}`);
  return z.object({ id: z.string(), tokens: tokensSchema }).parse(response.body);
};

export const tokenOf = (tenant: TestTenant, role: string): string => {
  const token = tenant.tokens[role];
  if (token === undefined) throw new Error(`tenant ${tenant.id} has no ${role} token`);
  return token;
};

/** Polls until `check` returns a value (not undefined) or the time is up. */
export const eventually = async <T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};
